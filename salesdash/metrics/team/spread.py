"""How attainment is spread across reps, and roll-ups per manager (reps.manager)."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.team.team import rep_figures
from salesdash.tables import Tables

__all__ = ["ATTAINMENT_BANDS", "attainment_distribution", "attainment_spread", "manager_rollup"]

# Band lower bounds (attainment fractions); a band runs up to the next bound, the last one is open.
ATTAINMENT_BANDS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9, 1.0, 1.2, 1.5)
HIGH, LOW = 1.0, 0.7


def _attainments(tables: Tables, filters: Filters, window: Window) -> pd.Series:
    reps = rep_figures(tables, filters, window)
    return reps["attainment"].astype("float64").dropna()


def attainment_distribution(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Reps with a target per attainment band [low, high): columns band_start, band_end, reps.
    Attainment below 0 falls in the first band."""
    values = _attainments(tables, filters, window)
    ends = [*ATTAINMENT_BANDS[1:], float("inf")]
    rows = []
    for i, (start, end) in enumerate(zip(ATTAINMENT_BANDS, ends, strict=True)):
        inside = (values < end) if i == 0 else (values >= start) & (values < end)
        rows.append({"band_start": start, "band_end": end, "reps": int(inside.sum())})
    return pd.DataFrame(rows)


def attainment_spread(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """reps_with_target; share_at_or_above_100 = reps with attainment ≥ 100% / reps with a target;
    share_below_70 = reps with attainment < 70% / reps with a target; median_attainment."""
    values = _attainments(tables, filters, window)
    if values.empty:
        return {
            "reps_with_target": 0.0,
            "share_at_or_above_100": None,
            "share_below_70": None,
            "median_attainment": None,
        }
    return {
        "reps_with_target": float(len(values)),
        "share_at_or_above_100": float((values >= HIGH).mean()),
        "share_below_70": float((values < LOW).mean()),
        "median_attainment": float(values.median()),
    }


def _managers(tables: Tables) -> pd.DataFrame:
    reps = tables.table("reps")
    reps = reps.filter(reps.manager.notnull()).distinct(on="rep_id", keep="first")
    return reps.select("rep_id", "manager").execute()


def manager_rollup(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per manager (reps.manager) over their reps in `rep_figures`: reps, revenue, target (Σ rep targets),
    attainment = revenue / target, reps_at_or_above_100, reps_below_70. Empty without a manager column."""
    columns = ["manager", "reps", "revenue", "target", "attainment", "reps_at_or_above_100", "reps_below_70"]
    if not tables.has("reps"):
        return pd.DataFrame(columns=columns)
    frame = rep_figures(tables, filters, window).merge(_managers(tables), on="rep_id", how="inner")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["high"] = frame["attainment"] >= HIGH
    frame["low"] = frame["attainment"] < LOW
    grouped = frame.groupby("manager", as_index=False).agg(
        reps=("rep_id", "count"),
        revenue=("revenue", "sum"),
        target=("target", lambda s: s.sum(min_count=1)),
        reps_at_or_above_100=("high", "sum"),
        reps_below_70=("low", "sum"),
    )
    grouped["attainment"] = grouped["revenue"] / grouped["target"].where(grouped["target"] != 0)
    grouped = grouped.sort_values(["revenue", "manager"], ascending=[False, True])
    return (
        grouped[columns]
        .astype({"reps": "float64", "reps_at_or_above_100": "float64", "reps_below_70": "float64"})
        .reset_index(drop=True)
    )
