"""Price-volume-mix: the change in revenue between the comparison window and the window, by product.

Per product p, Q = Σ quantity and R = Σ revenue in the comparison window (0) and the window (1), and the
price P = R / Q. Products are split in three:
- continuing: Q0 > 0 and Q1 > 0. With s = p's share of the continuing products' units and
  P̄0 = R0 / Q0 over them:
  volume effect = (Q1 − Q0) × P̄0 (all units at the old average price), attributed per product as
  (Q1 − Q0) × s0_p × P0_p;
  mix effect = Σ_p Q1 × (s1_p − s0_p) × P0_p (the shift of units between products at their old prices);
  price effect = Σ_p (P1_p − P0_p) × Q1_p (the new units at the change of their own price).
  These add up to R1 − R0 of the continuing products: volume + mix = Σ Q1_p P0_p − R0, price = R1 − Σ Q1_p P0_p.
- new: Q0 ≤ 0 and Q1 > 0 (no units sold in the comparison window): new effect = Σ (R1 − R0).
- discontinued: Q1 ≤ 0 (no units sold in the window): discontinued effect = Σ (R1 − R0).
So previous revenue + volume + price + mix + new + discontinued = revenue, exactly (up to floating-point
rounding). Lines without a product form one product '—'; a null quantity counts as 0 units.
"""

from __future__ import annotations

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.tables import Tables

__all__ = ["EFFECTS", "pvm_bridge", "pvm_by_product"]

EFFECTS: tuple[str, ...] = ("volume", "price", "mix", "new", "discontinued")
_PRODUCT_COLUMNS = ["product", "kind", "q0", "q1", "r0", "r1", "p0", "p1", *EFFECTS]


def _product_totals(tables: Tables, filters: Filters, window: Window, comparison: Window) -> pd.DataFrame:
    span = Window(min(window.start, comparison.start), max(window.end, comparison.end))
    orders = filtered_orders(tables, filters, span)
    product = ibis.coalesce(orders.product_name, orders.product_id, ibis.literal("—")).name("product")
    now = orders.order_date.between(window.start, window.end)
    before = orders.order_date.between(comparison.start, comparison.end)
    quantity = orders.quantity.fill_null(0)
    frame = (
        orders.group_by(product)
        .aggregate(
            q0=quantity.sum(where=before),
            q1=quantity.sum(where=now),
            r0=orders.revenue.sum(where=before),
            r1=orders.revenue.sum(where=now),
        )
        .order_by("product")
        .execute()
    )
    return frame.astype({c: "float64" for c in ("q0", "q1", "r0", "r1")}).fillna({"q0": 0, "q1": 0, "r0": 0, "r1": 0})


def pvm_by_product(tables: Tables, filters: Filters, window: Window, comparison: Window) -> pd.DataFrame:
    """Per product: units and revenue of both windows, prices, its kind (continuing, new, discontinued)
    and its share of each effect defined in this module's docstring; the columns of the effects sum to
    `pvm_bridge`'s effects."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=_PRODUCT_COLUMNS)
    frame = _product_totals(tables, filters, window, comparison)
    frame["kind"] = "continuing"
    frame.loc[(frame["q0"] <= 0) & (frame["q1"] > 0), "kind"] = "new"
    frame.loc[frame["q1"] <= 0, "kind"] = "discontinued"
    going = frame["kind"] == "continuing"
    frame["p0"] = (frame["r0"] / frame["q0"]).where(frame["q0"] > 0)
    frame["p1"] = (frame["r1"] / frame["q1"]).where(frame["q1"] > 0)
    q0, q1 = frame.loc[going, "q0"].sum(), frame.loc[going, "q1"].sum()
    s0 = (frame["q0"] / q0).where(going, 0.0) if q0 else 0.0
    s1 = (frame["q1"] / q1).where(going, 0.0) if q1 else 0.0
    for effect in EFFECTS:
        frame[effect] = 0.0
    frame.loc[going, "volume"] = (q1 - q0) * s0 * frame["p0"]
    frame.loc[going, "mix"] = q1 * (s1 - s0) * frame["p0"]
    frame.loc[going, "price"] = (frame["p1"] - frame["p0"]) * frame["q1"]
    change = frame["r1"] - frame["r0"]
    frame.loc[frame["kind"] == "new", "new"] = change
    frame.loc[frame["kind"] == "discontinued", "discontinued"] = change
    return frame[_PRODUCT_COLUMNS]


def pvm_bridge(tables: Tables, filters: Filters, window: Window, comparison: Window) -> pd.DataFrame:
    """The waterfall from the comparison window's revenue to the window's: rows `step` (previous, volume,
    price, mix, new, discontinued, current) and `value`; the five effects add up to current − previous."""
    products = pvm_by_product(tables, filters, window, comparison)
    previous, current = float(products["r0"].sum()), float(products["r1"].sum())
    steps = [("previous", previous)]
    steps += [(effect, float(products[effect].sum())) for effect in EFFECTS]
    steps.append(("current", current))
    return pd.DataFrame(steps, columns=["step", "value"])
