"""Cohort retention: of the customers who first bought in a month, how many (and how much revenue)
are still buying n months later."""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import scoped_orders
from salesdash.tables import Tables

__all__ = ["cohort_retention"]

COHORT_COLUMNS = ["cohort", "age", "customers", "revenue", "cohort_size", "customer_share", "revenue_share"]


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def cohort_retention(tables: Tables, filters: Filters, window: Window, months: int = 12) -> pd.DataFrame:
    """For the last `months` first-order months up to the window end (cohort = month of a customer's
    first order in the filters' scope) and each age n = months since that month (0 = the first month):
    customers = cohort members with an order line in month n; customer_share = customers / cohort
    size; revenue_share = the cohort's revenue in month n / its revenue in month 0.

    One row per (cohort, age) with any buyer, up to the window end; at most months × months rows.
    """
    if not tables.has_revenue:
        return pd.DataFrame(columns=COHORT_COLUMNS)
    orders = scoped_orders(tables, filters, window.end)
    month = orders.order_date.truncate("M")
    active = orders.group_by(_id=orders.customer_id, month=month).aggregate(revenue=orders.revenue.sum())
    first = active.group_by(_first_id=active._id).aggregate(cohort=active.month.min())
    first = first.filter(first.cohort >= ibis.literal(_months_back(window.end, months - 1)))
    joined = active.join(first, active._id == first._first_id)
    age = (joined.month.year() - joined.cohort.year()) * 12 + joined.month.month() - joined.cohort.month()
    cells = joined.group_by(cohort=joined.cohort.cast("date"), age=age).aggregate(
        customers=joined.count(), revenue=joined.revenue.sum()
    )
    frame = cells.order_by(["cohort", "age"]).execute()
    return _with_shares(frame)


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=COHORT_COLUMNS)
    frame["cohort"] = pd.to_datetime(frame["cohort"]).dt.date
    frame = frame.astype({"age": "int64", "customers": "int64", "revenue": "float64"})
    start = frame[frame["age"] == 0].set_index("cohort")
    frame["cohort_size"] = frame["cohort"].map(start["customers"]).astype("int64")
    base_revenue = frame["cohort"].map(start["revenue"])
    frame["customer_share"] = frame["customers"] / frame["cohort_size"]
    frame["revenue_share"] = frame["revenue"] / base_revenue.where(base_revenue != 0)
    return frame[COHORT_COLUMNS].reset_index(drop=True)
