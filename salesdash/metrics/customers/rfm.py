"""RFM scores and named segments of the customers of a window (docs/figures.md, Customers).

Segments come from the usual recency × frequency map (R and F scores 1–5):

=====================  =====  =====
segment                R      F
=====================  =====  =====
champions              5      4–5
loyal                  3–4    4–5
potential_loyalist     4–5    2–3
new                    5      1
promising              4      1
need_attention         3      3
about_to_sleep         3      1–2
at_risk                1–2    3–4
cant_lose              1–2    5
hibernating            2      1–2
lost                   1      1–2
=====================  =====  =====

Every one of the 25 (R, F) cells belongs to exactly one segment.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.history import window_customers
from salesdash.tables import Tables

__all__ = ["SEGMENTS", "SEGMENT_RULES", "rfm_grid", "rfm_scores", "rfm_segments", "segment_of"]

# (segment, lowest R, highest R, lowest F, highest F)
SEGMENT_RULES: tuple[tuple[str, int, int, int, int], ...] = (
    ("champions", 5, 5, 4, 5),
    ("loyal", 3, 4, 4, 5),
    ("potential_loyalist", 4, 5, 2, 3),
    ("new", 5, 5, 1, 1),
    ("promising", 4, 4, 1, 1),
    ("need_attention", 3, 3, 3, 3),
    ("about_to_sleep", 3, 3, 1, 2),
    ("at_risk", 1, 2, 3, 4),
    ("cant_lose", 1, 2, 5, 5),
    ("hibernating", 2, 2, 1, 2),
    ("lost", 1, 1, 1, 2),
)
SEGMENTS: tuple[str, ...] = tuple(rule[0] for rule in SEGMENT_RULES)
SEGMENT_COLUMNS = ["segment", "customers", "revenue", "customer_share", "revenue_share", "recency", "frequency"]


def segment_of(r_score: int, f_score: int) -> str:
    """The segment of an (R, F) score pair, from `SEGMENT_RULES`."""
    for name, r_low, r_high, f_low, f_high in SEGMENT_RULES:
        if r_low <= r_score <= r_high and f_low <= f_score <= f_high:
            return name
    raise ValueError(f"no segment for R={r_score}, F={f_score}")


def _segment_expr(r: ir.IntegerValue, f: ir.IntegerValue) -> ir.StringValue:
    cases = [
        (r.between(r_low, r_high) & f.between(f_low, f_high), name)
        for name, r_low, r_high, f_low, f_high in SEGMENT_RULES
    ]
    return ibis.cases(*cases, else_="lost")


def rfm_scores(tables: Tables, filters: Filters, window: Window) -> ir.Table:
    """R = days from a customer's last order to the window end, F = distinct orders, M = revenue, over
    the customers' order lines in the window; each scored 1–5 by quintile (ntile) so that the most
    recent, most frequent and highest revenue score 5; ties are ordered by customer_id (the smaller id
    scores higher). The segment follows from R and F (see the module's map).

    Columns: customer_id, recency, frequency, monetary, r_score, f_score, m_score, segment.
    """
    customers = window_customers(tables, filters, window)
    per = customers.select("customer_id", "last_order", frequency=customers.orders, monetary=customers.revenue)
    per = per.mutate(recency=ibis.literal(window.end).delta(per.last_order, unit="day"))
    tie = ibis.desc(per.customer_id)
    scored = per.mutate(
        r_score=ibis.ntile(5).over(order_by=[ibis.desc(per.recency), tie]) + 1,
        f_score=ibis.ntile(5).over(order_by=[per.frequency, tie]) + 1,
        m_score=ibis.ntile(5).over(order_by=[per.monetary, tie]) + 1,
    )
    scored = scored.mutate(segment=_segment_expr(scored.r_score, scored.f_score))
    return scored.select("customer_id", "recency", "frequency", "monetary", "r_score", "f_score", "m_score", "segment")


def rfm_grid(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Customers and revenue (Σ M) per (R, F) score cell, with the cell's segment: all 25 cells."""
    cells = pd.DataFrame(
        [(r, f, segment_of(r, f)) for r in range(5, 0, -1) for f in range(1, 6)],
        columns=["r_score", "f_score", "segment"],
    )
    if not tables.has_revenue:
        return cells.assign(customers=0, revenue=0.0)
    scores = rfm_scores(tables, filters, window)
    counts = (
        scores.group_by("r_score", "f_score")
        .aggregate(customers=scores.count(), revenue=scores.monetary.sum())
        .execute()
    )
    frame = cells.merge(counts.astype({"r_score": "int64", "f_score": "int64"}), on=["r_score", "f_score"], how="left")
    return frame.fillna({"customers": 0, "revenue": 0.0}).astype({"customers": "int64", "revenue": "float64"})


def rfm_segments(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per segment (in the map's order, every segment listed): customers, revenue (Σ M), their shares of
    all scored customers and revenue, and the mean recency (days) and frequency (orders)."""
    frame = pd.DataFrame({"segment": list(SEGMENTS)})
    if not tables.has_revenue:
        return frame.assign(
            customers=0, revenue=0.0, customer_share=None, revenue_share=None, recency=None, frequency=None
        )
    scores = rfm_scores(tables, filters, window)
    counts = (
        scores.group_by("segment")
        .aggregate(
            customers=scores.count(),
            revenue=scores.monetary.sum(),
            recency=scores.recency.mean(),
            frequency=scores.frequency.mean(),
        )
        .execute()
    )
    frame = frame.merge(counts, on="segment", how="left").fillna({"customers": 0, "revenue": 0.0})
    frame = frame.astype({"customers": "int64", "revenue": "float64", "recency": "float64", "frequency": "float64"})
    customers, revenue = frame["customers"].sum(), frame["revenue"].sum()
    frame["customer_share"] = frame["customers"] / customers if customers else float("nan")
    frame["revenue_share"] = frame["revenue"] / revenue if revenue else float("nan")
    return frame[SEGMENT_COLUMNS]
