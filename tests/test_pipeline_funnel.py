"""Funnel by standard stage, stage conversion, time in stage and the bottleneck (docs/figures.md)."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_pipeline import FILTERS, WINDOW, pipeline_store

from salesdash.metrics.pipeline.deal_stages import furthest_stages
from salesdash.metrics.pipeline.funnel import bottleneck_stage, funnel, stage_durations
from salesdash.store import Store
from salesdash.tables import Tables


@pytest.fixture
def history_tables(store: Store) -> Tables:
    return Tables.from_store(pipeline_store(store, history=True))


@pytest.fixture
def current_stage_tables(store: Store) -> Tables:
    """A CRM export with only a current stage per deal: no stage history."""
    return Tables.from_store(pipeline_store(store, history=False))


STAGES = ["contact", "needs_analysis", "proposal", "negotiation", "won"]


def _expected_funnel(reached: list[int], value: list[float], current: list[int]) -> pd.DataFrame:
    conversion = [None] + [reached[k] / reached[k - 1] for k in range(1, 5)]
    return pd.DataFrame(
        {"stage": STAGES, "reached": reached, "value": value, "current": current, "conversion": conversion}
    )


def test_furthest_stage_from_history_and_won(history_tables: Tables) -> None:
    frame = furthest_stages(history_tables, FILTERS).select("opportunity_id", "furthest").execute()
    assert dict(zip(frame.opportunity_id, frame.furthest, strict=True)) == {
        "P1": 4, "P2": 2, "P3": 1, "P4": 3, "P5": 2, "P6": 0, "P7": 1, "P8": 4, "P9": 4, "P10": 0,
    }  # fmt: skip


def test_furthest_stage_without_history_is_current_stage(current_stage_tables: Tables) -> None:
    frame = furthest_stages(current_stage_tables, FILTERS).select("opportunity_id", "furthest").execute()
    assert dict(zip(frame.opportunity_id, frame.furthest, strict=True)) == {
        "P1": 4, "P2": 0, "P3": 0, "P4": 3, "P5": 2, "P6": 0, "P7": 1, "P8": 4, "P9": 4, "P10": 0,
    }  # fmt: skip


def test_funnel_with_history(history_tables: Tables) -> None:
    # Created in the window: P1–P7 and P9 (P8 and P10 were created in 2024).
    expected = _expected_funnel([8, 7, 5, 3, 2], [8600.0, 3600.0, 3000.0, 2100.0, 1300.0], [1, 1, 1, 1, 2])
    pd.testing.assert_frame_equal(funnel(history_tables, FILTERS, WINDOW), expected, check_dtype=False)


def test_funnel_current_stage_only(current_stage_tables: Tables) -> None:
    # Lost P2 and P3 have no trace of their earlier stages: they count as contact only.
    expected = _expected_funnel([8, 5, 4, 3, 2], [8600.0, 2600.0, 2600.0, 2100.0, 1300.0], [1, 1, 1, 1, 2])
    pd.testing.assert_frame_equal(funnel(current_stage_tables, FILTERS, WINDOW), expected, check_dtype=False)


def test_funnel_follows_dimension_filters(history_tables: Tables) -> None:
    # Rep R1: P1 (won), P3 (furthest needs_analysis), P6 (contact).
    frame = funnel(history_tables, FILTERS.narrowed(rep=("R1",)), WINDOW)
    assert frame["reached"].tolist() == [3, 2, 1, 1, 1]


def test_median_days_in_stage_and_bottleneck(history_tables: Tables) -> None:
    # Completed stays of deals created in the window, e.g. proposal: P1 9, P2 40, P4 22 days.
    durations = stage_durations(history_tables, FILTERS, WINDOW)
    expected = pd.DataFrame({"stage": STAGES[:4], "median_days": [10.0, 18.0, 22.0, 19.0], "stays": [6, 5, 3, 1]})
    pd.testing.assert_frame_equal(durations, expected, check_dtype=False)
    assert bottleneck_stage(durations) == "proposal"


def test_median_days_over_all_deals_in_scope(history_tables: Tables) -> None:
    # Adds P8 (2024) and P10: contact 9 and 19, needs 10, proposal 11, negotiation 76 days.
    durations = stage_durations(history_tables, FILTERS)
    assert durations["median_days"].tolist() == [10.0, 17.5, 16.5, 47.5]
    assert bottleneck_stage(durations) == "negotiation"


def test_no_history_gives_no_durations(current_stage_tables: Tables) -> None:
    durations = stage_durations(current_stage_tables, FILTERS, WINDOW)
    assert durations.empty
    assert bottleneck_stage(durations) is None
