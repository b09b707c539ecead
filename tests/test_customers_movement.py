"""Tier migration between the comparison window and the window; new versus returning revenue."""

from __future__ import annotations

from datetime import date

from fixtures_customers import ALL, YEAR_2024, YEAR_2025, loaded, migration_orders

from salesdash.filters import Window
from salesdash.metrics.customers.movement import new_vs_returning, new_vs_returning_summary, tier_migration
from salesdash.store import Store


def test_migration_counts_moves_new_and_lost(store: Store) -> None:
    tables = loaded(store, migration_orders())
    matrix = tier_migration(tables, ALL, YEAR_2025, YEAR_2024)
    assert len(matrix) == 16
    moved = matrix[matrix["customers"] > 0]
    assert moved.to_dict("records") == [
        {"from_tier": "A", "to_tier": "B", "customers": 1, "revenue": 100.0, "previous": 800.0},
        {"from_tier": "B", "to_tier": "A", "customers": 1, "revenue": 700.0, "previous": 150.0},
        {"from_tier": "C", "to_tier": "lost", "customers": 1, "revenue": 0.0, "previous": 50.0},
        {"from_tier": "new", "to_tier": "A", "customers": 1, "revenue": 200.0, "previous": 0.0},
    ]


def test_migration_without_comparison_is_empty(store: Store) -> None:
    tables = loaded(store, migration_orders())
    assert tier_migration(tables, ALL, YEAR_2025, None).empty


def test_new_versus_returning_revenue(store: Store) -> None:
    tables = loaded(store, migration_orders())
    monthly = new_vs_returning(tables, ALL, YEAR_2025)
    assert monthly.to_dict("records") == [
        {
            "period": date(2025, 2, 1),
            "new_revenue": 0.0,
            "returning_revenue": 700.0,
            "new_customers": 0,
            "returning_customers": 1,
        },
        {
            "period": date(2025, 3, 1),
            "new_revenue": 200.0,
            "returning_revenue": 100.0,
            "new_customers": 1,
            "returning_customers": 1,
        },
    ]
    assert new_vs_returning_summary(tables, ALL, YEAR_2025) == {
        "new_customers": 1.0,
        "returning_customers": 2.0,
        "new_revenue": 200.0,
        "returning_revenue": 800.0,
        "new_share": 0.2,
    }


def test_everyone_is_new_in_their_first_window(store: Store) -> None:
    tables = loaded(store, migration_orders())
    summary = new_vs_returning_summary(tables, ALL, YEAR_2024)
    assert summary["new_customers"] == 3.0 and summary["returning_customers"] == 0.0
    assert summary["new_share"] == 1.0
    empty = new_vs_returning_summary(tables, ALL, Window(date(2023, 1, 1), date(2023, 12, 31)))
    assert empty == dict.fromkeys(empty)
