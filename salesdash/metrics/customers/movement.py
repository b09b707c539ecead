"""How customers moved: the ABC tier migration matrix, and revenue from new versus returning customers."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.customers import abc_tiers
from salesdash.metrics.customers.history import scoped_orders
from salesdash.metrics.sales import filtered_orders, scalar
from salesdash.tables import Tables

__all__ = ["FROM_TIERS", "TO_TIERS", "new_vs_returning", "new_vs_returning_summary", "tier_migration"]

FROM_TIERS = ("A", "B", "C", "new")
TO_TIERS = ("A", "B", "C", "lost")
MIGRATION_COLUMNS = ["from_tier", "to_tier", "customers", "revenue", "previous"]


def tier_migration(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """Customers per (tier in the comparison window, tier in the window), both graded by `abc_tiers`.

    `new` (row) = no order line in the comparison window; `lost` (column) = no order line in the
    window. Every one of the 16 cells is listed; revenue is the window's, previous the comparison's.
    """
    cells = pd.DataFrame([(f, t) for f in FROM_TIERS for t in TO_TIERS], columns=["from_tier", "to_tier"])
    if comparison is None or not tables.has_revenue:
        return cells.iloc[0:0].assign(customers=0, revenue=0.0, previous=0.0)[MIGRATION_COLUMNS]
    now = abc_tiers(tables, filters, window)
    before = abc_tiers(tables, filters, comparison)
    now = now.select(_now_id=now.customer_id, _now_tier=now.tier, _now_revenue=now.revenue)
    before = before.select(_before_id=before.customer_id, _before_tier=before.tier, _before_revenue=before.revenue)
    joined = before.outer_join(now, before._before_id == now._now_id)
    moved = joined.group_by(
        from_tier=joined._before_tier.fill_null("new"), to_tier=joined._now_tier.fill_null("lost")
    ).aggregate(customers=joined.count(), revenue=joined._now_revenue.sum(), previous=joined._before_revenue.sum())
    frame = cells.merge(moved.execute(), on=["from_tier", "to_tier"], how="left")
    frame = frame.fillna({"customers": 0, "revenue": 0.0, "previous": 0.0})
    return frame.astype({"customers": "int64", "revenue": "float64", "previous": "float64"})[MIGRATION_COLUMNS]


def _with_first_order(tables: Tables, filters: Filters, window: Window) -> ir.Table:
    """Revenue per (known customer, month) of the window, marked `is_new` when the customer's first
    order in the filters' scope falls inside the window. (Customer-months, not lines, are joined.)"""
    history = scoped_orders(tables, filters, window.end)
    first = history.group_by(_id=history.customer_id).aggregate(_first=history.order_date.min())
    orders = filtered_orders(tables, filters, window)
    orders = orders.filter(orders.customer_id.notnull())
    months = orders.group_by("customer_id", period=orders.order_date.truncate("M").cast("date")).aggregate(
        revenue=orders.revenue.sum()
    )
    joined = months.join(first, months.customer_id == first._id)
    return joined.mutate(is_new=joined._first >= ibis.literal(window.start))


def new_vs_returning(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per month of the window: revenue and customers from new customers (first-ever order in the
    filters' scope falls in the window) and from returning ones (bought before the window).
    Anonymous lines (no customer_id) count in neither."""
    columns = ["period", "new_revenue", "returning_revenue", "new_customers", "returning_customers"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    lines = _with_first_order(tables, filters, window)
    monthly = lines.group_by("period").aggregate(
        new_revenue=lines.revenue.sum(where=lines.is_new),
        returning_revenue=lines.revenue.sum(where=~lines.is_new),
        new_customers=lines.customer_id.nunique(where=lines.is_new),
        returning_customers=lines.customer_id.nunique(where=~lines.is_new),
    )
    frame = monthly.order_by("period").execute().fillna({"new_revenue": 0.0, "returning_revenue": 0.0})
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame[columns]


def new_vs_returning_summary(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """new_customers, returning_customers, their revenue in the window, and new_share = new revenue /
    (new + returning revenue); null figures when the window has no customer lines."""
    keys = ("new_customers", "returning_customers", "new_revenue", "returning_revenue", "new_share")
    if not tables.has_revenue:
        return dict.fromkeys(keys)
    lines = _with_first_order(tables, filters, window)
    row = (
        lines.aggregate(
            lines=lines.count(),
            new_customers=lines.customer_id.nunique(where=lines.is_new),
            returning_customers=lines.customer_id.nunique(where=~lines.is_new),
            new_revenue=lines.revenue.sum(where=lines.is_new),
            returning_revenue=lines.revenue.sum(where=~lines.is_new),
        )
        .execute()
        .iloc[0]
    )
    if not row["lines"]:
        return dict.fromkeys(keys)
    new, returning = scalar(row["new_revenue"]) or 0.0, scalar(row["returning_revenue"]) or 0.0
    return {
        "new_customers": float(row["new_customers"]),
        "returning_customers": float(row["returning_customers"]),
        "new_revenue": new,
        "returning_revenue": returning,
        "new_share": new / (new + returning) if new + returning else None,
    }
