"""Each customer's buying history up to a day: the base of lifetime value, churn risk and drill-down."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from salesdash.filters import Filters
from salesdash.tables import Tables, apply_dimensions

__all__ = ["customer_history", "line_margin", "scoped_orders"]


def scoped_orders(tables: Tables, filters: Filters, as_of: date) -> ir.Table:
    """Order lines of known customers in the filters' scope dated on or before `as_of` (any start)."""
    orders = apply_dimensions(tables.orders(), filters)
    return orders.filter(orders.customer_id.notnull() & (orders.order_date <= ibis.literal(as_of)))


def line_margin(orders: ir.Table) -> ir.NumericValue:
    """The margin of a line as SPEC §4 defines it: revenue − cost, else profit; null when neither exists."""
    return ibis.coalesce(orders.revenue - orders.cost, orders.profit)


def customer_history(tables: Tables, filters: Filters, as_of: date, among: ir.Table | None = None) -> ir.Table:
    """One row per customer who bought on or before `as_of`, in the filters' scope.

    Columns: customer_id, customer_name (the name, else the id: flat exports know customers by name),
    first_order, last_order, orders (distinct order_id), revenue (Σ revenue: the historical lifetime
    value), margin (Σ revenue − cost, else profit; null when no line has either), margin_revenue
    (revenue of the lines that have a margin) and rep_name (the rep with the most revenue).
    `among` (a table with a column `_id`) keeps only those customers, before the costly aggregates.
    """
    orders = scoped_orders(tables, filters, as_of)
    if among is not None:
        orders = orders.semi_join(among, orders.customer_id == among._id)
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
