"""Win rates over time, velocity, lost reasons, competitors and breakdowns (docs/figures.md)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fixtures_pipeline import FILTERS, WINDOW, pipeline_store

from salesdash.kpis import kpis
from salesdash.metrics.pipeline.outcomes import (
    competitor_win_rates,
    lost_reasons,
    outcomes_by,
    outcomes_over_time,
    velocity,
)
from salesdash.store import Store
from salesdash.tables import Tables


@pytest.fixture
def tables(store: Store) -> Tables:
    return Tables.from_store(pipeline_store(store, history=False))


def test_outcomes_by_month(tables: Tables) -> None:
    # Closed in the window: P8 won 700 (Feb), P1 won 1000 (Mar), P2 lost 400 (Apr), P3 lost 600 (May), P9 won 300 (Jun).
    expected = pd.DataFrame(
        {
            "period": [date(2025, m, 1) for m in (2, 3, 4, 5, 6)],
            "won": [1, 1, 0, 0, 1],
            "lost": [0, 0, 1, 1, 0],
            "won_value": [700.0, 1000.0, 0.0, 0.0, 300.0],
            "lost_value": [0.0, 0.0, 400.0, 600.0, 0.0],
            "win_rate": [1.0, 1.0, 0.0, 0.0, 1.0],
            "value_win_rate": [1.0, 1.0, 0.0, 0.0, 1.0],
        }
    )
    pd.testing.assert_frame_equal(outcomes_over_time(tables, FILTERS, WINDOW), expected, check_dtype=False)


def test_outcomes_by_quarter_add_up_to_the_window(tables: Tables) -> None:
    frame = outcomes_over_time(tables, FILTERS, WINDOW, "quarter")
    assert frame["won"].tolist() == [2, 1]
    assert frame["lost"].tolist() == [0, 2]
    assert frame["value_win_rate"].tolist() == [1.0, 300.0 / 1300.0]


def test_velocity(tables: Tables) -> None:
    # 4 open deals; 3 won of 5 closed; won sizes 1000, 700, 300; cycles 55, 106, 102 days.
    expected = 4 * (3 / 5) * ((1000 + 700 + 300) / 3) / ((55 + 106 + 102) / 3)
    assert velocity(tables, FILTERS, WINDOW) == pytest.approx(expected, rel=1e-12)


def test_velocity_unknown_without_closed_deals(tables: Tables) -> None:
    empty = FILTERS.with_window(type(WINDOW)(date(2023, 1, 1), date(2023, 12, 31)))
    assert velocity(tables, empty, type(WINDOW)(date(2023, 1, 1), date(2023, 12, 31))) is None


def test_lost_reasons(tables: Tables) -> None:
    expected = pd.DataFrame({"lost_reason": ["price", "timing"], "deals": [1, 1], "value": [400.0, 600.0]})
    pd.testing.assert_frame_equal(lost_reasons(tables, FILTERS, WINDOW), expected, check_dtype=False)


def test_competitor_win_rates(tables: Tables) -> None:
    frame = competitor_win_rates(tables, FILTERS, WINDOW)
    assert frame[["competitor", "won", "lost", "win_rate"]].to_dict("records") == [
        {"competitor": "Acme", "won": 1, "lost": 1, "win_rate": 0.5},
        {"competitor": "Beta", "won": 1, "lost": 1, "win_rate": 0.5},
    ]
    assert frame["value_win_rate"].tolist() == [1000 / 1400, 300 / 900]


def test_breakdown_by_rep(tables: Tables) -> None:
    frame = outcomes_by(tables, FILTERS, WINDOW, "rep")
    assert frame[["key", "name", "won", "lost", "open", "open_value"]].to_dict("records") == [
        {"key": "R1", "name": "Ann", "won": 1, "lost": 1, "open": 1, "open_value": 5000.0},
        {"key": "R2", "name": "Bo", "won": 1, "lost": 1, "open": 1, "open_value": 800.0},
        {"key": "R3", "name": "Cy", "won": 1, "lost": 0, "open": 2, "open_value": 500.0},
    ]


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("segment", {"Enterprise": (2, 1), "SMB": (1, 1)}),
        ("category", {"Tea": (2, 1), "Coffee": (1, 1)}),
        ("region", {"East": (2, 2), "West": (1, 0)}),
    ],
)
def test_breakdowns(tables: Tables, dimension: str, expected: dict[str, tuple[int, int]]) -> None:
    frame = outcomes_by(tables, FILTERS, WINDOW, dimension)
    assert {r.key: (r.won, r.lost) for r in frame.itertuples()} == expected


def test_breakdown_totals_match_kpis(tables: Tables) -> None:
    figures = kpis(tables, FILTERS)["pipeline"]
    frame = outcomes_by(tables, FILTERS, WINDOW, "region")
    assert (frame["won"].sum(), frame["lost"].sum(), frame["open_value"].sum()) == (
        figures["won"],
        figures["lost"],
        figures["open_value"],
    )
