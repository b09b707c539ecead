"""The waterfall of the open pipeline between two snapshots adds up exactly."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fixtures_pipeline import FILTERS, WINDOW, two_snapshot_store

from salesdash.metrics.pipeline.change import pipeline_change, snapshot_dates
from salesdash.metrics.pipeline.pipeline import pipeline_summary
from salesdash.store import Store
from salesdash.tables import Tables

FIRST, SECOND = date(2025, 5, 31), date(2025, 6, 30)


@pytest.fixture
def tables(store: Store) -> Tables:
    return Tables.from_store(two_snapshot_store(store))


def test_snapshot_dates(tables: Tables) -> None:
    assert snapshot_dates(tables) == [FIRST, SECOND]


def test_waterfall_steps(tables: Tables) -> None:
    expected = pd.DataFrame(
        {
            "step": ["start", "new", "advanced", "slipped", "value_change", "won", "lost", "other", "end"],
            "deals": [6, 1, 1, 1, 1, 1, 1, 0, 5],
            "value": [2600.0, 5000.0, 800.0, 500.0, 0.0, 300.0, 650.0, 0.0, 6550.0],
            "change": [2600.0, 5000.0, 100.0, 0.0, -200.0, -300.0, -650.0, 0.0, 6550.0],
        }
    )
    pd.testing.assert_frame_equal(pipeline_change(tables, FILTERS, FIRST, SECOND), expected, check_dtype=False)


@pytest.mark.parametrize("rep", [(), ("R1",), ("R3",)])
def test_waterfall_adds_up_to_the_open_value(tables: Tables, rep: tuple[str, ...]) -> None:
    scoped = FILTERS.narrowed(rep=rep)
    steps = pipeline_change(tables, scoped, FIRST, SECOND).set_index("step")["change"]
    assert steps["start"] + steps.drop(["start", "end"]).sum() == steps["end"]
    # The second snapshot is the latest: its open value is the pipeline's open value.
    assert steps["end"] == pipeline_summary(tables, scoped, WINDOW)["open_value"]


def test_waterfall_backwards_also_adds_up(tables: Tables) -> None:
    steps = pipeline_change(tables, FILTERS, SECOND, FIRST).set_index("step")["change"]
    assert (steps["start"], steps["end"]) == (6550.0, 2600.0)
    assert steps["start"] + steps.drop(["start", "end"]).sum() == steps["end"]


def test_the_pipeline_on_a_past_day_is_that_days_snapshot_and_none_before_the_first(tables: Tables) -> None:
    from salesdash.metrics.pipeline.change import open_pipeline_on

    assert open_pipeline_on(tables, FILTERS, date(2025, 5, 30)) is None
    assert open_pipeline_on(tables, FILTERS, FIRST)["open_value"] == 2600.0  # the waterfall's start
    assert open_pipeline_on(tables, FILTERS, date(2025, 6, 15))["open_value"] == 2600.0
    latest = pipeline_summary(tables, FILTERS, WINDOW)
    on_second = open_pipeline_on(tables, FILTERS, SECOND)
    assert on_second == {"open_value": latest["open_value"], "weighted_value": pytest.approx(latest["weighted_value"])}
