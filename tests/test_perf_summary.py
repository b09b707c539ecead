"""kpis' one-scan summary and growth equal sales_summary and growth_yoy, and the hand-computed figures."""

from __future__ import annotations

from datetime import date

import pytest

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import growth_yoy, sales_summary, summary_and_growth
from salesdash.tables import Tables

H1_2025 = Window(date(2025, 1, 1), date(2025, 6, 30))


def test_one_scan_matches_the_hand_computed_figures(small_tables: Tables) -> None:
    summary, growth = summary_and_growth(small_tables, Filters(), H1_2025)
    # O4..O12: 1390 revenue; O12 has no cost, so its 200 is outside the margin's revenue.
    assert summary == {
        "revenue": 1390.0,
        "orders": 9.0,
        "customers": 6.0,
        "avg_order_value": 1390.0 / 9,
        "gross_margin": 530.0 / 1190.0,
    }
    assert growth == pytest.approx(1390.0 / 400.0 - 1)  # 2024 H1: O1 100 + O2 300


def test_a_scope_without_last_year_has_no_growth(small_tables: Tables) -> None:
    summary, growth = summary_and_growth(small_tables, Filters(region=("West",)), H1_2025)
    assert (summary["revenue"], summary["orders"], summary["customers"]) == (350.0, 3.0, 3.0)
    assert growth is None  # West's only 2024 line (O3) is in August


@pytest.mark.parametrize(
    "filters, window",
    [
        (Filters(), H1_2025),
        (Filters(region=("East",)), H1_2025),
        (Filters(category=("Tea",), segment=("SMB",)), Window(date(2024, 1, 1), date(2025, 12, 31))),
        (Filters(), Window(date(2023, 1, 1), date(2023, 12, 31))),
        (Filters(team=("T2",)), Window(date(2025, 2, 1), date(2025, 4, 30))),
    ],
)
def test_one_scan_equals_the_separate_figures(small_tables: Tables, filters: Filters, window: Window) -> None:
    summary, growth = summary_and_growth(small_tables, filters, window)
    assert summary == sales_summary(small_tables, filters, window)
    assert growth == growth_yoy(small_tables, filters, window)
