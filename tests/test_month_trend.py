"""The month trend compares a partial month with the same days of its comparison month."""

from __future__ import annotations

from datetime import date

from salesdash.filters import Filters, Window
from salesdash.metrics.month_trend import month_trend


def test_a_partial_month_is_compared_with_the_same_days(small_tables) -> None:
    found = month_trend(small_tables, Filters(), Window(date(2025, 5, 1), date(2025, 6, 15)), None)
    assert found["period"].tolist() == [date(2025, 5, 1), date(2025, 6, 1)]
    # May: 60 on the 5th and a -50 return on the 20th; June to the 15th: one line of 0 on the 10th.
    assert found["revenue"].tolist() == [10.0, 0.0]
    assert found["partial"].tolist() == [False, True]
    assert found["previous"].tolist() == [None, None]

    compared = month_trend(
        small_tables,
        Filters(),
        Window(date(2025, 5, 1), date(2025, 6, 15)),
        Window(date(2025, 1, 1), date(2025, 2, 14)),
    )
    # May against all of January (400 + 100); June 1–15 against February 1–14 (the comparison ends on the
    # 14th): 250 on 2 Feb. A whole February would be the same here, so the cut is checked below too.
    assert compared["previous"].tolist() == [500.0, 250.0]


def test_the_comparison_month_is_cut_to_the_days_elapsed(small_tables) -> None:
    # April 2025 to the 10th (150 on the 1st) against April 2024... none; against March 2025 1–10: nothing,
    # though the whole of March has 200 on the 30th.
    found = month_trend(
        small_tables,
        Filters(),
        Window(date(2025, 4, 1), date(2025, 4, 10)),
        Window(date(2025, 3, 1), date(2025, 3, 31)),
    )
    assert found["revenue"].tolist() == [150.0]
    assert found["partial"].tolist() == [True]
    assert found["previous"].tolist() == [None]
