"""Where revenue comes from: breakdowns by a dimension with growth, shares and the biggest movers."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders, revenue_by_dimension
from salesdash.tables import Tables

__all__ = ["MIX_DIMENSIONS", "available_dimensions", "mix_breakdown", "movers"]

# Order columns a manager breaks revenue down by; `product` is the product name, else its id.
MIX_DIMENSIONS: tuple[str, ...] = ("region", "province", "city", "country", "category", "product", "channel", "segment")
_COLUMN = {"product": "product_name"}


def available_dimensions(tables: Tables, filters: Filters, window: Window) -> tuple[str, ...]:
    """The dimensions of `MIX_DIMENSIONS` for which some order line of the window has a value."""
    if not tables.has_revenue:
        return ()
    orders = filtered_orders(tables, filters, window)
    counts = orders.aggregate(
        **{d: orders[_COLUMN.get(d, d)].count() for d in MIX_DIMENSIONS},
        product_id=orders.product_id.count(),
    ).execute()
    row = counts.iloc[0]
    present = {d for d in MIX_DIMENSIONS if row[d] > 0}
    if row["product_id"] > 0:
        present.add("product")
    return tuple(d for d in MIX_DIMENSIONS if d in present)


def _column(tables: Tables, filters: Filters, window: Window, dimension: str) -> str:
    if dimension != "product":
        return dimension
    orders = filtered_orders(tables, filters, window)
    named = bool(orders.product_name.notnull().any().execute())
    return "product_name" if named else "product_id"


def mix_breakdown(
    tables: Tables, filters: Filters, window: Window, comparison: Window | None, dimension: str, limit: int = 1000
) -> pd.DataFrame:
    """Revenue per value of a dimension in the window (`revenue`) and the comparison window (`previous`),
    `change`, `growth` = revenue / previous − 1 (null when previous is 0 or absent), `share` = revenue ÷
    the window's revenue of all values shown, and `share_change` = share − the comparison's share.
    The column `value` holds the dimension's value ('—' for lines without one)."""
    if dimension not in MIX_DIMENSIONS:
        raise ValueError(f"dimension must be one of {MIX_DIMENSIONS}")
    column = _column(tables, filters, window, dimension)
    frame = revenue_by_dimension(tables, filters, window, comparison, column, limit=limit)
    frame = frame.rename(columns={column: "value"})
    total, previous_total = frame["revenue"].sum(), frame["previous"].sum()
    frame["share"] = frame["revenue"] / total if total else float("nan")
    previous_share = frame["previous"].fillna(0.0) / previous_total if previous_total else float("nan")
    frame["share_change"] = frame["share"] - previous_share
    return frame[["value", "revenue", "previous", "change", "growth", "share", "share_change"]]


def movers(
    tables: Tables, filters: Filters, window: Window, comparison: Window, dimension: str, count: int = 5
) -> dict[str, pd.DataFrame]:
    """The `count` values with the largest rise (`gainers`, change > 0, largest first) and the largest fall
    (`decliners`, change < 0, largest fall first) in revenue between the comparison window and the window."""
    frame = mix_breakdown(tables, filters, window, comparison, dimension, limit=100_000)
    ranked = frame.sort_values(["change", "value"], ascending=[False, True])
    gainers = ranked[ranked["change"] > 0].head(count).reset_index(drop=True)
    decliners = ranked[ranked["change"] < 0].sort_values(["change", "value"]).head(count).reset_index(drop=True)
    return {"gainers": gainers, "decliners": decliners}
