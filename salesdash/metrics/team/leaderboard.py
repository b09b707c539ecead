"""The leaderboard: per-rep figures with rank and rank change, and the per-team roll-up (docs/figures.md, Team).

Rank is the competition rank ("1224") by revenue, highest first: a rep's rank is 1 + the number of reps
in the same leaderboard with strictly more revenue, so tied reps share a rank and the next rank is skipped.
rank_change = rank in the comparison window − rank in the window (positive = moved up); null when the rep
has no rank in the comparison window or there is no comparison window.
"""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.metrics.targets.targets import rep_directory, targets_by, targets_in_window
from salesdash.metrics.team.figures import activities_by, deal_figures_by, new_customers_by, revenue_by
from salesdash.metrics.team.team import REP_COLUMNS, rep_figures
from salesdash.tables import Tables

__all__ = ["LEADERBOARD_COLUMNS", "TEAM_COLUMNS", "competition_rank", "leaderboard", "team_rollup"]

LEADERBOARD_COLUMNS = [
    "rank",
    "previous_rank",
    "rank_change",
    *REP_COLUMNS,
    "team",
    "avg_deal_size",
    "avg_cycle_days",
    "activities",
    "new_customers",
]
TEAM_COLUMNS = [
    "team",
    "reps",
    "revenue",
    "target",
    "attainment",
    "won",
    "lost",
    "win_rate",
    "avg_deal_size",
    "avg_cycle_days",
    "activities",
    "new_customers",
]


def competition_rank(values: pd.Series) -> pd.Series:
    """1 + the number of strictly greater values ("1224" ranking); missing values get no rank."""
    return values.astype("float64").rank(method="min", ascending=False).astype("Int64")


def _ranks(tables: Tables, filters: Filters, window: Window | None) -> pd.DataFrame:
    if window is None or not tables.has_revenue:
        return pd.DataFrame({"rep_id": pd.Series(dtype="object"), "previous_rank": pd.Series(dtype="Int64")})
    figures = rep_figures(tables, filters, window)
    return pd.DataFrame({"rep_id": figures["rep_id"], "previous_rank": competition_rank(figures["revenue"])})


def _counts(tables: Tables, filters: Filters, window: Window, key: str) -> pd.DataFrame:
    """Deal size and cycle, activities and new customers per key, outer-joined; counts absent mean 0."""
    frame = deal_figures_by(tables, filters, window, key).drop(columns=["won", "lost"])
    for extra in (activities_by(tables, filters, window, key), new_customers_by(tables, filters, window, key)):
        frame = frame.merge(extra, on=key, how="outer")
    return frame


def leaderboard(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """One row per rep of `rep_figures` (revenue, target, attainment, won, lost, win_rate, same values),
    with rank (competition rank by revenue), previous_rank and rank_change against the comparison window,
    team, avg_deal_size, avg_cycle_days, activities (count in the window; null without activities) and
    new_customers (customers whose first-ever order falls in the window, credited to that order's rep).
    Sorted by rank, then rep_id.
    """
    frame = rep_figures(tables, filters, window)
    frame["rank"] = competition_rank(frame["revenue"]) if tables.has_revenue else pd.NA
    frame = frame.merge(_ranks(tables, filters, comparison), on="rep_id", how="left")
    frame["rank_change"] = (frame["previous_rank"] - frame["rank"]).astype("Int64")
    frame = frame.merge(_counts(tables, filters, window, "rep_id"), on="rep_id", how="left")
    frame = frame.merge(_teams(tables), on="rep_id", how="left")
    _fill_counts(tables, frame)
    frame = frame.sort_values(["rank", "rep_id"], na_position="last")
    return frame[LEADERBOARD_COLUMNS].reset_index(drop=True)


def _teams(tables: Tables) -> pd.DataFrame:
    if not tables.has("reps") and not tables.has_revenue:
        return pd.DataFrame(columns=["rep_id", "team"])
    # Once per data version: the directory depends on no filter.
    return tables.remembered(("rep_teams",), rep_directory(tables).select("rep_id", "team").execute)


def _fill_counts(tables: Tables, frame: pd.DataFrame) -> None:
    """Counts a loaded table could have given are 0 when absent; without the table they stay null."""
    for column, loaded in (("activities", tables.has("activities")), ("new_customers", tables.has_revenue)):
        frame[column] = frame[column].astype("float64").fillna(0.0) if loaded else None


def team_targets(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per team: Σ team-level targets in the window (pro rata), else Σ its reps' targets (docs/figures.md, Targets)."""
    if not tables.has("targets") or filters.has_product_or_segment:
        return pd.DataFrame(columns=["team", "target"])
    own = targets_by(tables, filters, window, "team").rename(columns={"level_id": "team"})
    rows = targets_in_window(tables, filters, window)
    rows = rows.filter((rows.level == "rep") & rows.m_team.notnull())
    finer = rows.group_by(team=rows.m_team).aggregate(target=rows.prorated.sum()).execute()
    finer = finer[~finer["team"].isin(own["team"])]
    return pd.concat([own, finer], ignore_index=True)


def team_rollup(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """One row per team (the orders' team for revenue, the rep's team for deals and activities): reps with
    revenue, revenue, target (team targets, else Σ rep targets), attainment, won, lost, win_rate,
    avg_deal_size, avg_cycle_days, activities, new_customers. Sorted by revenue, highest first."""
    frame = revenue_by(tables, filters, window, "team")
    frame = frame.merge(_team_reps(tables, filters, window), on="team", how="outer")
    frame = frame.merge(deal_figures_by(tables, filters, window, "team"), on="team", how="outer")
    frame = frame.merge(
        _counts(tables, filters, window, "team").drop(columns=["avg_deal_size", "avg_cycle_days"]),
        on="team",
        how="outer",
    )
    frame = frame.merge(team_targets(tables, filters, window), on="team", how="outer")
    frame["target"] = frame["target"].astype("float64")
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0) if tables.has_revenue else None
    frame["attainment"] = frame["revenue"] / frame["target"].where(frame["target"] != 0)
    for column in ("won", "lost"):
        frame[column] = frame[column].astype("float64").fillna(0.0) if tables.has("opportunities") else None
    decided = frame["won"] + frame["lost"]
    frame["win_rate"] = frame["won"] / decided.where(decided != 0)
    frame["reps"] = frame["reps"].astype("float64").fillna(0.0)
    _fill_counts(tables, frame)
    frame = frame.sort_values(["revenue", "team"], ascending=[False, True], na_position="last")
    return frame[TEAM_COLUMNS].reset_index(drop=True)


def _team_reps(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Distinct reps with an order line of the team in the window."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=["team", "reps"])
    orders = filtered_orders(tables, filters, window)
    orders = orders.filter(orders.team.notnull())
    return orders.group_by("team").aggregate(reps=orders.rep_id.nunique()).execute()
