"""Development: ramp curves of new hires by tenure month, training against attainment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_team import WINDOW, team_tables

from salesdash.filters import Filters
from salesdash.metrics.team.development import ramp_average, ramp_curves, training_vs_attainment
from salesdash.tables import Tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


def test_ramp_curves_of_reps_hired_in_the_last_twelve_months(tables: Tables) -> None:
    frame = ramp_curves(tables, Filters(), WINDOW)
    curves = {rep: list(group["revenue"]) for rep, group in frame.groupby("rep_id")}
    # R2 hired 2025-03-15 (its February order predates the hire); R3 2024-11; R4 2025-01. R1, R5 are older.
    assert curves == {
        "R2": [0.0, 500.0, 0.0, 0.0],
        "R3": [0.0, 0.0, 0.0, 0.0, 400.0, 300.0, 0.0, 0.0],
        "R4": [0.0, 0.0, 0.0, 100.0, 0.0, 200.0],
    }


def test_ramp_average_over_the_reps_that_reached_each_month(tables: Tables) -> None:
    frame = ramp_average(tables, Filters(), WINDOW)
    assert list(frame["tenure_month"]) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(frame["reps"]) == [3.0, 3.0, 3.0, 3.0, 2.0, 2.0, 1.0, 1.0]
    assert list(frame["revenue"]) == pytest.approx([0.0, 500 / 3, 0.0, 100 / 3, 200.0, 250.0, 0.0, 0.0])


def test_training_in_the_window_beside_attainment(tables: Tables) -> None:
    frame = training_vs_attainment(tables, Filters(), WINDOW)
    expected = pd.DataFrame(
        {
            "rep_id": ["R1", "R2"],
            "rep_name": ["Ann", "Bo"],
            "hours": [10.0, 2.0],
            "score": [85.0, 70.0],
            "courses": [2.0, 1.0],
            "attainment": [500 / 450, 500 / 600],
        }
    )
    pd.testing.assert_frame_equal(frame, expected)


def test_without_training_the_section_is_empty(tmp_path: Path) -> None:
    bare = team_tables(tmp_path / "t.duckdb", training=False)
    assert training_vs_attainment(bare, Filters(), WINDOW).empty
