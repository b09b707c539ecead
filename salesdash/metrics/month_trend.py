"""Revenue per month of the window beside the comparison's, like with like (docs/figures.md, "Sales")."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import revenue_in
from salesdash.tables import Tables

__all__ = ["PERIODS", "compared_months", "compared_periods", "month_trend", "months_of", "periods_of"]


# Calendar periods by pandas frequency: weeks run Monday to Sunday, as DuckDB truncates them.
PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}


def periods_of(window: Window, grain: str = "month") -> list[tuple[date, Window]]:
    """Each calendar period (day, week, month, quarter, year) the window touches: its first day and the
    part of it inside the window.

    >>> periods_of(Window(date(2026, 1, 15), date(2026, 2, 10)), "quarter")[0][0]
    datetime.date(2026, 1, 1)
    """
    out = []
    period = pd.Period(window.start, freq=PERIODS[grain])
    while period.start_time.date() <= window.end:
        first, last = period.start_time.date(), period.end_time.date()
        out.append((first, Window(max(first, window.start), min(last, window.end))))
        period += 1
    return out


def months_of(window: Window) -> list[tuple[date, Window]]:
    """Each calendar month the window touches: its first day and the part of it inside the window.

    >>> months_of(Window(date(2026, 1, 15), date(2026, 2, 10)))[1]
    (datetime.date(2026, 2, 1), Window(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 10)))
    """
    return periods_of(window, "month")


def _like_for_like(start: date, part: Window, other: date, other_part: Window, grain: str) -> Window:
    """The comparison period's same days as the current period's partial stretch (1st–18th against
    1st–18th), inside the comparison window and its own period."""
    last = pd.Period(other, freq=PERIODS[grain]).end_time.date()
    first = other + timedelta(days=(part.start - start).days)
    end = other + timedelta(days=(part.end - start).days)
    return Window(max(first, other_part.start), min(end, last, other_part.end))


def compared_periods(
    window: Window, comparison: Window | None, grain: str = "month"
) -> list[tuple[date, Window, Window | None, bool]]:
    """Each period of the window: its first day, its part inside the window, the comparison's stretch set
    beside it (the comparison's period at the same position; for a partial period only its same days, like
    with like; None past the comparison's end or without a comparison), and whether the period is partial.

    >>> compared_periods(Window(date(2026, 9, 1), date(2026, 9, 18)), Window(date(2025, 9, 1), date(2025, 9, 30)))[0][2]
    Window(start=datetime.date(2025, 9, 1), end=datetime.date(2025, 9, 18))
    """
    periods = periods_of(window, grain)
    partial = [part != Window(p, pd.Period(p, freq=PERIODS[grain]).end_time.date()) for p, part in periods]
    others: list[tuple[date, Window] | None] = list(periods_of(comparison, grain)) if comparison is not None else []
    others += [None] * (len(periods) - len(others))
    return [
        (p, part, None if other is None else _like_for_like(p, part, *other, grain) if cut else other[1], cut)
        for (p, part), other, cut in zip(periods, others, partial, strict=False)
    ]


def compared_months(window: Window, comparison: Window | None) -> list[tuple[date, Window, Window | None, bool]]:
    """`compared_periods` by calendar month."""
    return compared_periods(window, comparison, "month")


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
