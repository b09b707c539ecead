"""Forecast by expected-close month, calibrated stage probabilities and coverage (docs/figures.md)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import LOCAL, insert
from fixtures_pipeline import DEALS, FILTERS, HISTORY, WINDOW, deals_frame, pipeline_store

from salesdash.filters import Window
from salesdash.metrics.pipeline.deal_actions import deals_behind
from salesdash.metrics.pipeline.forecast import calibrated_probabilities, coverage, forecast_by_month, probability_table
from salesdash.store import Store
from salesdash.tables import Tables

OPEN = ["contact", "needs_analysis", "proposal", "negotiation"]
RANK = {s: i for i, s in enumerate([*OPEN, "won"])} | {"after_sales": 4}


def _empirical_rates(history: bool) -> dict[str, float]:
    """Among deals closed by the window's end that reached each stage, the share won, from the fixture rows."""
    closed = [d for d in DEALS if d[1] in ("won", "lost", "after_sales") and date.fromisoformat(d[8]) <= WINDOW.end]
    rates = {}
    for rank, stage in enumerate(OPEN):
        reached = []
        for deal in closed:
            won = deal[1] != "lost"
            steps = [RANK.get(s, -1) for s, _ in HISTORY.get(deal[0], [])] if history else []
            furthest = 4 if won else max([0, *steps])
            if furthest >= rank:
                reached.append(won)
        rates[stage] = sum(reached) / len(reached)
    return rates


@pytest.mark.parametrize("history", [True, False])
def test_calibrated_probabilities_are_empirical_stage_to_win_rates(store: Store, history: bool) -> None:
    tables = Tables.from_store(pipeline_store(store, history=history))
    assert calibrated_probabilities(tables, FILTERS, WINDOW) == _empirical_rates(history)


def test_probability_table(store: Store) -> None:
    tables = Tables.from_store(pipeline_store(store))
    expected = pd.DataFrame(
        {
            "stage": OPEN,
            "default": [0.10, 0.25, 0.50, 0.75],
            "calibrated": [0.5, 0.6, 0.75, 1.0],
            "reached_closed": [6, 5, 4, 3],
            "reached_won": [3, 3, 3, 3],
        }
    )
    pd.testing.assert_frame_equal(probability_table(tables, FILTERS, WINDOW), expected, check_dtype=False)


def test_saved_stage_probabilities_replace_the_defaults(store: Store) -> None:
    store.set_setting("stage_probabilities", {"proposal": 0.4}, user=LOCAL)
    tables = Tables.from_store(pipeline_store(store))
    assert probability_table(tables, FILTERS, WINDOW)["default"].tolist() == [0.10, 0.25, 0.40, 0.75]
    assert forecast_by_month(tables, FILTERS, WINDOW)["weighted"].tolist() == [200.0, 600.0, 500.0, 0.0]


def test_forecast_by_month_side_by_side(store: Store) -> None:
    # Open: P5 proposal 500 (Jun), P4 negotiation 800 (Jul), P6 contact 5000 (Sep), P7 no amount and no date;
    # P12 (added) proposal 1000 expected in April, before the as-of month June: overdue.
    pipeline_store(store)
    late = (
        deals_frame()
        .query("opportunity_id == 'P5'")
        .assign(opportunity_id="P12", amount=1000.0, expected_close_date=date(2025, 4, 15))
    )
    insert(store, "opportunities", late)
    tables = Tables.from_store(store)
    expected = pd.DataFrame(
        {
            "bucket": ["month", "month", "month", "overdue", "no_date"],
            "period": [date(2025, 6, 1), date(2025, 7, 1), date(2025, 9, 1), None, None],
            "deals": [1, 1, 1, 1, 1],
            "open_value": [500.0, 800.0, 5000.0, 1000.0, 0.0],
            "weighted": [250.0, 600.0, 500.0, 500.0, 0.0],
            "calibrated": [375.0, 800.0, 2500.0, 750.0, 0.0],
        }
    )
    pd.testing.assert_frame_equal(forecast_by_month(tables, FILTERS, WINDOW), expected, check_dtype=False)
    assert deals_behind(tables, FILTERS, WINDOW, "forecast", "overdue")["opportunity_id"].tolist() == ["P12"]


def test_coverage_of_the_year(store: Store) -> None:
    # Target 12,000 for 2025, revenue 2,000 to 30 June; open P4 800 and P6 5,000 close in the rest of the year.
    tables = Tables.from_store(pipeline_store(store))
    found = coverage(tables, FILTERS, WINDOW, "year")
    assert found == {
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "as_of": date(2025, 6, 30),
        "target": 12000.0,
        "revenue_to_date": 2000.0,
        "gap": 10000.0,
        "open_in_rest": 5800.0,
        "weighted_in_rest": 600.0 + 500.0,
        "calibrated_in_rest": 800.0 + 2500.0,
        "coverage": 0.58,
        "weighted_coverage": 0.11,
        "calibrated_coverage": 0.33,
    }


def test_coverage_of_the_quarter_and_month(store: Store) -> None:
    tables = Tables.from_store(pipeline_store(store))
    window = Window(date(2025, 1, 1), date(2025, 5, 20))
    quarter = coverage(tables, FILTERS.with_window(window), window, "quarter")
    # Q2 target 3,000; revenue 1 Apr – 20 May 500; P5 (15 Jun) 500 is still to close.
    assert (quarter["period_end"], quarter["gap"], quarter["open_in_rest"]) == (date(2025, 6, 30), 2500.0, 500.0)
    assert quarter["coverage"] == 500.0 / 2500.0
    month = coverage(tables, FILTERS.with_window(window), window, "month")
    assert (month["period_start"], month["target"], month["open_in_rest"], month["coverage"]) == (
        date(2025, 5, 1),
        1000.0,
        0.0,
        0.0,
    )


def test_coverage_unknown_without_target(store: Store) -> None:
    tables = Tables.from_store(pipeline_store(store))
    found = coverage(tables, FILTERS.narrowed(segment=("SMB",)), WINDOW)
    assert (found["target"], found["gap"], found["coverage"]) == (None, None, None)
