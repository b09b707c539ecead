"""One customer up close: who they are, what they bought when, their deals and their feedback."""

from __future__ import annotations

from typing import Any

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import customer_history, scoped_orders
from salesdash.metrics.sales import filtered_orders
from salesdash.tables import Tables, apply_dimensions

__all__ = [
    "customer_card",
    "customer_choices",
    "customer_deals",
    "customer_feedback",
    "customer_products",
    "customer_timeline",
]

PROFILE_FIELDS = ("segment", "industry", "region", "province", "city", "created_date", "status")


def customer_choices(
    tables: Tables, filters: Filters, window: Window, include: str | None = None, limit: int = 2000
) -> list[tuple[str, str]]:
    """(customer_id, name) of the window's customers by revenue, highest first, at most `limit`;
    `include` (a customer from a link) is added when it bought in the scope, so the link still opens it."""
    if not tables.has_revenue:
        return []
    orders = filtered_orders(tables, filters, window)
    orders = orders.filter(orders.customer_id.notnull())
    top = orders.group_by("customer_id").aggregate(
        name=ibis.coalesce(orders.customer_name.max(), orders.customer_id.max()), revenue=orders.revenue.sum()
    )
    frame = top.order_by([ibis.desc("revenue"), "customer_id"]).limit(limit).execute()
    pairs = [(str(i), str(n)) for i, n in zip(frame["customer_id"], frame["name"], strict=True)]
    if include and include not in frame["customer_id"].to_numpy():
        history = customer_history(tables, filters, window.end)
        found = history.filter(history.customer_id == include).customer_name.execute()
        pairs += [(include, str(found.iloc[0]))] if len(found) else []
    return pairs


def customer_card(tables: Tables, filters: Filters, window: Window, customer_id: str) -> dict[str, Any]:
    """A customer's profile: name, main rep, first and last order, lifetime revenue, margin and orders
    up to the window end, and the fields of the customers table when it is loaded. Empty when the
    customer never bought. (Tier, segment and strategy: `customers.strategy.grade_of`.)"""
    history = customer_history(tables, filters, window.end)
    rows = history.filter(history.customer_id == customer_id).execute()
    if rows.empty:
        return {}
    card: dict[str, Any] = rows.iloc[0].to_dict()
    for key in ("first_order", "last_order"):
        card[key] = pd.Timestamp(card[key]).date()
    card.update(_profile(tables, customer_id))
    return card


def _profile(tables: Tables, customer_id: str) -> dict[str, Any]:
    if not tables.has("customers"):
        return {}
    customers = tables.table("customers")
    rows = customers.filter(customers.customer_id == customer_id).select(*PROFILE_FIELDS).limit(1).execute()
    return {} if rows.empty else {k: v for k, v in rows.iloc[0].to_dict().items() if not pd.isna(v)}


def customer_timeline(tables: Tables, filters: Filters, window: Window, customer_id: str) -> pd.DataFrame:
    """The customer's revenue and distinct orders per month, over their whole history to the window end."""
    orders = scoped_orders(tables, filters, window.end)
    orders = orders.filter(orders.customer_id == customer_id)
    period = orders.order_date.truncate("M").cast("date").name("period")
    monthly = orders.group_by(period).aggregate(revenue=orders.revenue.sum(), orders=orders.order_id.nunique())
    frame = monthly.order_by("period").execute()
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def customer_products(
    tables: Tables, filters: Filters, window: Window, customer_id: str, limit: int = 50
) -> pd.DataFrame:
    """What the customer bought up to the window end, per product (name, else id) and category:
    revenue, quantity and distinct orders, highest revenue first."""
    orders = scoped_orders(tables, filters, window.end)
    orders = orders.filter(orders.customer_id == customer_id)
    product = ibis.coalesce(orders.product_name, orders.product_id, ibis.literal("—")).name("product")
    grouped = orders.group_by(product, category=orders.category.fill_null("—")).aggregate(
        revenue=orders.revenue.sum(),
        quantity=orders.quantity.sum(),
        orders=orders.order_id.nunique(),
        last_order=orders.order_date.max(),
    )
    return grouped.order_by([ibis.desc("revenue"), "product"]).limit(limit).execute()


def customer_deals(tables: Tables, filters: Filters, customer_id: str) -> pd.DataFrame:
    """The customer's open opportunities (latest snapshot): stage, amount, expected close, rep."""
    columns = ["opportunity_id", "stage", "amount", "expected_close_date", "rep_name", "created_date"]
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=columns)
    deals = apply_dimensions(tables.opportunities(), filters)
    deals = deals.filter((deals.customer_id == customer_id) & deals.is_open)
    deals = deals.mutate(rep_name=ibis.coalesce(deals.rep_name, deals.rep_id))
    return deals.order_by(["expected_close_date", "opportunity_id"]).select(*columns).execute()


def customer_feedback(tables: Tables, customer_id: str) -> pd.DataFrame:
    """The customer's feedback scores and comments, oldest first."""
    columns = ["feedback_date", "score", "comment"]
    if not tables.has("feedback"):
        return pd.DataFrame(columns=columns)
    feedback = tables.table("feedback")
    mine = feedback.filter(feedback.customer_id == customer_id)
    return mine.order_by("feedback_date").select(*columns).execute()
