"""Historical customer lifetime value and margin: what each customer has brought in so far."""

from __future__ import annotations

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import customer_history
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = ["lifetime_summary", "lifetime_value"]

VALUE_COLUMNS = [
    "customer_id",
    "customer_name",
    "rep_name",
    "first_order",
    "last_order",
    "orders",
    "revenue",
    "margin",
    "margin_rate",
    "avg_order_value",
]


def lifetime_value(tables: Tables, filters: Filters, window: Window, limit: int = 200) -> pd.DataFrame:
    """The customers with the highest historical lifetime value = Σ revenue of all their order lines up
    to the window end (in the filters' scope), with margin = Σ(revenue − cost, else profit),
    margin_rate = margin / revenue of the lines with a margin, and avg_order_value = revenue / orders.
    Sorted by lifetime value, highest first, then customer_id."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    # The history is one row per customer and its revenue the ranking's: order it and keep the top.
    history = customer_history(tables, filters, window.end)
    history = history.mutate(
        margin_rate=history.margin / history.margin_revenue.nullif(0),
        avg_order_value=history.revenue / history.orders.nullif(0),
    )
    ordered = history.order_by([ibis.desc(history.revenue), history.customer_id]).limit(limit)
    return ordered.select(*VALUE_COLUMNS).execute().astype({"orders": "int64"})


def lifetime_summary(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """customers = customers who bought up to the window end; avg_value and median_value of their
    lifetime revenue; avg_margin = mean lifetime margin per customer (null without cost or profit)."""
    keys = ("customers", "avg_value", "median_value", "avg_margin")
    if not tables.has_revenue:
        return dict.fromkeys(keys)
    # The history the value table and churn risk share: one row per customer, its sums exact.
    history = customer_history(tables, filters, window.end)
    row = (
        history.aggregate(
            customers=history.count(),
            avg_value=history.revenue.mean(),
            median_value=history.revenue.median(),
            avg_margin=history.margin.mean(),
        )
        .execute()
        .iloc[0]
    )
    return {key: scalar(row[key]) for key in keys}
