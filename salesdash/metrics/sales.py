"""Revenue, orders, customers, order value, margin and growth (docs/figures.md)."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = [
    "filtered_orders",
    "growth_yoy",
    "revenue_by_dimension",
    "revenue_over_time",
    "sales_summary",
    "scalar",
    "summary_of_lines",
]

GRAINS = ("day", "week", "month", "quarter", "year")


def scalar(value: Any) -> float | None:
    """A database scalar as a plain float; SQL NULL and NaN become None."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def filtered_orders(tables: Tables, filters: Filters, window: Window | None = None) -> ir.Table:
    """Order lines inside the window that match the dimension filters."""
    orders = apply_dimensions(tables.orders(), filters)
    return orders if window is None else orders.filter(in_window(orders.order_date, window))


def _summary_aggregates(orders: ir.Table) -> dict[str, ir.Value]:
    has_cost = "cost" in orders.columns and "profit" in orders.columns
    margin = ibis.coalesce(orders.revenue - orders.cost, orders.profit) if has_cost else ibis.null("float64")
    return {
        "lines": orders.count(),
        "revenue": orders.revenue.sum(),
        "orders": orders.order_id.nunique(),
        "customers": orders.customer_id.nunique(),
        "margin": margin.sum(),
        "margin_revenue": orders.revenue.sum(where=margin.notnull()),
    }


def sales_summary(tables: Tables, filters: Filters, window: Window) -> dict[str, float | None]:
    """revenue = Σ revenue; orders = distinct order_id; customers = distinct non-null customer_id;
    avg_order_value = revenue / orders; gross_margin = Σ(revenue − cost, else profit) / revenue of those lines.

    A window without any order line gives null for every figure.
    """
    if not tables.has_revenue:
        return dict.fromkeys(("revenue", "orders", "customers", "avg_order_value", "gross_margin"))
    return summary_of_lines(filtered_orders(tables, filters, window))


def summary_of_lines(orders: ir.Table) -> dict[str, float | None]:
    """`sales_summary`'s figures over any set of order lines (a window's, a drilled slice's); null for
    every figure when there are no lines."""
    row = orders.aggregate(**_summary_aggregates(orders)).execute().iloc[0]
    if not row["lines"]:
        return dict.fromkeys(("revenue", "orders", "customers", "avg_order_value", "gross_margin"))
    revenue, count = scalar(row["revenue"]), scalar(row["orders"])
    margin, margin_revenue = scalar(row["margin"]), scalar(row["margin_revenue"])
    return {
        "revenue": revenue,
        "orders": count,
        "customers": scalar(row["customers"]),
        "avg_order_value": revenue / count if revenue is not None and count else None,
        "gross_margin": margin / margin_revenue if margin is not None and margin_revenue else None,
    }


def revenue_in(tables: Tables, filters: Filters, windows: list[Window]) -> list[float | None]:
    """Revenue of several windows in one scan; a window without order lines gives None."""
    if not tables.has_revenue or not windows:
        return [None for _ in windows]
    orders = apply_dimensions(tables.orders(), filters)
    span = Window(min(w.start for w in windows), max(w.end for w in windows))
    orders = orders.filter(in_window(orders.order_date, span))
    aggregates: dict[str, ir.Value] = {}
    for i, w in enumerate(windows):
        inside = in_window(orders.order_date, w)
        aggregates[f"r{i}"] = orders.revenue.sum(where=inside)
        aggregates[f"n{i}"] = orders.count(where=inside)
    row = orders.aggregate(**aggregates).execute().iloc[0]
    return [scalar(row[f"r{i}"]) if row[f"n{i}"] else None for i in range(len(windows))]


def growth_yoy(tables: Tables, filters: Filters, window: Window) -> float | None:
    """revenue(window) / revenue(same window one year earlier) − 1; null when the earlier figure is 0 or absent."""
    now, before = revenue_in(tables, filters, [window, window.year_earlier()])
    return growth(now, before)


def growth(now: float | None, before: float | None) -> float | None:
    """now / before − 1; None when either is missing or the earlier figure is 0."""
    if now is None or before is None or pd.isna(now) or pd.isna(before) or before == 0:
        return None
    return float(now / before - 1)


def revenue_over_time(tables: Tables, filters: Filters, window: Window, grain: str = "month") -> pd.DataFrame:
    """Revenue and orders per period start (`period`) at a day/week/month/quarter/year grain."""
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}")
    if not tables.has_revenue:
        return pd.DataFrame(columns=["period", "revenue", "orders"])
    orders = filtered_orders(tables, filters, window)
    unit = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[grain]
    period = orders.order_date.truncate(unit).cast("date").name("period")
    result = (
        orders.group_by(period)
        .aggregate(revenue=orders.revenue.sum(), orders=orders.order_id.nunique())
        .order_by("period")
        .execute()
    )
    result["period"] = pd.to_datetime(result["period"]).dt.date
    return result


def revenue_by_dimension(
    tables: Tables, filters: Filters, window: Window, comparison: Window | None, dimension: str, limit: int = 50
) -> pd.DataFrame:
    """Revenue per value of a dimension in the window and the comparison window, with the change."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=[dimension, "revenue", "previous", "change", "growth"])
    orders = apply_dimensions(tables.orders(), filters)
    if dimension not in orders.columns:
        return pd.DataFrame(columns=[dimension, "revenue", "previous", "change", "growth"])
    windows = [window] + ([comparison] if comparison else [])
    span = Window(min(w.start for w in windows), max(w.end for w in windows))
    orders = orders.filter(in_window(orders.order_date, span))
    now = in_window(orders.order_date, window)
    before = in_window(orders.order_date, comparison) if comparison else ibis.literal(False)
    grouped = orders.group_by(orders[dimension].fill_null("—").name(dimension)).aggregate(
        revenue=orders.revenue.sum(where=now), previous=orders.revenue.sum(where=before)
    )
    result = grouped.order_by(ibis.desc("revenue")).limit(limit).execute()
    result["revenue"] = result["revenue"].fillna(0.0)
    result["previous"] = result["previous"].astype("float64") if comparison else float("nan")
    result["change"] = result["revenue"] - result["previous"].fillna(0.0)
    result["growth"] = [growth(n, p) for n, p in zip(result["revenue"], result["previous"], strict=True)]
    return result
