"""Each customer's buying history up to a day: the base of lifetime value, churn risk and drill-down."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from salesdash.filters import Filters, Window
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["customer_history", "line_margin", "scoped_orders", "window_customers"]


def scoped_orders(tables: Tables, filters: Filters, as_of: date) -> ir.Table:
    """Order lines of known customers in the filters' scope dated on or before `as_of` (any start)."""
    orders = apply_dimensions(tables.orders(), filters)
    return orders.filter(orders.customer_id.notnull() & (orders.order_date <= ibis.literal(as_of)))


def line_margin(orders: ir.Table) -> ir.NumericValue:
    """The margin of a line as docs/figures.md defines it: revenue − cost, else profit; null when neither exists."""
    return ibis.coalesce(orders.revenue - orders.cost, orders.profit)


def customer_history(tables: Tables, filters: Filters, as_of: date, among: ir.Table | None = None) -> ir.Table:
    """One row per customer who bought on or before `as_of`, in the filters' scope.

    Columns: customer_id, customer_name (the name, else the id: flat exports know customers by name),
    first_order, last_order, orders (distinct order_id), revenue (Σ revenue: the historical lifetime
    value), margin (Σ revenue − cost, else profit; null when no line has either), margin_revenue
    (revenue of the lines that have a margin) and rep_name (the rep with the most revenue).
    `among` (a table with a column `_id`) keeps only those customers.

    Computed once per (filters, day) and data version (`Tables.materialized`): lifetime value, churn
    risk and the customer card share it, and its distinct order count is the costly part.
    """
    history = tables.materialized(
        ("customer_history", filters, as_of), lambda: _customer_history(tables, filters, as_of)
    )
    if among is not None:
        history = history.semi_join(among, history.customer_id == among._id)
    return history


def _customer_history(tables: Tables, filters: Filters, as_of: date) -> ir.Table:
    orders = scoped_orders(tables, filters, as_of)
    margin = line_margin(orders)
    rep = ibis.coalesce(orders.rep_name, orders.rep_id)
    return orders.group_by("customer_id").aggregate(
        customer_name=ibis.coalesce(orders.customer_name.max(), orders.customer_id.max()),
        first_order=orders.order_date.min(),
        last_order=orders.order_date.max(),
        orders=orders.order_id.nunique(),
        revenue=orders.revenue.sum(),
        margin=margin.sum(),
        margin_revenue=orders.revenue.sum(where=margin.notnull()),
        rep_name=rep.argmax(orders.revenue),
    )


def window_customers(tables: Tables, filters: Filters, window: Window, orders: bool = True) -> ir.Table:
    """One row per known customer with an order line in the window, in the filters' scope.

    Columns: customer_id, revenue (Σ revenue), last_order, customer_name (the name, else the id) and,
    with `orders`, orders (distinct order_id: the costly part). The one per-customer scan behind ABC
    tiers, RFM, tier lists and strategies: computed once per (filters, window) and data version.
    """
    full = ("window_customers", filters, window, True)
    if not orders and tables.memo.get(full) is not None:
        return tables.materialized(full, lambda: _window_customers(tables, filters, window, True)).drop("orders")
    return tables.materialized(
        ("window_customers", filters, window, orders), lambda: _window_customers(tables, filters, window, orders)
    )


def _window_customers(tables: Tables, filters: Filters, window: Window, orders: bool) -> ir.Table:
    lines = apply_dimensions(tables.orders(), filters)
    lines = lines.filter(in_window(lines.order_date, window) & lines.customer_id.notnull())
    figures: dict[str, ir.Value] = {
        "revenue": lines.revenue.sum(),
        "last_order": lines.order_date.max(),
        "customer_name": ibis.coalesce(lines.customer_name.max(), lines.customer_id.max()),
    }
    if orders:
        figures["orders"] = lines.order_id.nunique()
    return lines.group_by("customer_id").aggregate(**figures)
