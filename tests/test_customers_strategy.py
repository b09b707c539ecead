"""Strategy rules: first matching (tier, segment) rule per customer and segment; saved as a setting."""

from __future__ import annotations

import pytest
from conftest import LOCAL
from fixtures_customers import ALL, YEAR_2025, loaded, rfm_orders

from salesdash.errors import InputError
from salesdash.metrics.customers.strategy import (
    RULES_SETTING,
    default_rules,
    grade_of,
    only_strategy,
    strategy_by_customer,
    strategy_by_segment,
    strategy_rules,
    validate_rules,
)
from salesdash.store import Store
from salesdash.tables import Tables

# rfm_orders: R09, R10 champions; R07, R08 loyal; R05, R06 need attention; R03, R04 hibernating;
# R01, R02 lost. Revenue 100 × i: A = R10…R05 (revenue before R05 is 4,000 of 5,500 < 80%),
# B = R04…R02 (before R02: 5,200 < 95%), C = R01.


def test_default_rules_per_customer(store: Store) -> None:
    tables = loaded(store, rfm_orders())
    table = strategy_by_customer(tables, ALL, YEAR_2025, "en").set_index("customer_id")
    assert table["tier"].to_dict() == {
        f"R{i:02d}": ("A" if i >= 5 else "B" if i >= 2 else "C") for i in range(10, 0, -1)
    }
    assert table["strategy"].to_dict() == {
        "R10": "maintain",
        "R09": "maintain",
        "R08": "maintain",
        "R07": "maintain",
        "R06": "maintain",
        "R05": "maintain",
        "R04": "win_back",
        "R03": "win_back",
        "R02": "win_back",
        "R01": "maintain",
    }
    actions = {rule["segment"]: rule["action"] for rule in default_rules("en") if rule["tier"] == "A"}
    assert table.loc["R10", "action"] == actions["champions"]
    assert table.loc["R07", "action"] == actions["*"]


def test_saved_rules_apply_first_match_first(store: Store) -> None:
    tables = loaded(store, rfm_orders())
    rules = [
        {"tier": "*", "segment": "lost", "strategy": "win_back", "action": "Call"},
        {"tier": "A", "segment": "*", "strategy": "develop", "action": "Grow"},
    ]
    store.set_setting(RULES_SETTING, rules, user=LOCAL)
    tables = Tables.from_store(store)
    assert strategy_rules(tables, "zh") == rules
    per_segment = strategy_by_segment(tables, ALL, YEAR_2025, "zh")
    assert per_segment.to_dict("records") == [
        {"tier": "A", "segment": "champions", "customers": 2, "revenue": 1900.0, "strategy": "develop", "action": "Grow"},
        {"tier": "A", "segment": "loyal", "customers": 2, "revenue": 1500.0, "strategy": "develop", "action": "Grow"},
        {"tier": "A", "segment": "need_attention", "customers": 2, "revenue": 1100.0, "strategy": "develop", "action": "Grow"},
        {"tier": "B", "segment": "hibernating", "customers": 2, "revenue": 700.0, "strategy": "none", "action": ""},
        {"tier": "B", "segment": "lost", "customers": 1, "revenue": 200.0, "strategy": "win_back", "action": "Call"},
        {"tier": "C", "segment": "lost", "customers": 1, "revenue": 100.0, "strategy": "win_back", "action": "Call"},
    ]  # fmt: skip
    only = strategy_by_customer(tables, ALL, YEAR_2025, "zh", strategy="win_back")
    assert only["customer_id"].tolist() == ["R02", "R01"]
    everyone = strategy_by_customer(tables, ALL, YEAR_2025, "zh")
    assert only_strategy(everyone, "win_back").equals(only)
    assert only_strategy(everyone, None) is everyone
    assert grade_of(everyone, "R04") == {
        "customer_id": "R04",
        "customer_name": "R04",
        "tier": "B",
        "segment": "hibernating",
        "revenue": 400.0,
        "strategy": "none",
        "action": "",
    }
    assert grade_of(everyone, "Nobody") == {}


def test_validate_rules_names_the_row_and_column() -> None:
    rows = [
        {"tier": "A", "segment": "champions", "strategy": "maintain", "action": " Visit "},
        {"tier": None, "segment": None, "strategy": None, "action": None},
        {"tier": "D", "segment": "*", "strategy": "maintain", "action": ""},
    ]
    with pytest.raises(InputError, match=r"row 3, column 'tier'"):
        validate_rules(rows)
    assert validate_rules(rows[:2]) == [
        {"tier": "A", "segment": "champions", "strategy": "maintain", "action": "Visit"}
    ]


def test_every_default_rule_is_valid_in_both_languages() -> None:
    for lang in ("en", "zh"):
        assert validate_rules(default_rules(lang)) == default_rules(lang)
