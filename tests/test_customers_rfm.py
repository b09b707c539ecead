"""RFM scores by quintile (ntile), the segment map, and counts and revenue per segment."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from fixtures_customers import ALL, YEAR_2025, lines, loaded, rfm_orders

from salesdash.metrics.customers.rfm import SEGMENTS, rfm_grid, rfm_scores, rfm_segments, segment_of
from salesdash.store import Store


def ntile5(frame: pd.DataFrame, column: str, best_last_ascending: bool) -> pd.Series:
    """SQL NTILE(5) + 1 written out: rows sorted (ties: larger customer_id first), the first n % 5
    tiles one row larger."""
    ordered = frame.sort_values([column, "customer_id"], ascending=[best_last_ascending, False])
    n = len(ordered)
    sizes = [n // 5 + (1 if i < n % 5 else 0) for i in range(5)]
    scores = [tile + 1 for tile, size in enumerate(sizes) for _ in range(size)]
    return pd.Series(scores, index=ordered["customer_id"]).sort_index()


def test_scores_rise_with_recency_frequency_and_revenue(store: Store) -> None:
    tables = loaded(store, rfm_orders())
    scores = rfm_scores(tables, ALL, YEAR_2025).order_by("customer_id").execute()
    assert scores["recency"].tolist() == [90, 80, 70, 60, 50, 40, 30, 20, 10, 0]
    assert scores["frequency"].tolist() == list(range(1, 11))
    for column in ("r_score", "f_score", "m_score"):
        assert scores[column].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["segment"].tolist() == [
        "lost",
        "lost",
        "hibernating",
        "hibernating",
        "need_attention",
        "need_attention",
        "loyal",
        "loyal",
        "champions",
        "champions",
    ]


def tied_orders() -> pd.DataFrame:
    """13 customers with tied frequencies and recencies (and a return), to check the quintiles."""
    frequency = [1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 6, 6, 9]
    silent = [5, 5, 40, 40, 40, 100, 7, 7, 200, 3, 60, 1, 1]
    rows = []
    for i, (f, days) in enumerate(zip(frequency, silent, strict=True), start=1):
        last = YEAR_2025.end - timedelta(days=days)
        for k in range(f):
            rows.append((f"T{i:02d}-{k}", f"T{i:02d}", (last - timedelta(days=k)).isoformat(), 10.0 * i - 15 * k))
    return lines(rows)


def test_quintiles_match_an_independent_ntile(store: Store) -> None:
    orders = tied_orders()
    tables = loaded(store, orders)
    per = orders.groupby("customer_id").agg(
        last=("order_date", "max"), frequency=("order_id", "nunique"), monetary=("revenue", "sum")
    )
    per["recency"] = [(YEAR_2025.end - d).days for d in per["last"]]
    per = per.reset_index()
    expected = pd.DataFrame(
        {
            "r_score": ntile5(per, "recency", best_last_ascending=False),
            "f_score": ntile5(per, "frequency", best_last_ascending=True),
            "m_score": ntile5(per, "monetary", best_last_ascending=True),
        }
    )
    expected["segment"] = [segment_of(r, f) for r, f in zip(expected["r_score"], expected["f_score"], strict=True)]
    scores = rfm_scores(tables, ALL, YEAR_2025).execute().set_index("customer_id").sort_index()
    pd.testing.assert_frame_equal(scores[expected.columns], expected, check_dtype=False, check_names=False)
    # 13 customers: tiles of 3, 3, 3, 2, 2.
    assert scores["f_score"].value_counts().sort_index().tolist() == [3, 3, 3, 2, 2]


def test_segment_map_covers_every_cell_once() -> None:
    cells = {(r, f): segment_of(r, f) for r in range(1, 6) for f in range(1, 6)}
    assert set(cells.values()) == set(SEGMENTS)
    assert cells[(5, 5)] == "champions" and cells[(5, 1)] == "new" and cells[(4, 1)] == "promising"
    assert cells[(1, 5)] == "cant_lose" and cells[(2, 3)] == "at_risk" and cells[(1, 1)] == "lost"


def test_grid_and_segments_count_customers_and_revenue(store: Store) -> None:
    tables = loaded(store, rfm_orders())
    grid = rfm_grid(tables, ALL, YEAR_2025)
    assert len(grid) == 25
    filled = grid[grid["customers"] > 0].sort_values("r_score")
    assert filled[["r_score", "f_score", "customers", "revenue"]].to_dict("records") == [
        {"r_score": r, "f_score": r, "customers": 2, "revenue": 100.0 * (4 * r - 1)} for r in range(1, 6)
    ]
    segments = rfm_segments(tables, ALL, YEAR_2025).set_index("segment")
    assert segments.index.tolist() == list(SEGMENTS)
    assert segments.loc["champions", "customers"] == 2
    assert segments.loc["champions", "revenue"] == 1900.0
    assert segments.loc["lost", "revenue"] == 300.0
    assert segments.loc["new", "customers"] == 0
    assert segments["customer_share"].sum() == 1.0
    assert segments.loc["champions", "recency"] == 5.0
