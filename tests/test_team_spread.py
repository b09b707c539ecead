"""Attainment spread: the distribution by band, the shares at or above 100% and below 70%, manager roll-ups."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_team import WINDOW, team_tables

from salesdash.filters import Filters
from salesdash.metrics.team.spread import attainment_distribution, attainment_spread, manager_rollup
from salesdash.tables import Tables

# Q2 attainment: R1 500/450, R2 500/600, R3 300/300, R4 300/360, R5 100/150.


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


def test_distribution_by_band(tables: Tables) -> None:
    frame = attainment_distribution(tables, Filters(), WINDOW)
    assert list(frame["band_start"]) == [0.0, 0.5, 0.7, 0.9, 1.0, 1.2, 1.5]
    assert list(frame["reps"]) == [0, 1, 2, 0, 2, 0, 0]


def test_shares(tables: Tables) -> None:
    assert attainment_spread(tables, Filters(), WINDOW) == pytest.approx(
        {"reps_with_target": 5.0, "share_at_or_above_100": 0.4, "share_below_70": 0.2, "median_attainment": 500 / 600}
    )


def test_manager_rollup(tables: Tables) -> None:
    frame = manager_rollup(tables, Filters(), WINDOW)
    expected = pd.DataFrame(
        {
            "manager": ["M1", "M2"],
            "reps": [2.0, 2.0],
            "revenue": [1000.0, 600.0],
            "target": [1050.0, 660.0],
            "attainment": [1000 / 1050, 600 / 660],
            "reps_at_or_above_100": [1.0, 1.0],
            "reps_below_70": [0.0, 0.0],
        }
    )
    pd.testing.assert_frame_equal(frame, expected)
