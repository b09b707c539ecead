"""Seasonality index from complete years, the year × month history, and the expected band."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_market import d, make_tables

from salesdash.filters import Filters, Window
from salesdash.metrics.market.seasonality import expected_band, monthly_history, seasonality_index
from salesdash.tables import Tables


def _rows(year: int, months: range, revenue: object) -> list[tuple]:
    return [(f"{year}-{m:02d}-15", float(revenue(m) if callable(revenue) else revenue)) for m in months]


def test_index_uses_complete_years_only(tmp_path: Path) -> None:
    # 2023 starts in February (incomplete, flat 10), 2024 is complete (20 × month), 2025 runs to June.
    rows = _rows(2023, range(2, 13), 10) + _rows(2024, range(1, 13), lambda m: 20 * m) + _rows(2025, range(1, 7), 999)
    tables = make_tables(tmp_path / "s.duckdb", rows)
    result = seasonality_index(tables, Filters(), Window(d("2025-01-01"), d("2025-06-30")))
    assert result["month"].tolist() == list(range(1, 13))
    assert result["index"].tolist() == pytest.approx([12 * m / 78 for m in range(1, 13)])
    assert result["years"].tolist() == [1] * 12
    assert result["index"].mean() == pytest.approx(1.0)


def test_index_pools_years_and_counts_empty_months(tmp_path: Path) -> None:
    # 2023: 10 × month except no sale in July; 2024: 30 × month. Window ends on 31 December 2024.
    rows = [r for r in _rows(2023, range(1, 13), lambda m: 10 * m) if "-07-" not in r[0]]
    rows += _rows(2024, range(1, 13), lambda m: 30 * m)
    tables = make_tables(tmp_path / "s.duckdb", rows)
    result = seasonality_index(tables, Filters(), Window(d("2024-01-01"), d("2024-12-31")))
    total = 10 * (78 - 7) + 30 * 78
    expected = [12 * (10 * m * (m != 7) + 30 * m) / total for m in range(1, 13)]
    assert result["index"].tolist() == pytest.approx(expected)
    assert result["years"].iloc[0] == 2


def test_no_complete_year_gives_no_index(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "s.duckdb", _rows(2024, range(3, 13), 5) + _rows(2025, range(1, 6), 5))
    assert seasonality_index(tables, Filters(), Window(d("2025-01-01"), d("2025-05-31"))).empty


def test_monthly_history_fills_empty_months(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "s.duckdb", [("2024-11-02", 4.0), ("2025-01-09", 6.0), ("2025-06-01", 1.0)])
    history = monthly_history(tables, Filters(), Window(d("2025-01-01"), d("2025-02-10")))
    assert list(zip(history["year"], history["month"], history["revenue"], strict=True)) == [
        (2024, 11, 4.0),
        (2024, 12, 0.0),
        (2025, 1, 6.0),
        (2025, 2, 0.0),
    ]


def _band_rows() -> list[tuple]:
    # 2024 flat at 100 (index 1 every month); 2025: 100 for five months, then 700 in June.
    return _rows(2024, range(1, 13), 100) + _rows(2025, range(1, 6), 100) + [("2025-06-15", 700.0)]


def test_expected_band_flags_the_outlier(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "b.duckdb", _band_rows())
    band = expected_band(tables, Filters(), Window(d("2025-01-01"), d("2025-06-30")))
    # Residuals 0, 0, 0, 0, 0, 600: mean 100, population σ = √(60000 − 100²) = √50000.
    sigma = 50000**0.5
    assert band["month"].tolist() == [d(f"2025-{m:02d}-01") for m in range(1, 7)]
    assert band["expected"].tolist() == pytest.approx([100.0] * 6)
    assert band["high"].tolist() == pytest.approx([100 + 2 * sigma] * 6)
    assert band["low"].tolist() == pytest.approx([100 - 2 * sigma] * 6)
    assert band["flagged"].tolist() == [False] * 5 + [True]


def test_band_width_is_a_setting(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "b.duckdb", _band_rows())
    wider = Tables(tables.backend, tables.loaded, {"market_band_sigma": 3})
    band = expected_band(wider, Filters(), Window(d("2025-01-01"), d("2025-06-30")))
    assert band["high"].iloc[-1] == pytest.approx(100 + 3 * 50000**0.5)
    assert not band["flagged"].any()


def test_partial_last_month_is_expected_pro_rata(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "b.duckdb", [*_band_rows(), ("2025-07-02", 50.0)])
    # July is cut at the 10th: expected = 10/31 × mean(Jul 2024 … Jun 2025) = 10/31 × 1800/12.
    band = expected_band(tables, Filters(), Window(d("2025-01-01"), d("2025-07-10")))
    assert band["expected"].iloc[-1] == pytest.approx(10 / 31 * 150)
    assert band["expected"].iloc[-2] == pytest.approx(100.0)
