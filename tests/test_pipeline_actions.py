"""Deals that need action, after-sales, and the deals behind a chart point."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import LOCAL
from fixtures_pipeline import FILTERS, WINDOW, pipeline_store

from salesdash.metrics.pipeline.deal_actions import action_list, after_sales, deals_behind, large_deal_threshold
from salesdash.store import Store
from salesdash.tables import Tables


@pytest.fixture
def tables(store: Store) -> Tables:
    return Tables.from_store(pipeline_store(store, history=True))


def test_action_list_with_history(tables: Tables) -> None:
    # As of 30 June. Medians over all deals: contact 10, needs 17.5, proposal 16.5, negotiation 47.5 days.
    # P6 60 days in contact (> 20), P5 107 in proposal (> 33) and overdue, P7 86 in needs (> 35);
    # P4 90 days in negotiation is under 95. Large = 2 × avg won size 666.67: P6 (5,000, contact).
    frame = action_list(tables, FILTERS, WINDOW)
    rows = frame[["opportunity_id", "rep_name", "customer_name", "age_days", "days_in_stage"]].to_dict("records")
    assert rows == [
        {"opportunity_id": "P6", "rep_name": "Ann", "customer_name": "Bee", "age_days": 60, "days_in_stage": 60},
        {"opportunity_id": "P5", "rep_name": "Cy", "customer_name": "Dot", "age_days": 121, "days_in_stage": 107},
        {"opportunity_id": "P7", "rep_name": "Cy", "customer_name": "Cat", "age_days": 90, "days_in_stage": 86},
    ]
    assert frame[["stalled", "overdue", "large_early"]].values.tolist() == [
        [True, False, True],
        [True, True, False],
        [True, False, False],
    ]


def test_action_list_without_history_flags_overdue_and_large(store: Store) -> None:
    tables = Tables.from_store(pipeline_store(store, history=False))
    frame = action_list(tables, FILTERS, WINDOW)
    assert frame["opportunity_id"].tolist() == ["P6", "P5"]
    assert frame[["stalled", "overdue", "large_early"]].values.tolist() == [[False, False, True], [False, True, False]]


def test_large_deal_threshold_setting(store: Store) -> None:
    store.set_setting("pipeline_large_deal_amount", 400, user=LOCAL)
    tables = Tables.from_store(pipeline_store(store, history=False))
    assert large_deal_threshold(tables, FILTERS, WINDOW) == 400.0
    assert action_list(tables, FILTERS, WINDOW)["opportunity_id"].tolist() == ["P6", "P5"]


def test_after_sales(tables: Tables) -> None:
    frame = after_sales(tables, FILTERS, WINDOW)
    assert frame[["opportunity_id", "customer_name", "rep_name", "amount", "days_since_won"]].to_dict("records") == [
        {"opportunity_id": "P8", "customer_name": "Dot", "rep_name": "Bo", "amount": 700.0, "days_since_won": 135}
    ]
    assert frame["closed_date"].tolist() == [pd.Timestamp(date(2025, 2, 15))]


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("funnel", "proposal", ["P1", "P4", "P5", "P2", "P9"]),
        ("funnel", "won", ["P1", "P9"]),
        ("outcome", "2025-04-01", ["P2"]),
        ("lost_reason", "price", ["P2"]),
        ("competitor", "Beta", ["P3", "P9"]),
        ("forecast", "2025-07-01", ["P4"]),
        ("forecast", "no_date", ["P7"]),
        ("rep", "R1", ["P6", "P1", "P3"]),
        ("segment", "SMB", ["P1", "P4", "P3", "P7"]),
        ("region", "West", ["P5", "P9", "P7"]),
        ("unknown", "x", []),
    ],
)
def test_deals_behind_a_chart_point(tables: Tables, source: str, value: str, expected: list[str]) -> None:
    assert deals_behind(tables, FILTERS, WINDOW, source, value)["opportunity_id"].tolist() == expected
