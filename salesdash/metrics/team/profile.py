"""One rep's profile: trend against target, open pipeline, top customers, activities."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders, revenue_over_time
from salesdash.metrics.targets.targets import target_by_month
from salesdash.metrics.team.figures import scoped_activities
from salesdash.schema import OPEN_STAGES
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["rep_activities", "rep_pipeline", "rep_top_customers", "rep_trend"]


def _rep_scope(filters: Filters, rep_id: str) -> Filters:
    return filters.narrowed(rep=(rep_id,))


def rep_trend(tables: Tables, filters: Filters, window: Window, rep_id: str) -> pd.DataFrame:
    """The rep's revenue per month of the window beside the rep's target for that month, pro rata where the
    window cuts the month (period, revenue, target, partial: the window holds only part of the month, so the
    chart marks it rather than draw it as a full month)."""
    scope = _rep_scope(filters, rep_id)
    months = target_by_month(tables, scope, window)
    revenue = revenue_over_time(tables, scope, window, "month")[["period", "revenue"]]
    frame = months.merge(revenue, on="period", how="left")
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    frame["target"] = frame["target"].astype("float64")
    frame["partial"] = [
        window.start > month or window.end < (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
        for month in frame["period"]
    ]
    return frame[["period", "revenue", "target", "partial"]]


def rep_pipeline(tables: Tables, filters: Filters, rep_id: str) -> pd.DataFrame:
    """The rep's open opportunities (latest snapshot) per stage, in process order: deals, amount."""
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["stage", "deals", "amount"])
    deals = apply_dimensions(tables.opportunities(), _rep_scope(filters, rep_id))
    deals = deals.filter(deals.is_open)
    frame = deals.group_by("stage").aggregate(deals=deals.count(), amount=deals.amount.sum()).execute()
    frame["order"] = frame["stage"].map({s: i for i, s in enumerate(OPEN_STAGES)})
    frame = frame.sort_values("order").drop(columns="order").reset_index(drop=True)
    return frame.astype({"deals": "float64", "amount": "float64"})


def rep_top_customers(tables: Tables, filters: Filters, window: Window, rep_id: str, limit: int = 10) -> pd.DataFrame:
    """The rep's customers by revenue in the window, highest first (ties by customer_id): customer_id,
    customer_name, revenue, orders, share of the rep's revenue."""
    columns = ["customer_id", "customer_name", "revenue", "orders", "share"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    orders = filtered_orders(tables, _rep_scope(filters, rep_id), window)
    total = orders.revenue.sum().execute()
    orders = orders.filter(orders.customer_id.notnull())
    frame = (
        orders.group_by("customer_id")
        .aggregate(
            customer_name=orders.customer_name.max(), revenue=orders.revenue.sum(), orders=orders.order_id.nunique()
        )
        .order_by([orders.revenue.sum().desc(), "customer_id"])
        .limit(limit)
        .execute()
    )
    frame["orders"] = frame["orders"].astype("float64")
    frame["share"] = frame["revenue"] / total if total else None
    return frame[columns]


def rep_activities(tables: Tables, filters: Filters, window: Window, rep_id: str) -> pd.DataFrame:
    """The rep's activities in the window per month and type (period = month start, activity_type, activities)."""
    if not tables.has("activities"):
        return pd.DataFrame(columns=["period", "activity_type", "activities"])
    rows = scoped_activities(tables, _rep_scope(filters, rep_id))
    rows = rows.filter(in_window(rows.activity_date, window))
    period = rows.activity_date.truncate("M").cast("date").name("period")
    kind = rows.activity_type.fill_null("—").name("activity_type")
    frame = (
        rows.group_by([period, kind]).aggregate(activities=rows.count()).order_by(["period", "activity_type"]).execute()
    )
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    frame["activities"] = frame["activities"].astype("float64")
    return frame
