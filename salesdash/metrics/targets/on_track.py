"""Are we on track: revenue month by month beside the comparison period and the target."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.month_trend import month_trend
from salesdash.metrics.targets.targets import target_by_month
from salesdash.tables import Tables

__all__ = ["monthly_on_track"]


def monthly_on_track(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """The Overview's trend in one frame: `month_trend` (period, revenue, previous, partial, through: the
    comparison's month at the same position, like for like in a partial month) with `target`, the month's
    target pro rata (docs/figures.md, Sales and Targets)."""
    trend = month_trend(tables, filters, window, comparison)
    return trend.merge(target_by_month(tables, filters, window), on="period", how="left")
