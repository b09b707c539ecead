"""Revenue, volume and orders over time, with a moving average and the comparison period overlaid.

Settings read from `tables.settings`:
- `market_moving_average` (int, default 3): periods in the trailing moving average of the trend.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesdash.filters import Filters, Window, shift_years
from salesdash.metrics.sales import GRAINS, filtered_orders, growth
from salesdash.tables import Tables, in_window

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


def _series(tables: Tables, filters: Filters, windows: list[Window], grain: str) -> list[pd.DataFrame]:
    """Per window: revenue, volume (Σ quantity, null where no line has one) and orders per period start,
    periods without order lines absent. One query per window: DuckDB counts distinct orders under a
    FILTER clause far more slowly than in a plain group."""
    series = []
    for window in windows:
        orders = filtered_orders(tables, filters, window)
        period = orders.order_date.truncate(_UNIT[grain]).cast("date").name("period")
        found = (
            orders.group_by(period)
            .aggregate(revenue=orders.revenue.sum(), volume=orders.quantity.sum(), orders=orders.order_id.nunique())
            .order_by("period")
            .execute()
        )
        found["period"] = pd.to_datetime(found["period"]).dt.date
        series.append(found.astype({"revenue": "float64", "volume": "float64"}))
    return series


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
    windows = [window] + ([comparison] if comparison else [])
    now, *rest = _series(tables, filters, windows, grain)
    periods = int(tables.settings.get("market_moving_average", 3))
    for measure in MEASURES:
        now[f"{measure}_ma"] = now[measure].astype("float64").rolling(periods, min_periods=1).mean()
    before = rest[0] if rest else pd.DataFrame(columns=columns)
    for measure in MEASURES:
        values = before[measure].astype("float64").to_numpy()[: len(now)]
        now[f"previous_{measure}"] = pd.Series(values).reindex(range(len(now))).to_numpy()
    return now


def monthly_growth(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per calendar month of the window (clipped to it): revenue, the same days a year earlier
    (`previous_year`), yoy = revenue / previous_year − 1 and mom = revenue / the month before's revenue − 1
    (the window's first month has none). A month without order lines has no revenue (null), and a growth
    whose earlier figure is null or 0 is null, as for `growth_yoy`; Σ revenue / Σ previous_year − 1 over
    the months equals `growth_yoy` of the window.
    """
    columns = ["month", "revenue", "previous_year", "yoy", "mom"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    by_month = _monthly_revenue(tables, filters, window)
    rows = []
    previous_month: float | None = None
    for month in _month_starts(window):
        now = by_month.get(("now", month))
        before = by_month.get(("before", shift_years(month, -1)))
        rows.append((month, now, before, growth(now, before), growth(now, previous_month)))
        previous_month = now
    return pd.DataFrame(rows, columns=columns)


def _monthly_revenue(tables: Tables, filters: Filters, window: Window) -> dict[tuple[str, date], float]:
    """Revenue per calendar month of the window and of the window a year earlier, in one scan; a month
    without order lines is absent. Grouping lines already cut to a window gives the clipped months."""
    earlier = window.year_earlier()
    orders = filtered_orders(tables, filters, Window(earlier.start, window.end))
    now, before = in_window(orders.order_date, window), in_window(orders.order_date, earlier)
    month = orders.order_date.truncate("M").cast("date").name("month")
    found = (
        orders.group_by(month)
        .aggregate(
            now=orders.revenue.sum(where=now),
            now_lines=orders.count(where=now),
            before=orders.revenue.sum(where=before),
            before_lines=orders.count(where=before),
        )
        .execute()
    )
    result: dict[tuple[str, date], float] = {}
    for row in found.itertuples():
        start = pd.Timestamp(row.month).date()
        if row.now_lines:
            result[("now", start)] = float(row.now)
        if row.before_lines:
            result[("before", start)] = float(row.before)
    return result


def _month_starts(window: Window) -> list[date]:
    months = pd.period_range(window.start, window.end, freq="M")
    return [p.start_time.date() for p in months]
