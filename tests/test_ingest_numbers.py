"""Numbers as exports write them: thousands separators, decimal commas, spaces, placeholders."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdash.ingest.numbers import number_sql


def parse(texts: list[str], decimal: str) -> list[float | None]:
    sql = f"SELECT {number_sql('x', decimal)} FROM (SELECT unnest($v) AS x, generate_subscripts($v, 1) AS i) ORDER BY i"
    return [r[0] for r in duckdb.execute(sql, {"v": texts}).fetchall()]


def test_examples():
    assert parse(["1,234.50", " 99 ", "$12", "1\u00a0000.5", "abc", "(123)", "1'234.5"], ".") == [
        1234.5,
        99.0,
        12.0,
        1000.5,
        None,
        -123.0,
        1234.5,
    ]
    assert parse(["261,96", "1.234,5", " 7 ", "1 234,5", "€-3"], ",") == [261.96, 1234.5, 7.0, 1234.5, -3.0]


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_thousands_and_decimal_comma_round_trip(value):
    point = f"{value:,.2f}"  # 1,234,567.89
    comma = point.replace(",", " ").replace(".", ",").replace(" ", ".")  # 1.234.567,89
    assert parse([point], ".") == [float(round(value, 2))]
    assert parse([comma], ",") == [float(round(value, 2))]
