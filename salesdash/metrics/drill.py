"""What lies behind a clicked bar or point: the filters and window it narrows the page to, and its order lines."""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from salesdash.filters import DIMENSIONS, Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.tables import Tables

__all__ = ["LINE_COLUMNS", "lines_behind", "narrowed_to", "period_window"]

# The columns of an order line a manager reads, in this order; those the orders lack are left out.
LINE_COLUMNS: tuple[str, ...] = (
    "order_date",
    "order_id",
    "line_id",
    "customer_name",
    "product_name",
    "category",
    "region",
    "province",
    "rep_name",
    "quantity",
    "revenue",
)


def narrowed_to(filters: Filters, dimension: str, value: str) -> Filters | None:
    """The filters narrowed to one value of a dimension; None when the value lies outside what the filters
    (and so the user's scope) already allow: a link must not widen a scoped view."""
    if dimension not in DIMENSIONS:
        return None
    allowed = filters.values(dimension)
    if allowed and value not in allowed:
        return None
    return filters.narrowed(**{dimension: (value,)})


def period_window(window: Window, start: str, grain: str = "month") -> Window | None:
    """The part of `window` inside the period that starts on `start` (ISO date; a month, quarter, year,
    week or day at `grain`); None when the text is not a date or the period lies outside the window."""
    try:
        first = date.fromisoformat(start[:10])
    except ValueError:
        return None
    period = pd.Period(first, freq={"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[grain])
    begin, end = max(window.start, period.start_time.date()), min(window.end, period.end_time.date())
    return Window(begin, end) if begin <= end else None


def lines_behind(tables: Tables, filters: Filters, window: Window, limit: int = 500) -> pd.DataFrame:
    """The order lines under the filters in the window, largest revenue first (ties by order and line id),
    at most `limit` of them."""
    orders = filtered_orders(tables, filters, window)
    columns = [c for c in LINE_COLUMNS if c in orders.columns]
    keys = [ibis.desc("revenue"), "order_id", *(["line_id"] if "line_id" in columns else [])]
    found = orders.select(*columns).order_by(keys).limit(limit).execute()
    found["order_date"] = pd.to_datetime(found["order_date"]).dt.date
    return found.reset_index(drop=True)
