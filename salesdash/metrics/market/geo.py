"""Revenue by Chinese province or by country, for the Market page's map."""

from __future__ import annotations

import pandas as pd

from salesdash.charts.places import PROVINCES, country_code, country_names, province_key
from salesdash.filters import Filters, Window
from salesdash.metrics.market.mix import mix_breakdown
from salesdash.metrics.sales import growth
from salesdash.tables import Tables

__all__ = ["geo_revenue"]


def geo_revenue(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> dict[str, object]:
    """Revenue and growth per place, at the finest of: Chinese province (when at least one province name of
    the window's lines is a known one), else country. Returns `{"level": "province" | "country" | None,
    "places": DataFrame, "unplaced": revenue of lines whose place is missing or unknown}`. Places carry `key`
    (a province key of `PROVINCES`, or a country's ISO 3166-1 alpha-3 code: the outlines' ids), `name` and
    `name_zh`; provinces also `lat`, `lon` (the capital's coordinates). Names match as
    `salesdash.charts.places` says (docs/figures.md, "Maps")."""
    provinces = mix_breakdown(tables, filters, window, comparison, "province")
    keys = provinces["value"].map(province_key)
    if keys.notna().any():
        placed = provinces[keys.notna()].assign(key=keys[keys.notna()])
        placed = placed.groupby("key", as_index=False)[["revenue", "previous", "change"]].sum(min_count=1)
        placed["name"] = placed["key"].map(lambda k: PROVINCES[k][0])
        placed["name_zh"] = placed["key"].map(lambda k: PROVINCES[k][1])
        placed["lat"] = placed["key"].map(lambda k: PROVINCES[k][2])
        placed["lon"] = placed["key"].map(lambda k: PROVINCES[k][3])
        return _result("province", placed, float(provinces.loc[keys.isna(), "revenue"].sum()))
    countries = mix_breakdown(tables, filters, window, comparison, "country")
    codes = countries["value"].map(lambda v: country_code(str(v)))
    known = codes.notna()
    if not known.any():
        return {"level": None, "places": pd.DataFrame(), "unplaced": float(countries["revenue"].sum())}
    placed = countries[known].assign(key=codes[known])
    placed = placed.groupby("key", as_index=False)[["revenue", "previous", "change"]].sum(min_count=1)
    placed["name"] = placed["key"].map(lambda k: country_names(k)[0])
    placed["name_zh"] = placed["key"].map(lambda k: country_names(k)[1])
    return _result("country", placed, float(countries.loc[~known, "revenue"].sum()))


def _result(level: str, placed: pd.DataFrame, unplaced: float) -> dict[str, object]:
    placed["growth"] = [growth(n, p) for n, p in zip(placed["revenue"], placed["previous"], strict=True)]
    return {"level": level, "places": placed.sort_values("revenue", ascending=False), "unplaced": unplaced}
