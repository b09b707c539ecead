"""One customer's drill-down, on a flat export (customers known by name) and with deals and feedback."""

from __future__ import annotations

from datetime import date

import pandas as pd
from conftest import small_opportunities, small_orders
from fixtures_customers import ALL, YEAR_2025, flat_export_orders, loaded

from salesdash.metrics.customers.detail import (
    customer_card,
    customer_choices,
    customer_deals,
    customer_feedback,
    customer_products,
    customer_timeline,
)
from salesdash.store import Store


def test_flat_export_customer_card_products_and_timeline(store: Store) -> None:
    tables = loaded(store, flat_export_orders())
    assert customer_choices(tables, ALL, YEAR_2025) == [("Acme Ltd", "Acme Ltd"), ("Beta 公司", "Beta 公司")]
    card = customer_card(tables, ALL, YEAR_2025, "Acme Ltd")
    assert {k: card[k] for k in ("customer_name", "rep_name", "orders", "revenue", "margin")} == {
        "customer_name": "Acme Ltd",
        "rep_name": "Ann",
        "orders": 2,
        "revenue": 500.0,
        "margin": 150.0,
    }
    assert (card["first_order"], card["last_order"]) == (date(2025, 1, 10), date(2025, 4, 10))
    assert customer_card(tables, ALL, YEAR_2025, "Nobody") == {}
    products = customer_products(tables, ALL, YEAR_2025, "Acme Ltd")
    assert products[["product", "category", "revenue", "quantity", "orders"]].to_dict("records") == [
        {"product": "Green tea", "category": "Tea", "revenue": 500.0, "quantity": 5.0, "orders": 2}
    ]
    timeline = customer_timeline(tables, ALL, YEAR_2025, "Acme Ltd")
    assert timeline.to_dict("records") == [
        {"period": date(2025, 1, 1), "revenue": 300.0, "orders": 1},
        {"period": date(2025, 4, 1), "revenue": 200.0, "orders": 1},
    ]
    assert customer_deals(tables, ALL, "Acme Ltd").empty
    assert customer_feedback(tables, "Acme Ltd").empty


def test_link_customer_outside_the_top_list_is_kept(store: Store) -> None:
    tables = loaded(store, flat_export_orders())
    assert customer_choices(tables, ALL, YEAR_2025, include="Beta 公司", limit=1) == [
        ("Acme Ltd", "Acme Ltd"),
        ("Beta 公司", "Beta 公司"),
    ]
    assert customer_choices(tables, ALL, YEAR_2025, include="Ghost", limit=1) == [("Acme Ltd", "Acme Ltd")]


def test_open_deals_and_feedback(store: Store) -> None:
    feedback = pd.DataFrame(
        {
            "customer_id": ["C3", "C3", "C1"],
            "feedback_date": ["2025-05-01", "2025-02-01", "2025-03-01"],
            "score": [7.0, 9.0, 5.0],
        }
    )
    feedback["feedback_date"] = pd.to_datetime(feedback["feedback_date"]).dt.date
    tables = loaded(store, small_orders(), opportunities=small_opportunities(), feedback=feedback)
    deals = customer_deals(tables, ALL, "C3")
    # D3's latest snapshot: negotiation, 400 (the earlier 999 proposal snapshot is superseded).
    assert deals[["opportunity_id", "stage", "amount"]].to_dict("records") == [
        {"opportunity_id": "D3", "stage": "negotiation", "amount": 400.0}
    ]
    assert customer_deals(tables, ALL, "C1").empty  # D1 is won, not open
    scores = customer_feedback(tables, "C3")
    assert scores["score"].tolist() == [9.0, 7.0]
