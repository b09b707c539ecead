"""Monthly targets in one query equal target_for month by month, roll-up and pro rata included."""

from __future__ import annotations

from datetime import date

import pytest

from salesdash.filters import Filters, Window
from salesdash.metrics.targets.targets import target_by_month
from salesdash.tables import Tables

WINDOW = Window(date(2025, 1, 1), date(2025, 6, 28))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), [300.0, 300.0, 300.0, 300.0, 300.0, 300.0 * 28 / 30]),
        # East: Q1 900 over 90 days, Q2 600 over 91 days, by the days of each month in the window
        (
            Filters(region=("East",)),
            [900 * 31 / 90, 900 * 28 / 90, 900 * 31 / 90, 600 * 30 / 91, 600 * 31 / 91, 600 * 28 / 91],
        ),
        (Filters(team=("T1",)), [210.0] * 5 + [210.0 * 28 / 30]),  # no team targets: its reps' 120 + 90
        (Filters(rep=("R3",)), [None] * 6),
        (Filters(segment=("SMB",)), [None] * 6),
    ],
)
def test_target_by_month(small_tables: Tables, filters: Filters, expected: list[float | None]) -> None:
    frame = target_by_month(small_tables, filters, WINDOW)
    assert list(frame["period"]) == [date(2025, m, 1) for m in range(1, 7)]
    assert list(frame["target"]) == [pytest.approx(v) if v is not None else None for v in expected]
