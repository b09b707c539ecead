"""Fiscal years, quarters and months: the periods targets are set and paced in.

A fiscal year starts on the first day of the month held by the setting `fiscal_year_start_month`
(1–12, January by default) and is named by the calendar year it starts in. Quarters are the
fiscal year's months taken three at a time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from salesdash.errors import InputError
from salesdash.filters import Window, fiscal_year_start, shift_years
from salesdash.i18n import t

__all__ = [
    "FISCAL_SETTING",
    "PERIOD_KINDS",
    "Period",
    "fiscal_months",
    "month_window",
    "period_containing",
    "period_label",
    "periods_overlapping",
    "working_days",
]

FISCAL_SETTING = "fiscal_year_start_month"
PERIOD_KINDS: tuple[str, ...] = ("year", "quarter", "month")


@dataclass(frozen=True)
class Period:
    """One fiscal year, quarter or month: its kind, its days, its fiscal year and its number in that year."""

    kind: str
    window: Window
    fiscal_year: int
    number: int = 1

    @property
    def start(self) -> date:
        return self.window.start

    @property
    def end(self) -> date:
        return self.window.end


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_window(day: date) -> Window:
    """The calendar month containing `day`."""
    return Window(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))


def period_containing(kind: str, day: date, first_month: int = 1) -> Period:
    """The fiscal year, quarter or month that contains `day`.

    >>> period_containing("quarter", date(2025, 5, 17), first_month=4).window
    Window(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30))
    """
    if kind not in PERIOD_KINDS:
        raise ValueError(f"kind must be one of {PERIOD_KINDS}")
    year_start = fiscal_year_start(day, first_month)
    month_number = (day.year - year_start.year) * 12 + day.month - year_start.month + 1
    if kind == "year":
        return Period(kind, Window(year_start, shift_years(year_start, 1) - timedelta(days=1)), year_start.year)
    if kind == "quarter":
        number = (month_number - 1) // 3 + 1
        start = _add_months(year_start, (number - 1) * 3)
        return Period(kind, Window(start, _add_months(start, 3) - timedelta(days=1)), year_start.year, number)
    return Period(kind, month_window(day), year_start.year, month_number)


def periods_overlapping(kind: str, window: Window, first_month: int = 1) -> list[Period]:
    """Every fiscal period of a kind that shares at least one day with the window, in order."""
    found: list[Period] = []
    day = window.start
    while day <= window.end:
        period = period_containing(kind, day, first_month)
        found.append(period)
        day = period.end + timedelta(days=1)
    return found


def fiscal_months(year: Period) -> list[Window]:
    """The twelve (or fewer, for a shorter period) calendar months of a period, in order."""
    return [p.window for p in periods_overlapping("month", year.window)]


def working_days(window: Window) -> int:
    """Monday-to-Friday days in the window (public holidays are not known, so they count)."""
    full_weeks, extra = divmod(window.days, 7)
    count = full_weeks * 5
    for offset in range(extra):
        if (window.start + timedelta(days=full_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def period_label(period: Period, first_month: int, lang: str) -> str:
    """'2025', 'FY2025/26', '2025 Q2', 'FY2025/26 Q1' or '2025-04' (months are always calendar months)."""
    if period.kind == "month":
        return f"{period.start.year}-{period.start.month:02d}"
    if first_month == 1:
        year = str(period.fiscal_year)
    else:
        year = t("periods.fiscal_year", lang, start=period.fiscal_year, end=f"{(period.fiscal_year + 1) % 100:02d}")
    return year if period.kind == "year" else t("periods.quarter", lang, year=year, number=period.number)


def check_first_month(value: object) -> int:
    """The fiscal year's first month as an int 1–12; anything else is refused with a message."""
    try:
        month = int(str(value))
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        raise InputError(key="error.settings.first_month", value=repr(value))
    return month
