"""What lies behind a clicked bar or point: the filters and window it narrows the page to, and its order lines."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.charts.places import province_key
from salesdash.filters import DIMENSIONS, Filters, Window
from salesdash.metrics.customers.rfm import SEGMENTS, rfm_scores
from salesdash.metrics.market.mix import mix_breakdown
from salesdash.metrics.sales import filtered_orders, summary_of_lines
from salesdash.tables import Tables

# A slice of the orders beyond the global filters: (column, values), e.g. ("province", ("广东", "广东省")).
Where = tuple[str, tuple[str, ...]] | None

__all__ = [
    "LINE_COLUMNS",
    "SEGMENT_CUSTOMER_COLUMNS",
    "lines_behind",
    "narrowed_to",
    "period_window",
    "province_values",
    "segment_customers",
    "slice_breakdown",
    "slice_summary",
    "sliced_orders",
]

# Example arguments for the engine parity suite (tests/test_parity_spark.py).
PARITY_CASES = {
    "slice_breakdown": [
        {"where": None, "dimension": "category"},
        {"where": ("province", ("P-East", "P-West")), "dimension": "region"},
        {"where": ("product", ("P01", "Product 2")), "dimension": "rep_name"},
    ],
    "segment_customers": [{"segment": segment} for segment in ("champions", "at_risk", "hibernating")],
}

SEGMENT_CUSTOMER_COLUMNS = ["customer_id", "customer_name", "r_score", "f_score", "recency", "frequency", "monetary"]

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


def sliced_orders(tables: Tables, filters: Filters, window: Window, where: Where = None) -> ir.Table:
    """The order lines under the filters in the window, and in the slice `where` when given; a `product` is
    matched by name or id, like the mix shows it; an unknown column leaves no line."""
    orders = filtered_orders(tables, filters, window)
    if where is None:
        return orders
    column, values = where
    if column == "product":
        return orders.filter(orders.product_name.isin(list(values)) | orders.product_id.isin(list(values)))
    if column not in orders.columns:
        return orders.filter(ibis.literal(False))
    return orders.filter(orders[column].isin(list(values)))


def slice_summary(tables: Tables, filters: Filters, window: Window, where: Where = None) -> dict[str, float | None]:
    """revenue = Σ revenue, orders = distinct order_id, customers = distinct non-null customer_id and
    avg_order_value = revenue / orders of the slice's lines (null figures when it has none)."""
    figures = summary_of_lines(sliced_orders(tables, filters, window, where))
    return {name: figures[name] for name in ("revenue", "orders", "customers", "avg_order_value")}


def slice_breakdown(
    tables: Tables, filters: Filters, window: Window, where: Where, dimension: str, limit: int = 50
) -> pd.DataFrame:
    """Revenue of the slice per value of `dimension` ('—' for lines without one), largest first, ties by value."""
    orders = sliced_orders(tables, filters, window, where)
    if dimension not in orders.columns:
        return pd.DataFrame(columns=[dimension, "revenue"])
    grouped = orders.group_by(orders[dimension].fill_null("—").name(dimension)).aggregate(revenue=orders.revenue.sum())
    return grouped.order_by([ibis.desc("revenue"), dimension]).limit(limit).execute()


def province_values(tables: Tables, filters: Filters, window: Window, key: str) -> tuple[str, ...]:
    """The spellings of one province (its `province_key`, as the map shows it) among the window's lines."""
    spelled = mix_breakdown(tables, filters, window, None, "province")["value"]
    return tuple(sorted(str(v) for v in spelled if province_key(str(v)) == key))


def lines_behind(
    tables: Tables, filters: Filters, window: Window, limit: int = 500, where: Where = None
) -> pd.DataFrame:
    """The order lines under the filters in the window (and the slice `where`), largest revenue first (ties
    by order and line id), at most `limit` of them."""
    orders = sliced_orders(tables, filters, window, where)
    columns = [c for c in LINE_COLUMNS if c in orders.columns]
    keys = [ibis.desc("revenue"), "order_id", *(["line_id"] if "line_id" in columns else [])]
    found = orders.select(*columns).order_by(keys).limit(limit).execute()
    found["order_date"] = pd.to_datetime(found["order_date"]).dt.date
    return found.reset_index(drop=True)


def segment_customers(
    tables: Tables, filters: Filters, window: Window, segment: str, limit: int = 20_000
) -> pd.DataFrame:
    """The customers of one RFM segment (as `rfm_scores` grades them), highest revenue (M) first, ties by
    customer_id; an unknown segment has none."""
    if segment not in SEGMENTS or not tables.has_revenue:
        return pd.DataFrame(columns=SEGMENT_CUSTOMER_COLUMNS)
    scores = rfm_scores(tables, filters, window)
    scores = scores.filter(scores.segment == segment)
    orders = filtered_orders(tables, filters, window)
    names = orders.group_by(_id=orders.customer_id).aggregate(
        customer_name=ibis.coalesce(orders.customer_name.max(), orders.customer_id.max())
    )
    joined = scores.left_join(names, scores.customer_id == names._id).select(*SEGMENT_CUSTOMER_COLUMNS)
    found = joined.order_by([ibis.desc("monetary"), "customer_id"]).limit(limit).execute()
    return found.astype({"r_score": "int64", "f_score": "int64", "frequency": "int64", "recency": "int64"})
