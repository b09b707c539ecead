"""Per-team roll-up: team targets from team-level targets, else the sum of rep targets."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_team import WINDOW, team_tables

from salesdash.filters import Filters
from salesdash.metrics.targets.targets import target_for
from salesdash.metrics.team.leaderboard import TEAM_COLUMNS, team_rollup
from salesdash.tables import Tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


def test_team_rollup_figures(tables: Tables) -> None:
    frame = team_rollup(tables, Filters(), WINDOW)
    expected = pd.DataFrame(
        [
            # T1 has its own target (3 × 1000); T2 has none, so its reps' 300 + 360 + 150.
            ("T1", 2.0, 1000.0, 3000.0, 1000 / 3000, 2.0, 3.0, 0.4, 250.0, 45.0, 30.0, 2.0),
            ("T2", 3.0, 700.0, 810.0, 700 / 810, 2.0, 0.0, 1.0, 550.0, 59.5, 17.0, 2.0),
        ],
        columns=TEAM_COLUMNS,
    )
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)


def test_team_target_equals_target_for_the_team_scope(tables: Tables) -> None:
    frame = team_rollup(tables, Filters(), WINDOW)
    for team, target in zip(frame["team"], frame["target"], strict=True):
        assert target == pytest.approx(target_for(tables, Filters(team=(team,)), WINDOW))
