"""Cohort retention by first-order month: share of customers and of revenue still buying."""

from __future__ import annotations

from datetime import date

from fixtures_customers import ALL, cohort_orders, loaded

from salesdash.filters import Window
from salesdash.metrics.customers.cohorts import cohort_retention
from salesdash.store import Store

Q1 = Window(date(2025, 1, 1), date(2025, 3, 31))


def test_retention_of_three_cohorts(store: Store) -> None:
    tables = loaded(store, cohort_orders())
    cells = cohort_retention(tables, ALL, Q1, months=3)
    jan, feb, mar = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)
    assert cells.to_dict("records") == [
        {"cohort": jan, "age": 0, "customers": 2, "revenue": 200.0, "cohort_size": 2, "customer_share": 1.0, "revenue_share": 1.0},
        {"cohort": jan, "age": 1, "customers": 1, "revenue": 50.0, "cohort_size": 2, "customer_share": 0.5, "revenue_share": 0.25},
        {"cohort": jan, "age": 2, "customers": 1, "revenue": 100.0, "cohort_size": 2, "customer_share": 0.5, "revenue_share": 0.5},
        {"cohort": feb, "age": 0, "customers": 1, "revenue": 40.0, "cohort_size": 1, "customer_share": 1.0, "revenue_share": 1.0},
        {"cohort": feb, "age": 1, "customers": 1, "revenue": 40.0, "cohort_size": 1, "customer_share": 1.0, "revenue_share": 1.0},
        {"cohort": mar, "age": 0, "customers": 1, "revenue": 10.0, "cohort_size": 1, "customer_share": 1.0, "revenue_share": 1.0},
    ]  # fmt: skip


def test_activity_after_the_window_end_is_ignored(store: Store) -> None:
    tables = loaded(store, cohort_orders())
    cells = cohort_retention(tables, ALL, Window(date(2025, 1, 1), date(2025, 2, 28)), months=2)
    # Y2's March order and the March cohort are after the end; Y0 first bought in December: outside.
    assert cells[["cohort", "age", "customers"]].to_dict("records") == [
        {"cohort": date(2025, 1, 1), "age": 0, "customers": 2},
        {"cohort": date(2025, 1, 1), "age": 1, "customers": 1},
        {"cohort": date(2025, 2, 1), "age": 0, "customers": 1},
    ]
