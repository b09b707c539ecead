"""Revenue, volume and orders over time, with a moving average and the comparison period overlaid.

Settings read from `tables.settings`:
- `market_moving_average` (int, default 3): periods in the trailing moving average of the trend.
"""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from salesdash.filters import Filters, Window, shift_years
from salesdash.metrics.month_trend import compared_months, compared_periods
from salesdash.metrics.sales import GRAINS, filtered_orders, growth, revenue_in
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
    (`<measure>_ma`, over `market_moving_average` whole periods, fewer at the start; none for a partial
    period, whose own figure it leaves out), the comparison's figure at the same position
    (`previous_<measure>`: the comparison's first calendar period beside the window's first) and `partial`
    (the window covers only part of the period). A partial week, month or quarter is compared like with like:
    with the same days of its comparison period (`month_trend.compared_periods`, the Overview's rule), so the
    current month to the 18th is not set against a whole month. Periods without any order line are absent,
    as in `revenue_over_time`.
    """
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}")
    columns = ["period", *MEASURES]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    (now,) = _series(tables, filters, [window], grain)
    periods = int(tables.settings.get("market_moving_average", 3))
    compared = compared_periods(window, comparison, grain)
    cut = {start for start, _, _, partial in compared if partial}
    now["partial"] = [p in cut for p in now["period"]]
    full = ~now["partial"].astype(bool)
    for measure in MEASURES:
        # Over whole periods only: a partial month would drag the average down like a slump.
        average = now[measure].astype("float64").where(full).rolling(periods, min_periods=1).mean()
        now[f"{measure}_ma"] = average.where(full)
    before = _compared(tables, filters, [(start, other) for start, _, other, _ in compared if other is not None])
    for measure in MEASURES:
        now[f"previous_{measure}"] = before[measure].reindex(now["period"]).to_numpy()
    return now


def _compared(tables: Tables, filters: Filters, pairs: list[tuple[date, Window]]) -> pd.DataFrame:
    """Per period start of the window, revenue, volume and orders of its comparison stretch, in one scan;
    a period whose stretch has no order line is absent."""
    if not pairs:
        return pd.DataFrame(columns=list(MEASURES), index=pd.Index([], name="period"), dtype="float64")
    orders = filtered_orders(tables, filters, Window(pairs[0][1].start, pairs[-1][1].end))
    # The stretches lie in distinct periods, so each line belongs to one at most.
    index = ibis.cases(*((in_window(orders.order_date, other), i) for i, (_, other) in enumerate(pairs)))
    orders = orders.mutate(stretch=index).filter(ibis._.stretch.notnull())
    found = (
        orders.group_by("stretch")
        .aggregate(revenue=orders.revenue.sum(), volume=orders.quantity.sum(), orders=orders.order_id.nunique())
        .execute()
    )
    found["period"] = [pairs[int(i)][0] for i in found["stretch"]]
    return found.drop(columns="stretch").set_index("period").astype("float64")


def monthly_growth(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per calendar month of the window (clipped to it): revenue, the same days a year earlier
    (`previous_year`), yoy = revenue / previous_year − 1, mom = revenue / the month before's revenue − 1
    (the window's first month has none) and `partial` (the window covers only part of the month). The
    window's last month, when partial, is set against the same days of the month before (1–18 September
    against 1–18 August), like with like. A month without order lines has no revenue (null), and a growth
    whose earlier figure is null or 0 is null, as for `growth_yoy`; Σ revenue / Σ previous_year − 1 over
    the months equals `growth_yoy` of the window.
    """
    columns = ["month", "revenue", "previous_year", "yoy", "mom", "partial"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    by_month = _monthly_revenue(tables, filters, window)
    months = compared_months(window, None)
    rows = []
    previous_month: float | None = None
    for index, (month, part, _, partial) in enumerate(months):
        now = by_month.get(("now", month))
        before = by_month.get(("before", shift_years(month, -1)))
        if partial and index == len(months) - 1 and index > 0:
            previous_month = _same_days_of_month_before(tables, filters, part)
        rows.append((month, now, before, growth(now, before), growth(now, previous_month), partial))
        previous_month = now
    return pd.DataFrame(rows, columns=columns)


def _same_days_of_month_before(tables: Tables, filters: Filters, part: Window) -> float | None:
    """Revenue of the month before `part`'s month over the same days (`compared_months`)."""
    before_start = (pd.Timestamp(part.start.replace(day=1)) - pd.DateOffset(months=1)).date()
    before = Window(before_start, (pd.Timestamp(part.start.replace(day=1)) - pd.Timedelta(days=1)).date())
    stretch = compared_months(part, before)[0][2]
    return None if stretch is None else revenue_in(tables, filters, [stretch])[0]


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
