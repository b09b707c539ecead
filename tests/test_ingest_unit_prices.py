"""A guessed unit price must agree with revenue ÷ quantity, or it is not loaded (docs/uploads.md, "How columns are
recognised"): Amazon's `totla price` beside `Amount` is no unit price."""

from __future__ import annotations

import json

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdash.cli import main
from salesdash.ingest.unit_prices import HIGH, LOW, MIN_LINES, price_ratio

LINES = st.lists(
    st.tuples(
        st.integers(1, 500),  # quantity
        st.integers(1, 1_000_000),  # unit price in cents
        st.integers(0, 50),  # discount in percent
    ),
    min_size=MIN_LINES,
    max_size=40,
)


def _as_text(lines: list[tuple[int, int, int]], scale: float) -> list[tuple[str, str, str]]:
    """(quantity, price column, revenue) as an export writes them; the price column is the true price × scale."""
    out = []
    for qty, cents, discount in lines:
        price = cents / 100
        revenue = round(qty * price * (100 - discount) / 100, 2)
        out.append((str(qty), f"{price * scale:.2f}", f"{revenue:.2f}"))
    return out


@settings(max_examples=60, deadline=None)
@given(LINES)
def test_a_true_unit_price_agrees_with_revenue(lines):
    ratio = price_ratio(_as_text(lines, 1.0))
    assert ratio is not None and LOW <= ratio <= HIGH


@settings(max_examples=60, deadline=None)
@given(LINES, st.sampled_from([25.0, 100.0, 1000.0]))
def test_a_column_orders_of_magnitude_away_is_no_unit_price(lines, scale):
    ratio = price_ratio(_as_text(lines, scale))
    assert ratio is not None and ratio < LOW  # revenue is far below quantity × that column


def test_too_few_lines_say_nothing():
    assert price_ratio([("1", "10", "10")] * (MIN_LINES - 1)) is None
    assert price_ratio([("1", "10", "")] * 10 + [("x", "10", "10")] * 10) is None


def _csv(tmp_path):
    rows = ["Order ID,Date,Qty,Amount,Item Price"]
    rows += [f"A{i},2025-01-{i + 1:02d},{i % 3 + 1},{(i % 3 + 1) * 10}.00,{5000 + i}" for i in range(8)]
    path = tmp_path / "lines.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_guessed_price_that_disagrees_is_not_loaded_but_a_mapped_one_is(tmp_path, capsys):
    path, db = _csv(tmp_path), str(tmp_path / "p.duckdb")
    assert main(["ingest", str(path), "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "Item Price" not in out["mapping"]
    assert out["warnings"][0].startswith("column 'Item Price' is not taken as unit_price: revenue is about 0.00")
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(unit_price), sum(revenue) FROM orders").fetchone() == (0, 150.0)
    db2 = str(tmp_path / "q.duckdb")
    assert main(["ingest", str(path), "--db", db2, "--map", "Item Price=unit_price", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mapping"]["Item Price"] == "unit_price"
