"""Drill-down on the Customers page: a tier or segment lists its customers; a picked customer opens the
customer drill-down. Figures by hand from conftest's small orders (window 2025-01-01 … 2025-06-28):
window revenue per customer C1 700, C2 200, C3 200, C4 150, C5 60, C6 0 (total 1310)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_drill import open_page
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.charts.customers import pareto_chart, rfm_grid_heatmap
from salesdash.i18n import t
from salesdash.metrics.customers.rfm import SEGMENTS, segment_of
from salesdash.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _customers(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    return open_page(monkeypatch, db, "customers", lang="zh", **params)


def _listed(at: AppTest, key: str) -> list[str]:
    frame = next(d.value for d in at.dataframe if d.key == f"{key}_table")
    return list(frame[t("customers.col.customer_id", "zh")])


def _trail(*steps: str) -> str:
    return " › ".join([*steps[:-1], f"**{steps[-1]}**"])


def test_a_linked_tier_lists_its_customers(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _customers(monkeypatch, small_store.path, customers_drill="tier:A")
    trail = _trail(t("customers.title", "zh"), t("drill.source.tier", "zh"), t("customers.tier.A", "zh"))
    assert trail in [m.value for m in at.markdown]
    # A is the shortest prefix reaching 80% of 1310: C1 700, C2 200, C3 200 (1100 = 84%; ties by id).
    assert _listed(at, "customers_drill_tier") == ["C1", "C2", "C3"]
    at.button(key="customers_back_group").click().run()
    assert "customers_drill" not in at.session_state
    assert trail not in [m.value for m in at.markdown]


def test_a_clicked_segment_lists_its_customers(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _customers(monkeypatch, small_store.path)
    at.session_state["customers_drill"] = "segment:lost"
    at.run()
    assert not at.exception
    trail = _trail(t("customers.title", "zh"), t("drill.source.segment", "zh"), t("customers.segment.lost", "zh"))
    assert trail in [m.value for m in at.markdown]
    # R by recency (C3 90 d, C4 88 d share quintile 1), F = 1 order: C4 scores R1 F2, the "lost" cell.
    assert _listed(at, "customers_drill_segment") == ["C4"]
    assert at.query_params["customers_drill"] == "segment:lost"


def test_a_picked_customer_opens_the_customer_drill_down(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _customers(monkeypatch, small_store.path, customers_drill="tier_list:C3")
    assert _trail(t("customers.title", "zh"), t("customers.tier_lists", "zh"), "C3") in [m.value for m in at.markdown]
    assert at.selectbox(key="customers_id").value == "C3"
    shown = {m.label: m.value for m in at.metric}
    # C3: O6 200 in the window, O3 50 in 2024 — two orders, lifetime 250.
    assert shown[t("customers.card.window_revenue", "zh")] == fmt.money(200.0, "zh")
    assert shown[t("customers.card.lifetime", "zh")] == fmt.money(250.0, "zh")
    assert shown[t("customers.card.orders", "zh")] == fmt.number(2, "zh")
    # The customer drill-down moved up beside the list: it is not drawn a second time at the bottom.
    assert [s.value for s in at.subheader].count(t("customers.drill", "zh")) == 1


def test_customer_charts_carry_tier_and_segment() -> None:
    curve = pd.DataFrame(
        {"rank": [1, 2, 3], "customer_share": [1 / 3, 2 / 3, 1.0], "revenue_share": [0.8, 0.95, 1.0]}
    ).assign(tier=["A", "B", "C"])
    labels = {"customer_share": "x", "revenue_share": "y"} | {f"tier.{c}": c for c in "ABC"}
    assert [(list(s.customdata), list(s.x)) for s in pareto_chart(curve, labels).data] == [
        (["A"], [1 / 3]),
        (["B"], [2 / 3]),
        (["C"], [1.0]),
    ]
    grid = pd.DataFrame(
        [(r, f, segment_of(r, f), r * f) for r in range(5, 0, -1) for f in range(1, 6)],
        columns=["r_score", "f_score", "segment", "customers"],
    )
    seg_labels = {"r_score": "R", "f_score": "F"} | {f"segment.{s}": s for s in SEGMENTS}
    figure = rfm_grid_heatmap(grid, seg_labels)
    # Unified hover would pick a cell by its column alone: the click must pick the cell under the mouse.
    assert figure.layout.hovermode == "closest"
    cells = figure.data[1]
    assert list(zip(cells.y, cells.x, cells.customdata, strict=True)) == [
        (str(r), str(f), segment_of(r, f)) for r in range(5, 0, -1) for f in range(1, 6)
    ]
