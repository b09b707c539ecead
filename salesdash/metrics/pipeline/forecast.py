"""What the open pipeline will bring in: forecast by expected-close month, calibrated stage probabilities,
and coverage of the remaining gap to target (docs/figures.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window, month_bounds, preset_window, shift_years
from salesdash.metrics.pipeline.deal_stages import furthest_stages, pipeline_as_of
from salesdash.metrics.pipeline.pipeline import deals, stage_probabilities
from salesdash.metrics.sales import sales_summary, scalar
from salesdash.metrics.targets.targets import target_for
from salesdash.schema import OPEN_STAGES
from salesdash.tables import Tables

__all__ = [
    "COVERAGE_PERIODS",
    "calibrated_probabilities",
    "coverage",
    "coverage_period",
    "forecast_by_month",
    "probability_table",
    "weighted_amount",
]

COVERAGE_PERIODS = ("month", "quarter", "year")


# Expected closes before this month share one bucket; a sentinel date every engine can carry.
OVERDUE = date(1900, 1, 1)


def weighted_amount(table: ir.Table, probabilities: dict[str, float]) -> ir.FloatingValue:
    """amount × the probability of the deal's stage (0 for a stage without one; a missing amount adds 0)."""
    probability = ibis.cases(*[(table.stage == s, p) for s, p in probabilities.items()], else_=0.0)
    return table.amount.fill_null(0.0) * probability


def probability_table(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per open stage: the probability in force (`default`: defaults or the saved setting) and the calibrated
    one = among deals closed by the window's end that reached the stage, the share won (`calibrated`), with
    the counts behind it (`reached_closed`, `reached_won`)."""
    defaults = stage_probabilities(tables)
    frame = pd.DataFrame({"stage": list(OPEN_STAGES), "default": [defaults[s] for s in OPEN_STAGES]})
    if not tables.has("opportunities"):
        return frame.assign(calibrated=None, reached_closed=0, reached_won=0)
    table = furthest_stages(tables, filters)
    table = table.filter(table.status.isin(("won", "lost")) & (table.closed_date <= ibis.literal(window.end)))
    aggregates = {}
    for rank, _ in enumerate(OPEN_STAGES):
        reached = table.furthest >= rank
        aggregates[f"n{rank}"] = table.count(where=reached)
        aggregates[f"w{rank}"] = table.count(where=reached & (table.status == "won"))
    row = table.aggregate(**aggregates).execute().iloc[0]
    frame["reached_closed"] = [int(row[f"n{r}"]) for r in range(len(OPEN_STAGES))]
    frame["reached_won"] = [int(row[f"w{r}"]) for r in range(len(OPEN_STAGES))]
    frame["calibrated"] = [
        w / n if n else None for w, n in zip(frame["reached_won"], frame["reached_closed"], strict=True)
    ]
    frame["calibrated"] = frame["calibrated"].astype("float64")
    return frame[["stage", "default", "calibrated", "reached_closed", "reached_won"]]


def calibrated_probabilities(tables: Tables, filters: Filters, window: Window) -> dict[str, float]:
    """The calibrated probability of each open stage; a stage no closed deal reached keeps its default."""
    frame = probability_table(tables, filters, window)
    return {r.stage: float(r.calibrated) if pd.notna(r.calibrated) else float(r.default) for r in frame.itertuples()}


def forecast_by_month(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Open deals per expected-close month from the as-of month on (`period` = month start, `bucket` 'month'),
    then those already past it (`bucket` 'overdue') and those without a close date ('no_date'; both with a
    null period): `deals`, `open_value`, `weighted` (default probabilities), `calibrated` (calibrated ones)."""
    columns = ["bucket", "period", "deals", "open_value", "weighted", "calibrated"]
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=columns)
    table = deals(tables, filters)
    table = table.filter(table.is_open)
    this_month = pipeline_as_of(tables, window).replace(day=1)
    month = table.expected_close_date.truncate("M").cast("date")
    period = ibis.ifelse(month < ibis.literal(this_month), ibis.literal(OVERDUE), month).name("period")
    frame = (
        table.group_by(period)
        .aggregate(
            deals=table.count(),
            open_value=table.amount.sum(),
            weighted=weighted_amount(table, stage_probabilities(tables)).sum(),
            calibrated=weighted_amount(table, calibrated_probabilities(tables, filters, window)).sum(),
        )
        .execute()
    )
    periods = [pd.Timestamp(p).date() if pd.notna(p) else None for p in frame["period"]]
    frame["bucket"] = ["no_date" if p is None else "overdue" if p == OVERDUE else "month" for p in periods]
    frame["period"] = [p if p != OVERDUE else None for p in periods]
    for column in ("open_value", "weighted", "calibrated"):
        frame[column] = frame[column].astype("float64").fillna(0.0)
    order = frame["bucket"].map({"month": 0, "overdue": 1, "no_date": 2})
    day = [p.toordinal() if p is not None else 0 for p in frame["period"]]
    frame = frame.assign(_order=order, _day=day).sort_values(["_order", "_day"])
    return frame[columns].reset_index(drop=True)


def coverage_period(tables: Tables, as_of: date, period: str) -> Window:
    """The calendar month, (fiscal) quarter or (fiscal) year that contains `as_of`."""
    if period == "month":
        return month_bounds(as_of.year, as_of.month)
    if period == "quarter":
        start = preset_window("quarter", as_of, tables.fiscal_first_month).start
        end_month = month_bounds(start.year + (start.month + 1) // 12, (start.month + 1) % 12 + 1)
        return Window(start, end_month.end)
    start = preset_window("year", as_of, tables.fiscal_first_month).start
    return Window(start, shift_years(start, 1) - timedelta(days=1))


def coverage(tables: Tables, filters: Filters, window: Window, period: str = "year") -> dict[str, Any]:
    """coverage = open value expected to close in the rest of the period (expected close from `as_of` to the
    period's end) / remaining gap to target (target of the period − revenue from its start to `as_of`);
    `weighted_coverage` and `calibrated_coverage` use the weighted values. None when no gap is left or
    the target is unknown."""
    as_of = pipeline_as_of(tables, window)
    bounds = coverage_period(tables, as_of, period)
    revenue = sales_summary(tables, filters, Window(bounds.start, as_of))["revenue"] or 0.0
    target = target_for(tables, filters, bounds)
    gap = target - revenue if target is not None else None
    values = _open_in_rest(tables, filters, window, as_of, bounds.end)
    usable = gap is not None and gap > 0

    def ratio(value: float) -> float | None:
        return value / gap if usable and gap else None

    return {
        "period_start": bounds.start,
        "period_end": bounds.end,
        "as_of": as_of,
        "target": target,
        "revenue_to_date": revenue,
        "gap": gap,
        **values,
        "coverage": ratio(values["open_in_rest"]),
        "weighted_coverage": ratio(values["weighted_in_rest"]),
        "calibrated_coverage": ratio(values["calibrated_in_rest"]),
    }


def _open_in_rest(tables: Tables, filters: Filters, window: Window, as_of: date, end: date) -> dict[str, float]:
    names = ("open_in_rest", "weighted_in_rest", "calibrated_in_rest")
    if not tables.has("opportunities"):
        return dict.fromkeys(names, 0.0)
    table = deals(tables, filters)
    rest = table.is_open & table.expected_close_date.between(ibis.literal(as_of), ibis.literal(end))
    table = table.filter(rest)
    row = (
        table.aggregate(
            open_in_rest=table.amount.sum(),
            weighted_in_rest=weighted_amount(table, stage_probabilities(tables)).sum(),
            calibrated_in_rest=weighted_amount(table, calibrated_probabilities(tables, filters, window)).sum(),
        )
        .execute()
        .iloc[0]
    )
    return {name: scalar(row[name]) or 0.0 for name in names}
