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
            "partial": [False, False, False, False],
        }
    )
    numbers = {c: "float64" for c in expected.columns[1:-1]}
    pd.testing.assert_frame_equal(result.astype(numbers).astype({"partial": bool}), expected)
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


def test_the_partial_month_is_compared_with_the_same_days(tmp_path: Path) -> None:
    # Window April 1 – June 18 against January 1 – March 31, month by month by position; June is partial, so
    # it meets March 1–18 only: the 300 of 25 March is not set against 18 days of June.
    rows = [
        ("2025-01-10", 10.0, "A", 1),
        ("2025-02-05", 20.0, "A", 2),
        ("2025-03-10", 30.0, "A", 3),
        ("2025-03-18", 5.0, "A", None),
        ("2025-03-25", 300.0, "A", 30),
        ("2025-04-02", 40.0, "A", 4),
        ("2025-05-02", 50.0, "A", 5),
        ("2025-06-10", 60.0, "A", 6),
        ("2025-06-18", 70.0, "A", 7),
    ]
    tables = make_tables(tmp_path / "p.duckdb", rows)
    result = trend(
        tables, Filters(), Window(d("2025-04-01"), d("2025-06-18")), Window(d("2025-01-01"), d("2025-03-31"))
    )
    assert result["revenue"].tolist() == [40.0, 50.0, 130.0]
    assert result["partial"].tolist() == [False, False, True]
    assert result["previous_revenue"].tolist() == [10.0, 20.0, 35.0]
    assert result["previous_volume"].tolist() == [1.0, 2.0, 3.0]
    assert result["previous_orders"].tolist() == [1.0, 1.0, 2.0]
    # The moving average leaves the partial month out: it would read as a slump.
    assert result["revenue_ma"].tolist()[:2] == [40.0, 45.0]
    assert pd.isna(result["revenue_ma"].iloc[2])


def test_partial_periods_are_marked_at_every_grain(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "q.duckdb", GROWTH_ROWS)
    by_quarter = trend(tables, Filters(), Window(d("2025-01-01"), d("2025-05-15")), None, "quarter")
    assert by_quarter["partial"].tolist() == [False, True]
    # 2025-01-10 is a Friday: its week (Mon 6 – Sun 12 January) starts before a window opening on the 8th.
    by_week = trend(tables, Filters(), Window(d("2025-01-08"), d("2025-04-06")), None, "week")
    assert by_week["period"].tolist() == [d("2025-01-06"), d("2025-01-20"), d("2025-02-10"), d("2025-03-31")]
    assert by_week["partial"].tolist() == [True, False, False, False]


def test_a_partial_last_month_grows_against_the_same_days_of_the_month_before(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "g.duckdb", GROWTH_ROWS)
    result = monthly_growth(tables, Filters(), Window(d("2025-01-01"), d("2025-02-14")))
    assert result["partial"].tolist() == [False, True]
    # February 1–14: 80 (the 14th), against January 1–14: 100 (the 10th; the 50 of the 20th is later in the
    # month). Against the whole of January (150) it would read −46.7%.
    assert result["mom"].iloc[1] == pytest.approx(80 / 100 - 1)


def test_a_partial_quarter_is_compared_with_the_same_days(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "q.duckdb", GROWTH_ROWS)
    # 1 April – 10 May (40 days) against 1 January – 9 February: 100 + 50, not the 14 February 80.
    result = trend(
        tables, Filters(), Window(d("2025-04-01"), d("2025-05-10")), Window(d("2025-01-01"), d("2025-03-31")), "quarter"
    )
    assert result["revenue"].tolist() == [20.0]
    assert result["partial"].tolist() == [True]
    assert result["previous_revenue"].tolist() == [150.0]
