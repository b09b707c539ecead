"""Revenue by Chinese province or by country, for the Market page's map."""

from __future__ import annotations

import pandas as pd

from salesdash.charts.places import PROVINCES, country_name, province_key
from salesdash.filters import Filters, Window
from salesdash.metrics.market.mix import mix_breakdown
from salesdash.metrics.sales import growth
from salesdash.tables import Tables

__all__ = ["geo_revenue"]


def geo_revenue(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> dict[str, object]:
    """Revenue and growth per place, at the finest of: Chinese province (when at least one province name of
    the window's lines is a known one), else country. Returns `{"level": "province" | "country" | None,
    "places": DataFrame, "unplaced": revenue of lines whose place is missing or unknown}`; provinces carry
    `name`, `lat`, `lon` (the capital's coordinates), countries the English `name` plotly knows."""
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
    known = countries["value"] != "—"
    if not known.any():
        return {"level": None, "places": pd.DataFrame(), "unplaced": float(countries["revenue"].sum())}
    placed = countries[known].assign(name=countries.loc[known, "value"].map(country_name))
    placed = placed.groupby("name", as_index=False)[["revenue", "previous", "change"]].sum(min_count=1)
    return _result("country", placed, float(countries.loc[~known, "revenue"].sum()))


def _result(level: str, placed: pd.DataFrame, unplaced: float) -> dict[str, object]:
    placed["growth"] = [growth(n, p) for n, p in zip(placed["revenue"], placed["previous"], strict=True)]
    return {"level": level, "places": placed.sort_values("revenue", ascending=False), "unplaced": unplaced}
