"""Customer grading: ABC tiers by cumulative revenue share (docs/figures.md)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import window_customers
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = ["DEFAULT_TIER_THRESHOLDS", "abc_tiers", "tier_summary"]

DEFAULT_TIER_THRESHOLDS: tuple[float, float] = (0.80, 0.95)


def tier_thresholds(tables: Tables) -> tuple[float, float]:
    a, b = tables.settings.get("tier_thresholds", DEFAULT_TIER_THRESHOLDS)
    return float(a), float(b)


def abc_tiers(
    tables: Tables, filters: Filters, window: Window, thresholds: tuple[float, float] | None = None
) -> ir.Table:
    """Customers ranked by revenue in the window, descending, ties by customer_id. A is the shortest
    prefix whose cumulative revenue reaches ≥ 80% of the total; B extends it to ≥ 95%; the rest, and
    anyone with revenue ≤ 0, is C.

    Columns: customer_id, revenue, rank, cumulative, share_before, tier.
    """
    a, b = thresholds or tier_thresholds(tables)
    customers = window_customers(tables, filters, window, orders=False)
    per_customer = customers.select("customer_id", "revenue")
    order = [ibis.desc(per_customer.revenue), per_customer.customer_id]
    ranked = per_customer.mutate(
        rank=ibis.row_number().over(order_by=order) + 1,
        cumulative=per_customer.revenue.sum().over(ibis.cumulative_window(order_by=order)),
        total=per_customer.revenue.sum().over(),
    )
    # A customer is in the prefix while the revenue before it has not yet reached the threshold.
    before = (ranked.cumulative - ranked.revenue) / ranked.total
    tier = ibis.cases(
        (ranked.revenue <= 0, "C"),
        (before < a, "A"),
        (before < b, "B"),
        else_="C",
    )
    return ranked.mutate(share_before=before, tier=tier).drop("total")


def tier_summary(tables: Tables, filters: Filters, window: Window) -> dict[str, dict[str, float | None]]:
    """Customers and revenue per tier: {"A": {"customers", "revenue"}, "B": ..., "C": ...}."""
    summary: dict[str, dict[str, float | None]] = {tier: {"customers": None, "revenue": None} for tier in "ABC"}
    if not tables.has_revenue:
        return summary
    tiers = abc_tiers(tables, filters, window)
    counts: pd.DataFrame = (
        tiers.group_by("tier").aggregate(customers=tiers.count(), revenue=tiers.revenue.sum()).execute()
    )
    if counts.empty:
        return summary
    for tier in "ABC":
        summary[tier] = {"customers": 0.0, "revenue": 0.0}
    for row in counts.itertuples():
        summary[str(row.tier)] = {"customers": scalar(row.customers), "revenue": scalar(row.revenue)}
    return summary
