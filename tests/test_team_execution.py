"""Execution: activities against win rate with median lines and quadrants; the activity mix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_team import WINDOW, team_tables

from salesdash.filters import Filters
from salesdash.metrics.team.execution import activity_mix, activity_quadrant
from salesdash.tables import Tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


def test_quadrants_against_the_medians(tables: Tables) -> None:
    frame = activity_quadrant(tables, Filters(), WINDOW)
    # Reps with a win rate: R1 (10, 2/3), R2 (20, 0), R3 (12, 1), R4 (0, 1): medians 11 and 5/6.
    assert frame["median_activities"].iloc[0] == 11.0
    assert frame["median_win_rate"].iloc[0] == pytest.approx(5 / 6)
    quadrants = [None if pd.isna(q) else q for q in frame["quadrant"]]
    rows = list(zip(frame["rep_id"], frame["activities"], quadrants, strict=True))
    assert rows == [
        ("R1", 10.0, "idle_not_converting"),
        ("R2", 20.0, "busy_not_converting"),
        ("R3", 12.0, "busy_converting"),
        ("R4", 0.0, "converting_idle"),
        ("R5", 5.0, None),
    ]


def test_activity_mix(tables: Tables) -> None:
    frame = activity_mix(tables, Filters(), WINDOW)
    assert list(frame["activity_type"]) == ["call", "visit", "email"]
    assert list(frame["activities"]) == [26.0, 16.0, 5.0]
    assert list(frame["share"]) == pytest.approx([26 / 47, 16 / 47, 5 / 47])


def test_activity_mix_follows_the_team_filter(tables: Tables) -> None:
    frame = activity_mix(tables, Filters(team=("T1",)), WINDOW)
    assert dict(zip(frame["activity_type"], frame["activities"], strict=True)) == {"call": 26.0, "visit": 4.0}


def test_without_activities_both_are_empty(tmp_path: Path) -> None:
    bare = team_tables(tmp_path / "t.duckdb", activities=False)
    assert activity_quadrant(bare, Filters(), WINDOW).empty
    assert activity_mix(bare, Filters(), WINDOW).empty
