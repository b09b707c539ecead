"""Per-rep (or per-team) figures beyond `rep_figures`: deal size, cycle, activities, new customers (docs/figures.md, Team).

Each function groups by a `key` column, `rep_id` or `team`, and returns a small DataFrame with that key.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.metrics.targets.targets import rep_directory
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["activities_by", "deal_figures_by", "revenue_by", "scoped_activities", "scoped_training"]

# Activities and training carry only a rep: the scope reaches them through the rep's team and region.
REP_DIMENSIONS = ("region", "team", "rep")


def revenue_by(tables: Tables, filters: Filters, window: Window, key: str) -> pd.DataFrame:
    """revenue = Σ orders.revenue in the window per value of `key` (rows with a null key are left out)."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=[key, "revenue"])
    orders = filtered_orders(tables, filters, window)
    orders = orders.filter(orders[key].notnull())
    return orders.group_by(key).aggregate(revenue=orders.revenue.sum()).execute()


def deal_figures_by(tables: Tables, filters: Filters, window: Window, key: str) -> pd.DataFrame:
    """Per `key`, of the opportunities closed in the window: won, lost, avg_deal_size = mean amount of won,
    avg_cycle_days = mean(closed_date − created_date) of won."""
    columns = [key, "won", "lost", "avg_deal_size", "avg_cycle_days"]
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=columns)
    deals = apply_dimensions(tables.opportunities(), filters)
    deals = deals.filter(deals[key].notnull() & deals.closed_date.notnull() & in_window(deals.closed_date, window))
    won = deals.status == "won"
    cycle = deals.closed_date.delta(deals.created_date, unit="day").cast("float64")
    frame = (
        deals.group_by(key)
        .aggregate(
            won=deals.count(where=won),
            lost=deals.count(where=deals.status == "lost"),
            avg_deal_size=deals.amount.mean(where=won),
            avg_cycle_days=cycle.mean(where=won),
        )
        .execute()
    )
    return frame[columns]


def scoped_activities(tables: Tables, filters: Filters) -> ir.Table:
    """Activities with their rep's team and region, inside the scope's region, team and rep filters."""
    return _scoped_by_rep(tables, tables.table("activities"), filters)


def scoped_training(tables: Tables, filters: Filters) -> ir.Table:
    """Training rows with their rep's team and region, inside the scope's region, team and rep filters."""
    return _scoped_by_rep(tables, tables.table("training"), filters)


def _scoped_by_rep(tables: Tables, rows: ir.Table, filters: Filters) -> ir.Table:
    reps = rep_directory(tables)
    reps = reps.select(_rep=reps.rep_id, team=reps.team, region=reps.region)
    joined = rows.left_join(reps, rows.rep_id == reps._rep).drop("_rep")
    return apply_dimensions(joined, filters, REP_DIMENSIONS)


def activities_by(tables: Tables, filters: Filters, window: Window, key: str) -> pd.DataFrame:
    """activities = count of activities dated in the window, per `key`."""
    if not tables.has("activities"):
        return pd.DataFrame(columns=[key, "activities"])
    rows = scoped_activities(tables, filters)
    rows = rows.filter(rows[key].notnull() & in_window(rows.activity_date, window))
    return rows.group_by(key).aggregate(activities=rows.count()).execute()


def first_orders(tables: Tables, window: Window) -> ir.Table:
    """The first line of every customer's first-ever order (earliest order_date, then order_id, then line_id),
    for the customers whose first-ever order date falls in the window.

    Kept once per window and data version (`Tables.materialized`: one row per new customer): it scans every
    order, and it does not depend on the filters, which a filter change applies to these few rows."""
    return tables.materialized(("first_orders", window), lambda: _first_orders(tables, window))


def _first_orders(tables: Tables, window: Window) -> ir.Table:
    # The first dates need no dimension columns: read them from the stored orders, skipping the enrichment joins.
    base = tables.table("orders") if tables.has("orders") else tables.orders()
    base = base.filter(base.customer_id.notnull())
    firsts = base.group_by(_customer=base.customer_id).aggregate(_first=base.order_date.min())
    firsts = firsts.filter(in_window(firsts._first, window))
    orders = tables.orders()
    inside = orders.filter(orders.customer_id.notnull() & in_window(orders.order_date, window))
    candidates = inside.join(
        firsts, (inside.customer_id == firsts._customer) & (inside.order_date == firsts._first)
    ).drop("_customer", "_first")
    order = [candidates.order_id, candidates.line_id]
    position = ibis.row_number().over(group_by=candidates.customer_id, order_by=order)
    return candidates.mutate(_position=position).filter(lambda t: t._position == 0).drop("_position")


def new_customers_by(tables: Tables, filters: Filters, window: Window, key: str) -> pd.DataFrame:
    """new_customers = customers whose first-ever order falls in the window, credited to the `key`
    (rep or team) of that first order's first line; the first line must match the scope's filters."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=[key, "new_customers"])
    first = apply_dimensions(first_orders(tables, window), filters)
    first = first.filter(first[key].notnull())
    return first.group_by(key).aggregate(new_customers=first.count()).execute()
