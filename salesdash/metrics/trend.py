"""Revenue, volume and orders over time, with a moving average and the comparison period overlaid.

Settings read from `tables.settings`:
- `market_moving_average` (int, default 3): periods in the trailing moving average of the trend.
"""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window, month_bounds
from salesdash.metrics.sales import GRAINS, filtered_orders, growth, revenue_in
from salesdash.tables import Tables

__all__ = ["MEASURES", "TREND_GRAINS", "has_quantity", "monthly_growth", "trend"]

TREND_GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter")
MEASURES: tuple[str, ...] = ("revenue", "volume", "orders")
_UNIT = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def has_quantity(tables: Tables, filters: Filters, window: Window | None = None) -> bool:
    """Whether any order line (in the window, when given) carries a quantity: volume needs it."""
    if not tables.has_revenue:
        return False
    orders = filtered_orders(tables, filters, window)
    return bool(orders.quantity.notnull().any().execute())


def _series(tables: Tables, filters: Filters, window: Window, grain: str) -> pd.DataFrame:
    """Revenue, volume (Σ quantity, null where no line has one) and orders per period start."""
    orders = filtered_orders(tables, filters, window)
    period = orders.order_date.truncate(_UNIT[grain]).cast("date").name("period")
    result = (
        orders.group_by(period)
        .aggregate(
            revenue=orders.revenue.sum(),
            volume=orders.quantity.sum(),
            orders=orders.order_id.nunique(),
        )
        .order_by("period")
        .execute()
    )
    result["period"] = pd.to_datetime(result["period"]).dt.date
    result["volume"] = result["volume"].astype("float64")
    return result


def trend(
    tables: Tables, filters: Filters, window: Window, comparison: Window | None, grain: str = "month"
) -> pd.DataFrame:
    """Revenue, volume and orders per period of the window, each with a trailing moving average
    (`<measure>_ma`, over `market_moving_average` periods, fewer at the start) and the comparison
    period's figure aligned by position (`previous_<measure>`: the comparison's first period beside the
    window's first period). Periods without any order line are absent, as in `revenue_over_time`.
    """
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}")
    columns = ["period", *MEASURES]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    now = _series(tables, filters, window, grain)
    periods = int(tables.settings.get("market_moving_average", 3))
    for measure in MEASURES:
        now[f"{measure}_ma"] = now[measure].astype("float64").rolling(periods, min_periods=1).mean()
    before = _series(tables, filters, comparison, grain) if comparison else pd.DataFrame(columns=columns)
    for measure in MEASURES:
        values = before[measure].astype("float64").to_numpy()[: len(now)]
        now[f"previous_{measure}"] = pd.Series(values).reindex(range(len(now))).to_numpy()
    return now


def _months(window: Window) -> list[Window]:
    """The calendar months of a window, the first and last clipped to it."""
    months = []
    year, month = window.start.year, window.start.month
    while (year, month) <= (window.end.year, window.end.month):
        bounds = month_bounds(year, month)
        months.append(Window(max(bounds.start, window.start), min(bounds.end, window.end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_growth(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per calendar month of the window (clipped to it): revenue, the same days a year earlier
    (`previous_year`), yoy = revenue / previous_year − 1 and mom = revenue / the month before's revenue − 1
    (the window's first month has none). A month without order lines has no revenue (null), and a growth
    whose earlier figure is null or 0 is null, as for `growth_yoy`; Σ revenue / Σ previous_year − 1 over
    the months equals `growth_yoy` of the window.
    """
    months = _months(window)
    earlier = [m.year_earlier() for m in months]
    figures = revenue_in(tables, filters, months + earlier)
    now, before = figures[: len(months)], figures[len(months) :]
    rows = []
    for i, month in enumerate(months):
        previous_month = now[i - 1] if i else None
        rows.append(
            {
                "month": month.start.replace(day=1),
                "revenue": now[i],
                "previous_year": before[i],
                "yoy": growth(now[i], before[i]),
                "mom": growth(now[i], previous_month),
            }
        )
    return pd.DataFrame(rows, columns=["month", "revenue", "previous_year", "yoy", "mom"])
