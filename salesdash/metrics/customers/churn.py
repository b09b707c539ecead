"""Churn risk: customers silent for longer than their usual interval between orders."""

from __future__ import annotations

from datetime import timedelta

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import customer_history, scoped_orders
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = ["CHURN_FACTOR", "LOOKBACK_DAYS", "churn_risk", "churn_totals"]

CHURN_FACTOR = 2.0
# A customer silent for longer than this is lost rather than at risk: left to the win-back lists.
LOOKBACK_DAYS = 730
RISK_COLUMNS = [
    "customer_id",
    "customer_name",
    "rep_name",
    "orders",
    "last_order",
    "median_gap_days",
    "silent_days",
    "overdue_ratio",
    "revenue",
    "margin",
]


def _rhythm(tables: Tables, filters: Filters, window: Window, factor: float) -> ir.Table:
    """One row per customer at risk (`_id`): median gap between order days, order days, last order day, days
    silent at the window end, and `_revenue` (Σ revenue up to the window end: the lifetime revenue). One scan
    of the lines, grouped by customer and day; no distinct order count."""
    orders = scoped_orders(tables, filters, window.end)
    days = orders.group_by(["customer_id", "order_date"]).aggregate(_revenue=orders.revenue.sum())
    previous = days.order_date.lag().over(group_by=days.customer_id, order_by=days.order_date)
    days = days.mutate(gap=days.order_date.delta(previous, unit="day"))
    rhythm = days.group_by(_id=days.customer_id).aggregate(
        median_gap_days=days.gap.median(),
        order_days=days.count(),
        _last=days.order_date.max(),
        _revenue=days._revenue.sum(),
    )
    rhythm = rhythm.mutate(silent_days=ibis.literal(window.end).delta(rhythm._last, unit="day"))
    recent = ibis.literal(window.end - timedelta(days=LOOKBACK_DAYS))
    return rhythm.filter(
        (rhythm.order_days >= 2) & (rhythm._last >= recent) & (rhythm.silent_days > factor * rhythm.median_gap_days)
    )


def _at_risk(tables: Tables, filters: Filters, window: Window, factor: float) -> ir.Table:
    risky = _rhythm(tables, filters, window, factor).drop("_revenue")
    history = customer_history(tables, filters, window.end, among=risky.select("_id"))
    joined = risky.join(history, risky._id == history.customer_id)
    return joined.mutate(overdue_ratio=joined.silent_days / joined.median_gap_days)


def churn_totals(
    tables: Tables, filters: Filters, window: Window, factor: float = CHURN_FACTOR
) -> dict[str, float | None]:
    """customers = how many customers `churn_risk` would list (without its row limit); revenue = their Σ lifetime
    revenue up to the window end. For the page's card: the lines are scanned once by customer and day, without
    the per-customer history (its distinct order count is the costly part at millions of lines)."""
    if not tables.has_revenue:
        return {"customers": 0.0, "revenue": 0.0}
    risky = _rhythm(tables, filters, window, factor)
    row = risky.aggregate(customers=risky.count(), revenue=risky._revenue.sum()).execute().iloc[0]
    return {"customers": float(row["customers"]), "revenue": scalar(row["revenue"]) or 0.0}


def churn_risk(
    tables: Tables, filters: Filters, window: Window, factor: float = CHURN_FACTOR, limit: int = 20_000
) -> pd.DataFrame:
    """Customers at risk of churning as of the window end: at least two distinct order days, a last
    order within the past two years, and silent (days since the last order) for more than `factor` ×
    their median gap between order days. Sorted by historical revenue, highest first (the most value
    at stake first), then customer_id; revenue and margin are lifetime figures up to the window end."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=RISK_COLUMNS)
    risky = _at_risk(tables, filters, window, factor)
    ordered = risky.order_by([ibis.desc(risky.revenue), risky.customer_id]).limit(limit)
    frame = ordered.select(*RISK_COLUMNS).execute()
    return frame.astype({"median_gap_days": "float64", "silent_days": "int64", "orders": "int64"})
