"""Trend with moving average and comparison overlay; monthly year-on-year and month-on-month growth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_market import d, make_tables

from salesdash.filters import Filters, Window
from salesdash.metrics.market.trend import has_quantity, monthly_growth, trend
from salesdash.metrics.sales import growth_yoy

# 2024: Jan 100, Mar 50 (no Feb, no Apr); 2025: Jan 150 (two orders), Feb 80, no Mar, Apr 20.
GROWTH_ROWS: list[tuple] = [
    ("2024-01-05", 100.0),
    ("2024-03-09", 50.0),
    ("2025-01-10", 100.0),
    ("2025-01-20", 50.0),
    ("2025-02-14", 80.0),
    ("2025-04-02", 20.0),
]


def test_monthly_growth_with_missing_months(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "g.duckdb", GROWTH_ROWS)
    window = Window(d("2025-01-01"), d("2025-04-30"))
    result = monthly_growth(tables, Filters(), window)
    nan = float("nan")
    expected = pd.DataFrame(
        {
            "month": [d("2025-01-01"), d("2025-02-01"), d("2025-03-01"), d("2025-04-01")],
            "revenue": [150.0, 80.0, nan, 20.0],
            "previous_year": [100.0, nan, 50.0, nan],
            "yoy": [0.5, nan, nan, nan],
            "mom": [nan, 80 / 150 - 1, nan, nan],
        }
    )
    pd.testing.assert_frame_equal(result.astype({c: "float64" for c in expected.columns[1:]}), expected)
    # The months add up to the window's growth_yoy: 250 / 150 − 1.
    assert growth_yoy(tables, Filters(), window) == pytest.approx(250 / 150 - 1)
    total = result["revenue"].sum() / result["previous_year"].sum() - 1
    assert total == pytest.approx(growth_yoy(tables, Filters(), window))


def test_monthly_growth_clips_partial_months(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "g.duckdb", GROWTH_ROWS)
    # From 15 January: the 2025-01-10 line and the 2024-01-05 line fall outside.
    result = monthly_growth(tables, Filters(), Window(d("2025-01-15"), d("2025-02-28")))
    assert result["revenue"].tolist() == [50.0, 80.0]
    assert result["previous_year"].isna().tolist() == [True, True]
    assert result["mom"].iloc[1] == pytest.approx(80 / 50 - 1)


def test_trend_moving_average_and_comparison(tmp_path: Path) -> None:
    rows = [
        ("2024-01-03", 10.0, "A", 1),
        ("2024-02-03", 20.0, "A", 2),
        ("2025-01-03", 30.0, "A", 3),
        ("2025-01-04", 40.0, "A", None),
        ("2025-02-03", 60.0, "A", 6),
        ("2025-03-03", 90.0, "A", 9),
        ("2025-04-03", 10.0, "A", 1),
    ]
    tables = make_tables(tmp_path / "t.duckdb", rows)
    window = Window(d("2025-01-01"), d("2025-04-30"))
    result = trend(tables, Filters(), window, window.year_earlier(), "month")
    assert result["revenue"].tolist() == [70.0, 60.0, 90.0, 10.0]
    assert result["volume"].tolist() == [3.0, 6.0, 9.0, 1.0]
    assert result["orders"].tolist() == [2, 1, 1, 1]
    assert result["revenue_ma"].tolist() == pytest.approx([70.0, 65.0, 220 / 3, 160 / 3])
    assert result["previous_revenue"].tolist()[:2] == [10.0, 20.0]
    assert result["previous_revenue"].isna().tolist() == [False, False, True, True]


def test_trend_quarter_grain_and_no_comparison(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "t.duckdb", GROWTH_ROWS)
    result = trend(tables, Filters(), Window(d("2025-01-01"), d("2025-12-31")), None, "quarter")
    assert result["period"].tolist() == [d("2025-01-01"), d("2025-04-01")]
    assert result["revenue"].tolist() == [230.0, 20.0]
    assert result["volume"].isna().all()
    assert result["previous_revenue"].isna().all()


def test_has_quantity(tmp_path: Path) -> None:
    without = make_tables(tmp_path / "a.duckdb", GROWTH_ROWS)
    assert has_quantity(without, Filters()) is False
    with_units = make_tables(tmp_path / "b.duckdb", [*GROWTH_ROWS, ("2025-05-01", 5.0, "A", 1)])
    assert has_quantity(with_units, Filters()) is True
    assert has_quantity(with_units, Filters(), Window(d("2025-01-01"), d("2025-04-30"))) is False
