"""Per-rep figures for the leaderboard (docs/figures.md, Team)."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.metrics.targets.targets import targets_by
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["REP_COLUMNS", "rep_figures"]

REP_COLUMNS = ["rep_id", "rep_name", "revenue", "target", "attainment", "won", "lost", "win_rate"]


def _rep_revenue(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    if not tables.has_revenue:
        return pd.DataFrame(columns=["rep_id", "rep_name", "revenue"])
    orders = filtered_orders(tables, filters, window)
    orders = orders.filter(orders.rep_id.notnull())
    return orders.group_by("rep_id").aggregate(rep_name=orders.rep_name.max(), revenue=orders.revenue.sum()).execute()


def _rep_deals(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["rep_id", "won", "lost"])
    deals = apply_dimensions(tables.opportunities(), filters)
    deals = deals.filter(deals.rep_id.notnull() & deals.closed_date.notnull())
    deals = deals.filter(in_window(deals.closed_date, window))
    closed = deals.closed_date.notnull()
    return (
        deals.group_by("rep_id")
        .aggregate(
            won=deals.count(where=closed & (deals.status == "won")),
            lost=deals.count(where=closed & (deals.status == "lost")),
        )
        .execute()
    )


def _rep_names(tables: Tables) -> pd.DataFrame:
    """The directory's name of every rep, read once per data version (it depends on no filter)."""
    if not tables.has("reps"):
        return pd.DataFrame(columns=["rep_id", "directory_name"])
    reps = tables.table("reps")
    names = reps.select("rep_id", directory_name=reps.rep_name).distinct(on="rep_id", keep="first")
    return tables.remembered(("rep_names",), names.execute)


def rep_figures(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """One row per rep with revenue, closed deals or a target in the scope and window: revenue, target (rep level, pro rata),
    attainment = revenue / target, won, lost, win_rate = won / (won + lost); sorted by revenue, then rep_id.

    Computed once per (filters, window) and data version: the headline, leaderboard, spread, commission
    and execution figures of a page all start from it.
    """
    return tables.remembered(("rep_figures", filters, window), lambda: _rep_figures(tables, filters, window))


def _rep_figures(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    revenue = _rep_revenue(tables, filters, window)
    deals = _rep_deals(tables, filters, window)
    targets = targets_by(tables, filters, window, "rep").rename(columns={"level_id": "rep_id"})
    frame = revenue.merge(deals, on="rep_id", how="outer").merge(targets, on="rep_id", how="outer")
    frame = frame.merge(_rep_names(tables), on="rep_id", how="left")
    frame["rep_name"] = frame["rep_name"].where(frame["rep_name"].notna(), frame["directory_name"])
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0) if tables.has_revenue else None
    for column in ("won", "lost"):
        frame[column] = frame[column].astype("float64").fillna(0.0) if tables.has("opportunities") else None
    frame["target"] = frame["target"].astype("float64")
    frame["attainment"] = frame["revenue"] / frame["target"].where(frame["target"] != 0)
    decided = frame["won"] + frame["lost"] if tables.has("opportunities") else None
    frame["win_rate"] = frame["won"] / decided.where(decided != 0) if decided is not None else None
    frame = frame.sort_values(["revenue", "rep_id"], ascending=[False, True], na_position="last")
    return frame[REP_COLUMNS].reset_index(drop=True)
