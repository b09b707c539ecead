"""Churn risk (silent longer than twice the usual gap) and historical lifetime value and margin."""

from __future__ import annotations

from datetime import date

import pandas as pd
from fixtures_customers import ALL, YEAR_2025, churn_orders, flat_export_orders, loaded

from salesdash.metrics.customers.churn import churn_risk, churn_totals
from salesdash.metrics.customers.lifetime import lifetime_summary, lifetime_value
from salesdash.store import Store


def test_churn_risk_selects_overdue_customers_most_valuable_first(store: Store) -> None:
    tables = loaded(store, churn_orders())
    risk = churn_risk(tables, ALL, YEAR_2025)
    assert risk[["customer_id", "orders", "median_gap_days", "silent_days", "revenue"]].to_dict("records") == [
        {"customer_id": "Z5", "orders": 3, "median_gap_days": 90.0, "silent_days": 274, "revenue": 1000.0},
        {"customer_id": "Z1", "orders": 3, "median_gap_days": 29.5, "silent_days": 305, "revenue": 300.0},
    ]
    assert risk["overdue_ratio"].tolist() == [274 / 90, 305 / 29.5]
    assert risk["last_order"].map(lambda d: pd.Timestamp(d).date()).tolist() == [date(2025, 4, 1), date(2025, 3, 1)]
    # The card's totals come from their own query (no per-customer history): the same two customers, 1000 + 300.
    assert churn_totals(tables, ALL, YEAR_2025) == {"customers": 2.0, "revenue": 1300.0}
    assert churn_totals(tables, ALL, YEAR_2025, factor=4.0) == {"customers": 1.0, "revenue": 300.0}


def test_churn_totals_count_beyond_the_table_limit_and_equal_its_sums(store: Store) -> None:
    tables = loaded(store, churn_orders())
    table = churn_risk(tables, ALL, YEAR_2025, limit=1)
    assert len(table) == 1  # the table shows the most valuable one; the card counts both
    assert churn_totals(tables, ALL, YEAR_2025)["customers"] == 2.0
    full = churn_risk(tables, ALL, YEAR_2025)
    assert churn_totals(tables, ALL, YEAR_2025) == {
        "customers": float(len(full)),
        "revenue": float(full["revenue"].sum()),
    }


def test_a_stricter_factor_selects_fewer(store: Store) -> None:
    tables = loaded(store, churn_orders())
    # Z5: 274 / 90 ≈ 3.04 ≤ 4; Z1: 305 / 29.5 ≈ 10.3 > 4.
    assert churn_risk(tables, ALL, YEAR_2025, factor=4.0)["customer_id"].tolist() == ["Z1"]


def test_lifetime_value_and_margin(store: Store) -> None:
    tables = loaded(store, flat_export_orders())
    value = lifetime_value(tables, ALL, YEAR_2025)
    assert value[["customer_id", "customer_name", "rep_name", "orders", "revenue", "margin"]].to_dict("records") == [
        {"customer_id": "Acme Ltd", "customer_name": "Acme Ltd", "rep_name": "Ann", "orders": 2, "revenue": 500.0, "margin": 150.0},
        {"customer_id": "Beta 公司", "customer_name": "Beta 公司", "rep_name": "Bo", "orders": 1, "revenue": 100.0, "margin": 60.0},
    ]  # fmt: skip
    assert value["margin_rate"].tolist() == [0.3, 0.6]
    assert value["avg_order_value"].tolist() == [250.0, 100.0]
    assert lifetime_summary(tables, ALL, YEAR_2025) == {
        "customers": 2.0,
        "avg_value": 300.0,
        "median_value": 300.0,
        "avg_margin": 105.0,
    }
