"""Revenue per month of the window beside the comparison's, like with like (docs/figures.md, "Sales")."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import revenue_in
from salesdash.tables import Tables

__all__ = ["compared_months", "month_trend", "months_of"]


def months_of(window: Window) -> list[tuple[date, Window]]:
    """Each calendar month the window touches: its first day and the part of it inside the window.

    >>> months_of(Window(date(2026, 1, 15), date(2026, 2, 10)))[1]
    (datetime.date(2026, 2, 1), Window(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 10)))
    """
    out = []
    first = window.start.replace(day=1)
    while first <= window.end:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append((first, Window(max(first, window.start), min(last, window.end))))
        first = last + timedelta(days=1)
    return out


def _like_for_like(month: date, part: Window, other: date, other_part: Window) -> Window:
    """The comparison month's same days as the current month's partial stretch (1st–18th against
    1st–18th), inside the comparison window and its own month."""
    last = other.replace(day=calendar.monthrange(other.year, other.month)[1])
    start = other + timedelta(days=(part.start - month).days)
    end = other + timedelta(days=(part.end - month).days)
    return Window(max(start, other_part.start), min(end, last, other_part.end))


def compared_months(window: Window, comparison: Window | None) -> list[tuple[date, Window, Window | None, bool]]:
    """Each month of the window: its first day, its part inside the window, the comparison's stretch set
    beside it (the comparison's month at the same position; for a partial month only its same days, like
    with like; None past the comparison's end or without a comparison), and whether the month is partial.

    >>> compared_months(Window(date(2026, 9, 1), date(2026, 9, 18)), Window(date(2025, 9, 1), date(2025, 9, 30)))[0][2]
    Window(start=datetime.date(2025, 9, 1), end=datetime.date(2025, 9, 18))
    """
    months = months_of(window)
    partial = [part.end.day != calendar.monthrange(m.year, m.month)[1] or part.start != m for m, part in months]
    others: list[tuple[date, Window] | None] = list(months_of(comparison)) if comparison is not None else []
    others += [None] * (len(months) - len(others))
    return [
        (m, part, None if other is None else _like_for_like(m, part, *other) if cut else other[1], cut)
        for (m, part), other, cut in zip(months, others, partial, strict=False)
    ]


def month_trend(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """period (month start), revenue, previous (the comparison's month at the same position), partial
    (the window covers only part of the month) and through (the window's last day in that month).

    A partial month is compared like with like: with the same days of its comparison month, so that the
    current month to the 18th is not set against a whole month. Months without order lines are None.
    """
    months = compared_months(window, comparison)
    revenue = revenue_in(tables, filters, [part for _, part, _, _ in months])
    stretches = [other for _, _, other, _ in months if other is not None]
    previous: list[float | None] = [None] * len(months)
    found = revenue_in(tables, filters, stretches)
    previous[: len(found)] = found
    return pd.DataFrame(
        {
            "period": [m for m, _, _, _ in months],
            "revenue": revenue,
            "previous": previous,
            "partial": [cut for _, _, _, cut in months],
            "through": [part.end for _, part, _, _ in months],
        }
    )
