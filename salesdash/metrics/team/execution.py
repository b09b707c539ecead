"""Effort against skill: activities per rep against win rate, and the mix of activity types."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.team.figures import activities_by, scoped_activities
from salesdash.metrics.team.team import rep_figures
from salesdash.tables import Tables, in_window

__all__ = ["QUADRANTS", "activity_mix", "activity_quadrant"]

QUADRANTS = ("busy_converting", "busy_not_converting", "converting_idle", "idle_not_converting")


def _quadrant(activities: float, win_rate: float, median_activities: float, median_win_rate: float) -> str | None:
    if pd.isna(win_rate):
        return None
    busy, converting = activities >= median_activities, win_rate >= median_win_rate
    if busy:
        return "busy_converting" if converting else "busy_not_converting"
    return "converting_idle" if converting else "idle_not_converting"


def activity_quadrant(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per rep of `rep_figures`: activities in the window (0 when none), win_rate, the medians of both
    over reps with a win rate, and the quadrant: busy (activities ≥ median) or idle, converting
    (win_rate ≥ median) or not. Reps without closed deals have no win rate and no quadrant."""
    columns = ["rep_id", "rep_name", "activities", "win_rate", "median_activities", "median_win_rate", "quadrant"]
    if not tables.has("activities") or not tables.has("opportunities"):
        return pd.DataFrame(columns=columns)
    reps = rep_figures(tables, filters, window)[["rep_id", "rep_name", "win_rate"]]
    frame = reps.merge(activities_by(tables, filters, window, "rep_id"), on="rep_id", how="outer")
    frame["activities"] = frame["activities"].astype("float64").fillna(0.0)
    frame["win_rate"] = frame["win_rate"].astype("float64")
    rated = frame[frame["win_rate"].notna()]
    frame["median_activities"] = rated["activities"].median() if not rated.empty else None
    frame["median_win_rate"] = rated["win_rate"].median() if not rated.empty else None
    frame["quadrant"] = [
        _quadrant(a, w, ma, mw)
        for a, w, ma, mw in zip(
            frame["activities"], frame["win_rate"], frame["median_activities"], frame["median_win_rate"], strict=True
        )
    ]
    return frame.sort_values("rep_id")[columns].reset_index(drop=True)


def activity_mix(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Activities in the window per type (null type shown as '—'), with each type's share of the total."""
    if not tables.has("activities"):
        return pd.DataFrame(columns=["activity_type", "activities", "share"])
    rows = scoped_activities(tables, filters)
    rows = rows.filter(in_window(rows.activity_date, window))
    kind = rows.activity_type.fill_null("—").name("activity_type")
    frame = rows.group_by(kind).aggregate(activities=rows.count()).execute()
    frame["activities"] = frame["activities"].astype("float64")
    total = frame["activities"].sum()
    frame["share"] = frame["activities"] / total if total else None
    return frame.sort_values(["activities", "activity_type"], ascending=[False, True]).reset_index(drop=True)
