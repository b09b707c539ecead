"""Price-volume-mix: the effects add up exactly to the change in revenue, new and discontinued apart."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fixtures_market import PVM_ROWS, d, make_tables

from salesdash.filters import Filters, Window
from salesdash.metrics.market.pvm import pvm_bridge, pvm_by_product

WINDOW = Window(d("2025-01-01"), d("2025-12-31"))
BEFORE = WINDOW.year_earlier()


def test_bridge_by_hand(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "p.duckdb", PVM_ROWS)
    bridge = pvm_bridge(tables, Filters(), WINDOW, BEFORE)
    # Continuing A, B: Q0 = 40, Q1 = 44, R0 = 110, average price 2.75; s0 = (.25, .75), s1 = (20/44, 24/44).
    # volume = 4 × 2.75 = 11; mix = 44 × ((20/44 − .25) × 5 + (24/44 − .75) × 2) = 45 − 18 = 27;
    # price = (6 − 5) × 20 + (2 − 2) × 24 = 20; new D = 20; discontinued C = −40.
    values = dict(zip(bridge["step"], bridge["value"], strict=True))
    assert list(values) == ["previous", "volume", "price", "mix", "new", "discontinued", "current"]
    assert values["previous"] == 150.0
    assert values["current"] == 188.0
    assert values["volume"] == pytest.approx(11.0, abs=1e-12)
    assert values["price"] == pytest.approx(20.0, abs=1e-12)
    assert values["mix"] == pytest.approx(27.0, abs=1e-12)
    assert values["new"] == 20.0
    assert values["discontinued"] == -40.0


def test_products_by_hand(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "p.duckdb", PVM_ROWS)
    products = pvm_by_product(tables, Filters(), WINDOW, BEFORE).set_index("product")
    assert products["kind"].to_dict() == {"A": "continuing", "B": "continuing", "C": "discontinued", "D": "new"}
    assert products.loc["A", "volume"] == pytest.approx(4 * 0.25 * 5)
    assert products.loc["B", "volume"] == pytest.approx(4 * 0.75 * 2)
    assert products.loc["A", "mix"] == pytest.approx(44 * (20 / 44 - 0.25) * 5)
    assert products.loc["B", "mix"] == pytest.approx(44 * (24 / 44 - 0.75) * 2)
    assert products.loc["A", "p1"] == 6.0
    assert products.loc["D", ["volume", "price", "mix", "discontinued"]].tolist() == [0.0] * 4


def test_effects_add_up_exactly_on_random_data(tmp_path: Path) -> None:
    rng = random.Random(11)
    rows: list[tuple] = []
    for i in range(300):
        product = f"P{rng.randrange(12)}"
        year = rng.choice((2024, 2025))
        units = rng.choice((1, 2, 3, 5, 8, -1))  # -1: a return
        price = rng.choice((1.5, 2.25, 4.0, 9.75))
        quantity = None if i % 37 == 0 else units
        rows.append((f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}", units * price, product, quantity))
    rows.append(("2024-05-05", 3.0, None, 1))  # a line without product
    tables = make_tables(tmp_path / "r.duckdb", rows)
    bridge = pvm_bridge(tables, Filters(), WINDOW, BEFORE).set_index("step")["value"]
    previous = sum(r[1] for r in rows if r[0].startswith("2024"))
    current = sum(r[1] for r in rows if r[0].startswith("2025"))
    assert bridge["previous"] == pytest.approx(previous, abs=1e-9)
    assert bridge["current"] == pytest.approx(current, abs=1e-9)
    effects = bridge[["volume", "price", "mix", "new", "discontinued"]].sum()
    assert abs(effects - (bridge["current"] - bridge["previous"])) < 1e-9
    products = pvm_by_product(tables, Filters(), WINDOW, BEFORE)
    for effect in ("volume", "price", "mix", "new", "discontinued"):
        assert products[effect].sum() == pytest.approx(bridge[effect], abs=1e-9)
