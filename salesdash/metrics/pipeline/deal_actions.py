"""The deals a manager must look at: stalled, past their expected close, large but early; after-sales;
and the deals behind any point of a Pipeline chart."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.pipeline.deal_stages import FUNNEL_STAGES, created_in_window, furthest_stages, pipeline_as_of
from salesdash.metrics.pipeline.funnel import stage_durations
from salesdash.metrics.pipeline.outcomes import BREAKDOWNS, closed_deals
from salesdash.metrics.pipeline.pipeline import deals, pipeline_summary
from salesdash.tables import Tables, in_window

__all__ = [
    "ACTION_COLUMNS",
    "DEAL_COLUMNS",
    "DRILL_SOURCES",
    "STALL_FACTOR",
    "action_list",
    "after_sales",
    "deals_behind",
    "large_deal_threshold",
]

STALL_FACTOR = 2.0
EARLY_STAGES = ("contact", "needs_analysis")
DRILL_LIMIT = 1000
# Who and what a deal is: the first columns of every deal list.
_DEAL_IDENTITY = ["opportunity_id", "customer_id", "customer_name", "rep_id", "rep_name", "stage", "amount"]
DEAL_COLUMNS = [
    *_DEAL_IDENTITY,
    "created_date",
    "expected_close_date",
    "closed_date",
    "lost_reason",
    "competitor",
]
ACTION_COLUMNS = [
    *_DEAL_IDENTITY,
    "age_days",
    "days_in_stage",
    "expected_close_date",
    "stalled",
    "overdue",
    "large_early",
]
DRILL_SOURCES = ("funnel", "outcome", "lost_reason", "competitor", "forecast", *BREAKDOWNS)


def _days(later: date | ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    return ibis.literal(later).delta(earlier, unit="day") if isinstance(later, date) else later.delta(earlier, "day")


def large_deal_threshold(tables: Tables, filters: Filters, window: Window) -> float | None:
    """A 'large' deal's amount: the setting `pipeline_large_deal_amount`, else twice the average won deal size
    of the window; None when neither is known."""
    saved = tables.settings.get("pipeline_large_deal_amount")
    if saved not in (None, ""):
        return float(saved)
    size = pipeline_summary(tables, filters, window)["avg_deal_size"]
    return 2 * size if size else None


def _last_stage_change(tables: Tables) -> ir.Table:
    history = tables.table("stage_history")
    return history.group_by(_id=history.opportunity_id).aggregate(_changed=history.entered_date.max())


def action_list(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Open deals that need action as of the window's end (or the latest data date): `stalled` (no stage change
    for over 2× the median days of their stage, from stage history), `overdue` (expected close passed) or
    `large_early` (amount ≥ `large_deal_threshold` while in contact or needs analysis); largest first."""
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=ACTION_COLUMNS)
    as_of = pipeline_as_of(tables, window)
    table = deals(tables, filters)
    table = table.filter(table.is_open)
    stalled: ir.BooleanValue = ibis.literal(False)
    days_in_stage: ir.Value = ibis.null("int64")
    if tables.has("stage_history"):
        changes = _last_stage_change(tables)
        table = table.left_join(changes, table.opportunity_id == changes._id).drop("_id")
        days_in_stage = _days(as_of, table._changed)
        medians = stage_durations(tables, filters).dropna(subset=["median_days"])
        limit = ibis.cases(*[(table.stage == r.stage, STALL_FACTOR * r.median_days) for r in medians.itertuples()])
        stalled = (days_in_stage > limit).fill_null(False) if len(medians) else stalled
    threshold = large_deal_threshold(tables, filters, window)
    large = table.stage.isin(EARLY_STAGES) & (table.amount >= threshold) if threshold else ibis.literal(False)
    table = table.mutate(
        age_days=_days(as_of, table.created_date),
        days_in_stage=days_in_stage,
        stalled=stalled,
        overdue=(table.expected_close_date < ibis.literal(as_of)).fill_null(False),
        large_early=large.fill_null(False),
    )
    table = table.filter(table.stalled | table.overdue | table.large_early)
    frame = table.select(*ACTION_COLUMNS).order_by([ibis.desc("amount"), "opportunity_id"]).execute()
    return frame.astype({"stalled": bool, "overdue": bool, "large_early": bool})


def after_sales(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Won deals now in the after-sales stage, with `days_since_won` = days from closed_date to the window's end
    (or the latest data date); longest first."""
    columns = ["opportunity_id", "customer_id", "customer_name", "rep_id", "rep_name", "amount", "closed_date"]
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=[*columns, "days_since_won"])
    as_of = pipeline_as_of(tables, window)
    table = deals(tables, filters)
    table = table.filter(table.stage == "after_sales")
    table = table.mutate(days_since_won=_days(as_of, table.closed_date))
    ordered = table.select(*columns, "days_since_won").order_by([ibis.desc("days_since_won"), "opportunity_id"])
    return ordered.execute()


def _behind(tables: Tables, filters: Filters, window: Window, source: str, value: str) -> ir.Table:
    if source == "funnel":
        table = created_in_window(furthest_stages(tables, filters), window)
        return table.filter(table.furthest >= FUNNEL_STAGES.index(value))
    if source == "forecast":
        table = deals(tables, filters)
        table = table.filter(table.is_open)
        if value in ("", "no_date"):
            return table.filter(table.expected_close_date.isnull())
        if value == "overdue":
            this_month = pipeline_as_of(tables, window).replace(day=1)
            return table.filter(table.expected_close_date < ibis.literal(this_month))
        month = table.expected_close_date.truncate("M").cast("date")
        return table.filter(month == ibis.literal(date.fromisoformat(value)))
    if source in BREAKDOWNS:
        table = deals(tables, filters)
        closed = table.closed_date.notnull() & in_window(table.closed_date, window)
        key = ibis.coalesce(table[BREAKDOWNS[source]], "—")
        return table.filter((key == value) & (closed | table.is_open))
    table = closed_deals(tables, filters, window)
    if source == "outcome":
        return table.filter(table.closed_date.truncate("M").cast("date") == ibis.literal(date.fromisoformat(value)))
    if source == "lost_reason":
        return table.filter((table.status == "lost") & (ibis.coalesce(table.lost_reason, "—") == value))
    return table.filter(table.competitor == value)


def deals_behind(tables: Tables, filters: Filters, window: Window, source: str, value: str) -> pd.DataFrame:
    """The deals behind one point of a Pipeline chart (`source` one of DRILL_SOURCES, `value` the point's key),
    largest first, at most 1,000 rows. funnel: created in the window and reached the stage; outcome: closed in
    that month; lost_reason / competitor: closed in the window; forecast: open, expected to close in that
    month ('no_date': without a date; 'overdue': before the as-of month); segment/category/region/rep: closed in the window or open."""
    if not tables.has("opportunities") or source not in DRILL_SOURCES:
        return pd.DataFrame(columns=DEAL_COLUMNS)
    table = _behind(tables, filters, window, source, value)
    ordered = table.select(*DEAL_COLUMNS).order_by([ibis.desc("amount"), "opportunity_id"])
    return ordered.limit(DRILL_LIMIT).execute()
