"""Are we on track: revenue month by month beside the comparison period and the target."""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import revenue_over_time
from salesdash.metrics.targets import target_by_month
from salesdash.tables import Tables

__all__ = ["monthly_on_track"]


def monthly_on_track(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """Revenue and orders per month of the window (`period` = month start) with `previous`, the revenue of the
    comparison window's month as many months after its start (null where it had no lines), and `target`, the
    month's target pro rata (docs/figures.md, Targets).

    Columns: period, revenue, orders, previous (when `comparison` is given), target.
    """
    trend = revenue_over_time(tables, filters, window)
    if comparison is not None:
        before = revenue_over_time(tables, filters, comparison)
        previous = dict(zip(_offsets(before["period"], comparison.start), before["revenue"], strict=True))
        trend = trend.assign(previous=[previous.get(k) for k in _offsets(trend["period"], window.start)])
    return trend.merge(target_by_month(tables, filters, window), on="period", how="left")


def _offsets(periods: pd.Series, start: date) -> list[int]:
    """Months from the month of `start` to each period (0 for the window's first month)."""
    return [(p.year - start.year) * 12 + p.month - start.month for p in periods]
