"""Fiscal years, quarters and months, with a fiscal year that starts in April."""

from __future__ import annotations

from datetime import date

import pytest

from salesdash.errors import InputError
from salesdash.filters import Filters, Window, preset_window
from salesdash.periods import (
    Period,
    check_first_month,
    fiscal_months,
    period_containing,
    period_label,
    periods_overlapping,
    working_days,
)
from salesdash.tables import Tables


def test_periods_of_a_fiscal_year_starting_in_april():
    day = date(2026, 2, 14)
    assert period_containing("year", day, 4) == Period("year", Window(date(2025, 4, 1), date(2026, 3, 31)), 2025)
    assert period_containing("quarter", day, 4) == Period(
        "quarter", Window(date(2026, 1, 1), date(2026, 3, 31)), 2025, 4
    )
    assert period_containing("month", day, 4) == Period("month", Window(date(2026, 2, 1), date(2026, 2, 28)), 2025, 11)
    assert period_containing("quarter", date(2025, 4, 1), 4).number == 1
    assert period_containing("quarter", date(2025, 3, 31), 4).window == Window(date(2025, 1, 1), date(2025, 3, 31))


def test_calendar_year_is_the_default():
    assert period_containing("quarter", date(2025, 5, 17)).window == Window(date(2025, 4, 1), date(2025, 6, 30))
    assert period_containing("year", date(2025, 5, 17)).window == Window(date(2025, 1, 1), date(2025, 12, 31))


def test_fiscal_quarters_that_straddle_calendar_years():
    quarters = periods_overlapping("quarter", Window(date(2025, 4, 1), date(2026, 3, 31)), 11)
    assert [(q.start, q.end, q.fiscal_year, q.number) for q in quarters] == [
        (date(2025, 2, 1), date(2025, 4, 30), 2024, 2),
        (date(2025, 5, 1), date(2025, 7, 31), 2024, 3),
        (date(2025, 8, 1), date(2025, 10, 31), 2024, 4),
        (date(2025, 11, 1), date(2026, 1, 31), 2025, 1),
        (date(2026, 2, 1), date(2026, 4, 30), 2025, 2),
    ]


def test_fiscal_months_of_a_year():
    months = fiscal_months(period_containing("year", date(2025, 6, 1), 4))
    assert [m.start for m in months] == [date(2025, m, 1) for m in range(4, 13)] + [date(2026, m, 1) for m in (1, 2, 3)]
    assert months[-1].end == date(2026, 3, 31)


def test_working_days_count_monday_to_friday():
    assert working_days(Window(date(2025, 4, 1), date(2025, 4, 30))) == 22
    assert working_days(Window(date(2025, 2, 1), date(2025, 2, 28))) == 20
    assert working_days(Window(date(2025, 3, 8), date(2025, 3, 9))) == 0  # a weekend
    assert working_days(Window(date(2024, 1, 1), date(2024, 12, 31))) == 262


def test_labels_follow_the_fiscal_year_and_language():
    april = period_containing("quarter", date(2025, 5, 1), 4)
    assert period_label(april, 4, "en") == "FY2025/26 Q1"
    assert period_label(april, 4, "zh") == "2025/26财年 第1季度"
    assert period_label(period_containing("year", date(2025, 5, 1)), 1, "en") == "2025"
    assert period_label(period_containing("month", date(2025, 5, 1), 4), 4, "en") == "2025-05"


def test_first_month_must_be_1_to_12():
    assert check_first_month("4") == 4
    for bad in (0, 13, "April", None):
        with pytest.raises(InputError):
            check_first_month(bad)


def test_default_window_and_presets_follow_the_fiscal_setting(small_store):
    tables = Tables(small_store.ibis(), small_store.loaded_tables(), {"fiscal_year_start_month": 4})
    # The latest order is 2025-06-28, in the fiscal year that started on 2025-04-01.
    assert tables.default_window() == Window(date(2025, 4, 1), date(2025, 6, 28))
    assert tables.window(Filters()) == Window(date(2025, 4, 1), date(2025, 6, 28))
    assert preset_window("quarter", date(2025, 6, 28), 4) == Window(date(2025, 4, 1), date(2025, 6, 28))
    assert preset_window("year", date(2026, 1, 5), 4) == Window(date(2025, 4, 1), date(2026, 3, 31))
