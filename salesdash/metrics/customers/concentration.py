"""How concentrated revenue is: the Pareto curve, ABC tier figures, top-10 share, Herfindahl index."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.customers import abc_tiers, tier_summary
from salesdash.metrics.customers.history import window_customers
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = ["TIERS", "concentration", "pareto_curve", "tier_list", "tier_table"]

TIERS = ("A", "B", "C")
PARETO_COLUMNS = ["rank", "customer_share", "revenue_share", "tier"]
LIST_COLUMNS = ["customer_id", "customer_name", "tier", "rank", "revenue", "revenue_share", "orders", "last_order"]


def pareto_curve(tables: Tables, filters: Filters, window: Window, max_points: int = 500) -> pd.DataFrame:
    """The Pareto curve of the ABC ranking: for each customer rank (revenue descending, ties by
    customer_id), the share of customers up to it and the cumulative share of revenue.

    Downsampled in the database to at most `max_points` points: every k-th rank, the first and last,
    and the first customer of each tier, so the curve stays exact at the tier boundaries.
    """
    if not tables.has_revenue:
        return pd.DataFrame(columns=PARETO_COLUMNS)
    ranked = abc_tiers(tables, filters, window)
    n = ranked.count().over()
    total = ranked.revenue.sum().over()
    step = (n + (max_points - 5)) // (max_points - 4)
    curve = ranked.mutate(
        n=n,
        customer_share=ranked["rank"] / n,
        revenue_share=ranked.cumulative / total.nullif(0),
        first_of_tier=ranked.tier != ranked.tier.lag().over(order_by=ranked["rank"]),
    )
    keep = (curve["rank"] == 1) | (curve["rank"] == curve.n) | (curve["rank"] % step == 0) | curve.first_of_tier
    result = curve.filter(keep).select(*PARETO_COLUMNS).order_by("rank").execute()
    return result.astype({"rank": "int64", "customer_share": "float64", "revenue_share": "float64"})


def concentration(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """customers = customers with a line in the window; top10_share = revenue of the ten largest
    customers / total revenue; herfindahl = Σ sᵢ² where sᵢ = a customer's share of the revenue of
    customers with positive revenue (1/customers when all are equal, 1 for a single customer).
    """
    empty: dict[str, float | None] = {"customers": None, "top10_share": None, "herfindahl": None}
    if not tables.has_revenue:
        return empty
    ranked = abc_tiers(tables, filters, window)
    positive = ranked.revenue > 0
    row = (
        ranked.aggregate(
            customers=ranked.count(),
            total=ranked.revenue.sum(),
            top10=ranked.revenue.sum(where=ranked["rank"] <= 10),
            positive_total=ranked.revenue.sum(where=positive),
            squares=(ranked.revenue * ranked.revenue).sum(where=positive),
        )
        .execute()
        .iloc[0]
    )
    if not row["customers"]:
        return empty
    total, positive_total = scalar(row["total"]), scalar(row["positive_total"])
    return {
        "customers": float(row["customers"]),
        "top10_share": scalar(row["top10"]) / total if total else None,  # type: ignore[operator]
        "herfindahl": scalar(row["squares"]) / positive_total**2 if positive_total else None,  # type: ignore[operator]
    }


def tier_table(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Customers and revenue per ABC tier (exactly `tier_summary`, the figures of `kpis`), with each
    tier's share of customers and of revenue, and its revenue per customer."""
    summary = tier_summary(tables, filters, window)
    frame = pd.DataFrame(
        [(tier, summary[tier]["customers"], summary[tier]["revenue"]) for tier in TIERS],
        columns=["tier", "customers", "revenue"],
    ).astype({"customers": "float64", "revenue": "float64"})
    customers, revenue = frame["customers"].sum(), frame["revenue"].sum()
    frame["customer_share"] = frame["customers"] / customers if customers else float("nan")
    frame["revenue_share"] = frame["revenue"] / revenue if revenue else float("nan")
    frame["revenue_per_customer"] = frame["revenue"] / frame["customers"].where(frame["customers"] > 0)
    return frame


def tier_list(
    tables: Tables, filters: Filters, window: Window, tier: str | None = None, limit: int = 20_000
) -> pd.DataFrame:
    """The customers of one tier (all tiers when `tier` is None), ranked as in `abc_tiers`, with their
    share of the window's revenue, distinct orders in the window and last order date: a campaign list."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=LIST_COLUMNS)
    ranked = abc_tiers(tables, filters, window)
    ranked = ranked.mutate(revenue_share=ranked.revenue / ranked.revenue.sum().over().nullif(0))
    if tier is not None:
        ranked = ranked.filter(ranked.tier == tier)
    customers = window_customers(tables, filters, window)
    details = customers.select("customer_name", "orders", "last_order", _id=customers.customer_id)
    joined = ranked.left_join(details, ranked.customer_id == details._id)
    listed = joined.select(*LIST_COLUMNS).order_by("rank").limit(limit)
    return listed.execute()
