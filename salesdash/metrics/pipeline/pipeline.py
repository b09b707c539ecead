"""Pipeline figures over the latest snapshot of each opportunity (docs/figures.md)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import scalar
from salesdash.schema import DEFAULT_STAGE_PROBABILITY
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["PIPELINE_KEYS", "deals", "pipeline_summary", "stage_probabilities"]

PIPELINE_KEYS = (
    "open_value",
    "weighted_value",
    "win_rate",
    "value_win_rate",
    "avg_cycle_days",
    "avg_deal_size",
    "won",
    "lost",
    "open",
)


def stage_probabilities(tables: Tables) -> dict[str, float]:
    """The stage probabilities in force: the defaults, overridden by the saved setting."""
    saved = tables.settings.get("stage_probabilities", {})
    return {stage: float(saved.get(stage, p)) for stage, p in DEFAULT_STAGE_PROBABILITY.items()}


def deals(tables: Tables, filters: Filters) -> ir.Table:
    """The latest snapshot of each opportunity inside the filters' scope."""
    return apply_dimensions(tables.opportunities(), filters)


def _probability(table: ir.Table, probabilities: dict[str, float]) -> ir.FloatingValue:
    cases = [(table.stage == stage, p) for stage, p in probabilities.items()]
    return ibis.cases(*cases, else_=0.0)


def pipeline_summary(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """open_value = Σ amount of open deals; weighted_value = Σ amount × stage probability;
    win_rate = won / (won + lost) of deals closed in the window; value_win_rate the same by amount;
    avg_cycle_days = mean(closed − created) of won; avg_deal_size = mean amount of won.
    """
    if not tables.has("opportunities"):
        return dict.fromkeys(PIPELINE_KEYS)
    table = deals(tables, filters)
    closed = table.closed_date.notnull() & in_window(table.closed_date, window)
    won = closed & (table.status == "won")
    lost = closed & (table.status == "lost")
    cycle = table.closed_date.delta(table.created_date, unit="day").cast("float64")
    row = (
        table.aggregate(
            open_value=table.amount.sum(where=table.is_open),
            weighted_value=(table.amount * _probability(table, stage_probabilities(tables))).sum(where=table.is_open),
            open=table.count(where=table.is_open),
            won=table.count(where=won),
            lost=table.count(where=lost),
            won_value=table.amount.sum(where=won),
            lost_value=table.amount.sum(where=lost),
            avg_cycle_days=cycle.mean(where=won),
            avg_deal_size=table.amount.mean(where=won),
        )
        .execute()
        .iloc[0]
    )
    n_won, n_lost = int(row["won"]), int(row["lost"])
    won_value, lost_value = scalar(row["won_value"]) or 0.0, scalar(row["lost_value"]) or 0.0
    return {
        # Open deals often have no amount yet: they add nothing to the value.
        "open_value": scalar(row["open_value"]) or 0.0,
        "weighted_value": scalar(row["weighted_value"]) or 0.0,
        "win_rate": n_won / (n_won + n_lost) if n_won + n_lost else None,
        "value_win_rate": won_value / (won_value + lost_value) if won_value + lost_value else None,
        "avg_cycle_days": scalar(row["avg_cycle_days"]),
        "avg_deal_size": scalar(row["avg_deal_size"]),
        "won": float(n_won),
        "lost": float(n_lost),
        "open": float(row["open"]),
    }
