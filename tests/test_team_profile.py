"""Rep profile: trend against target, open pipeline by stage, top customers, activities."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fixtures_team import WINDOW, team_tables

from salesdash.filters import Filters, Window
from salesdash.metrics.team.profile import rep_activities, rep_pipeline, rep_top_customers, rep_trend
from salesdash.tables import Tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


def test_trend_against_target(tables: Tables) -> None:
    frame = rep_trend(tables, Filters(), WINDOW, "R1")
    expected = pd.DataFrame(
        {
            "period": [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)],
            "revenue": [300.0, 200.0, 0.0],
            "target": [150.0, 150.0, 150.0],
            "partial": [False, False, False],
        }
    )
    pd.testing.assert_frame_equal(frame, expected)


def test_a_month_the_window_cuts_is_marked_partial(tables: Tables) -> None:
    cut = Window(date(2025, 4, 1), date(2025, 6, 15))  # half of June: target pro rata, month marked
    frame = rep_trend(tables, Filters(), cut, "R1")
    assert frame["partial"].tolist() == [False, False, True]
    assert frame["target"].tolist() == [150.0, 150.0, 75.0]


def test_open_pipeline_in_process_order(tables: Tables) -> None:
    frame = rep_pipeline(tables, Filters(), "R3")
    assert frame.to_dict("list") == {"stage": ["contact", "proposal"], "deals": [1.0, 1.0], "amount": [50.0, 400.0]}


def test_top_customers(tables: Tables) -> None:
    frame = rep_top_customers(tables, Filters(), WINDOW, "R1")
    assert list(frame["customer_id"]) == ["K1", "K5"]
    assert list(frame["revenue"]) == [300.0, 200.0]
    assert list(frame["orders"]) == [1.0, 1.0]
    assert list(frame["share"]) == pytest.approx([0.6, 0.4])


def test_activities_by_month_and_type(tables: Tables) -> None:
    frame = rep_activities(tables, Filters(), WINDOW, "R1")
    assert frame.to_dict("list") == {
        "period": [date(2025, 5, 1), date(2025, 5, 1)],
        "activity_type": ["call", "visit"],
        "activities": [6.0, 4.0],
    }
