"""Won and lost: win rates over time, velocity, lost reasons, competitors and breakdowns (docs/figures.md)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.pipeline.pipeline import deals, pipeline_summary
from salesdash.tables import Tables, in_window

__all__ = [
    "BREAKDOWNS",
    "closed_deals",
    "competitor_win_rates",
    "lost_reasons",
    "outcomes_by",
    "outcomes_over_time",
    "velocity",
]

# Breakdown dimension → the deal column it groups by.
BREAKDOWNS = {"segment": "segment", "category": "category", "region": "region", "rep": "rep_id"}
_OUTCOME_COLUMNS = ["won", "lost", "won_value", "lost_value", "win_rate", "value_win_rate"]
_NONE = "—"


def closed_deals(tables: Tables, filters: Filters, window: Window) -> ir.Table:
    """Deals in scope won or lost with a closed_date in the window."""
    table = deals(tables, filters)
    return table.filter(
        table.closed_date.notnull() & in_window(table.closed_date, window) & table.status.isin(("won", "lost"))
    )


def _outcome_aggregates(table: ir.Table) -> dict[str, ir.Value]:
    won, lost = table.status == "won", table.status == "lost"
    return {
        "won": table.count(where=won),
        "lost": table.count(where=lost),
        "won_value": table.amount.sum(where=won),
        "lost_value": table.amount.sum(where=lost),
    }


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """win_rate = won / (won + lost); value_win_rate the same by amount; null where nothing closed."""
    for column in ("won", "lost"):
        frame[column] = frame[column].astype("int64")
    for column in ("won_value", "lost_value"):
        frame[column] = frame[column].astype("float64").fillna(0.0)
    decided = (frame["won"] + frame["lost"]).astype("float64")
    decided_value = frame["won_value"] + frame["lost_value"]
    frame["win_rate"] = frame["won"] / decided.where(decided != 0)
    frame["value_win_rate"] = frame["won_value"] / decided_value.where(decided_value != 0)
    return frame


def outcomes_over_time(tables: Tables, filters: Filters, window: Window, grain: str = "month") -> pd.DataFrame:
    """Per period of the closed date (`period` = its start): won, lost, their values, win_rate by count and
    value_win_rate by amount."""
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["period", *_OUTCOME_COLUMNS])
    table = closed_deals(tables, filters, window)
    unit = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[grain]
    period = table.closed_date.truncate(unit).cast("date").name("period")
    frame = table.group_by(period).aggregate(**_outcome_aggregates(table)).order_by("period").execute()
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return _with_rates(frame)[["period", *_OUTCOME_COLUMNS]]


def velocity(tables: Tables, filters: Filters, window: Window) -> float | None:
    """Pipeline velocity per day = open count × win_rate × avg_deal_size / avg_cycle_days; None when a part is
    unknown or the cycle is 0."""
    summary = pipeline_summary(tables, filters, window)
    parts = (summary["open"], summary["win_rate"], summary["avg_deal_size"], summary["avg_cycle_days"])
    if any(p is None for p in parts) or not summary["avg_cycle_days"]:
        return None
    open_count, win_rate, deal_size, cycle = (float(p) for p in parts)  # type: ignore[arg-type]
    return open_count * win_rate * deal_size / cycle


def lost_reasons(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Deals lost in the window per lost_reason (`deals`, `value`), most frequent first; no reason is '—'."""
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["lost_reason", "deals", "value"])
    table = closed_deals(tables, filters, window)
    table = table.filter(table.status == "lost")
    reason = ibis.coalesce(table.lost_reason, _NONE).name("lost_reason")
    frame = table.group_by(reason).aggregate(deals=table.count(), value=table.amount.sum()).execute()
    frame["value"] = frame["value"].astype("float64").fillna(0.0)
    return frame.sort_values(["deals", "lost_reason"], ascending=[False, True]).reset_index(drop=True)


def competitor_win_rates(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per competitor named on deals closed in the window: won, lost, values, win_rate and value_win_rate."""
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["competitor", *_OUTCOME_COLUMNS])
    table = closed_deals(tables, filters, window)
    table = table.filter(table.competitor.notnull())
    frame = table.group_by("competitor").aggregate(**_outcome_aggregates(table)).execute()
    frame = _with_rates(frame)[["competitor", *_OUTCOME_COLUMNS]]
    return frame.sort_values(["won", "lost", "competitor"], ascending=[False, False, True]).reset_index(drop=True)


def outcomes_by(tables: Tables, filters: Filters, window: Window, dimension: str) -> pd.DataFrame:
    """Per value of segment, category, region or rep (`key`, with `name` for reps): deals closed in the window
    (won, lost, values, win rates), avg_deal_size of won, and the open pipeline (`open`, `open_value`)."""
    columns = ["key", "name", *_OUTCOME_COLUMNS, "avg_deal_size", "open", "open_value"]
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=columns)
    table = deals(tables, filters)
    column = BREAKDOWNS[dimension]
    closed = table.closed_date.notnull() & in_window(table.closed_date, window)
    won, lost = closed & (table.status == "won"), closed & (table.status == "lost")
    key = ibis.coalesce(table[column], _NONE).name("key")
    frame = (
        table.group_by(key)
        .aggregate(
            name=table.rep_name.max() if dimension == "rep" else ibis.coalesce(table[column].max(), _NONE),
            won=table.count(where=won),
            lost=table.count(where=lost),
            won_value=table.amount.sum(where=won),
            lost_value=table.amount.sum(where=lost),
            avg_deal_size=table.amount.mean(where=won),
            open=table.count(where=table.is_open),
            open_value=table.amount.sum(where=table.is_open),
        )
        .execute()
    )
    frame = _with_rates(frame)
    frame["name"] = frame["name"].where(frame["name"].notna(), frame["key"])
    frame["open_value"] = frame["open_value"].astype("float64").fillna(0.0)
    frame = frame[(frame["won"] + frame["lost"] + frame["open"]) > 0]
    return frame.sort_values(["won_value", "key"], ascending=[False, True])[columns].reset_index(drop=True)
