"""The Overview's trend: revenue per month beside the comparison period's month and the month's target."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from salesdash.filters import Filters, Window
from salesdash.metrics.targets.on_track import monthly_on_track
from salesdash.tables import Tables

WINDOW = Window(date(2025, 1, 1), date(2025, 6, 28))
YEAR_BEFORE = Window(date(2024, 1, 1), date(2024, 6, 28))
MONTHS = [date(2025, m, 1) for m in range(1, 7)]
# The small fixture's lines (tests/conftest.small_orders), summed by hand per month of 2025 and of 2024.
REVENUE = [500.0, 250.0, 200.0, 230.0, 10.0, 200.0]  # Jan O4 400+100; Apr O7 150 + O8 80; May 60 − 50; Jun 0 + 200


def _values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in column]


def test_revenue_previous_and_target_per_month(small_tables: Tables) -> None:
    frame = monthly_on_track(small_tables, Filters(), WINDOW, YEAR_BEFORE)
    assert {"period", "revenue", "previous", "partial", "target"} <= set(frame.columns)
    assert list(frame["period"]) == MONTHS
    assert _values(frame["revenue"]) == REVENUE
    # 2024 has lines in February (O1 100) and May (O2 300) only: each beside the same month of 2025.
    assert _values(frame["previous"]) == [None, 100.0, None, None, 300.0, None]
    assert list(frame["partial"]) == [False] * 5 + [True]  # the window ends on 28 June
    assert list(frame["target"]) == [pytest.approx(v) for v in [300.0] * 5 + [300.0 * 28 / 30]]


def test_without_a_comparison_there_is_no_previous_figure(small_tables: Tables) -> None:
    frame = monthly_on_track(small_tables, Filters(region=("West",)), WINDOW, None)
    assert list(frame["period"]) == MONTHS
    assert _values(frame["revenue"]) == [None, None, 200.0, 150.0, None, 0.0]  # O6; O7; O11 (a zero line)
    assert frame["previous"].isna().all()
    assert frame["target"].isna().all()  # West has no targets, nor do its reps (R3)
