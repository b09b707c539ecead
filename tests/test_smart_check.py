"""SMART check: targets without owner, period or measurable metric, reps without a target, targets far above."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import insert

from salesdash.filters import Filters, Window
from salesdash.metrics.targets.smart import ISSUES, smart_check, smart_counts
from salesdash.tables import Tables

YEAR = Window(date(2025, 1, 1), date(2025, 12, 31))


def _target(period, level, level_id, target, start, end, metric="revenue", **owner):
    return {
        "period": period,
        "level": level,
        "level_id": level_id,
        "target": target,
        "metric": metric,
        "period_start": date.fromisoformat(start) if start else None,
        "period_end": date.fromisoformat(end) if end else None,
        **owner,
    }


@pytest.fixture
def flawed(small_store):
    rows = [
        _target("2025-03", "rep", "", 50.0, "2025-03-01", "2025-03-31"),
        _target("2025-03", "rep", "R9", 50.0, "2025-03-01", "2025-03-31", rep_id="R9"),
        _target("2025", "region", "West", 900.0, None, None, region="West"),
        _target("2025-02", "team", "T2", 10.0, "2025-02-01", "2025-02-28", metric="visits", team="T2"),
        _target("2025-04", "team", "T2", 0.0, "2025-04-01", "2025-04-30", team="T2"),
        _target("2025-07", "rep", "R3", 1000.0, "2025-07-01", "2025-07-31", rep_id="R3"),
    ]
    insert(small_store, "targets", pd.DataFrame(rows))
    reps = pd.DataFrame(
        {
            "rep_id": ["R4", "R5"],
            "rep_name": ["Di", "Ed"],
            "team": ["T2", "T2"],
            "region": ["West", "West"],
            "leave_date": [None, date(2024, 6, 30)],
        }
    )
    insert(small_store, "reps", reps)
    return Tables.from_store(small_store)


def test_every_flaw_is_flagged_once(flawed):
    flags = smart_check(flawed, Filters(), YEAR)
    found = [
        (r.issue, r.level, r.level_id, None if pd.isna(r.period) else r.period, None if pd.isna(r.target) else r.target)
        for r in flags.itertuples()
    ]
    assert found == [
        ("no_owner", "rep", "", "2025-03", 50.0),
        ("unknown_owner", "rep", "R9", "2025-03", 50.0),
        ("no_period", "region", "West", "2025", 900.0),
        ("no_metric", "team", "T2", "2025-02", 10.0),
        ("no_figure", "team", "T2", "2025-04", 0.0),
        ("far_above_past", "region", "East", "2025-Q1", 900.0),
        ("far_above_past", "rep", "R3", "2025-07", 1000.0),
        ("rep_without_target", "rep", "R4", None, None),
    ]
    far = flags[flags["issue"] == "far_above_past"].set_index("level_id")
    # East's best quarter before 2025 was 300 (2024-Q2); Cy's best month before July 2025 was 200 (March).
    assert far.loc["East", "best_past"] == 300.0 and far.loc["East", "ratio"] == 3.0
    assert far.loc["R3", "best_past"] == 200.0 and far.loc["R3", "ratio"] == 5.0
    assert far.loc["R3", "name"] == "Cy"
    assert smart_counts(flags) == dict(zip(ISSUES, [1, 1, 1, 1, 1, 2, 1], strict=True))


def test_the_limit_is_a_setting(flawed):
    strict = Tables(flawed.backend, flawed.loaded, {"target_stretch_limit": 1.1})
    far = smart_check(strict, Filters(), YEAR)
    far = far[far["issue"] == "far_above_past"]
    # Ann's 120 a month is 1.2 × her best month (100 in Feb 2024) from January on.
    assert ("rep", "R1", "2025-01") in set(zip(far["level"], far["level_id"], far["period"], strict=True))


def test_scope_narrows_the_check(flawed):
    west = smart_check(flawed, Filters(region=("West",)), YEAR)
    assert list(zip(west["issue"], west["level_id"], strict=True)) == [
        ("no_period", "West"),
        ("no_metric", "T2"),
        ("no_figure", "T2"),
        ("far_above_past", "R3"),
        ("rep_without_target", "R4"),
    ]


def test_clean_targets_raise_no_flag(small_tables):
    flags = smart_check(small_tables, Filters(rep=("R1", "R2")), Window(date(2025, 4, 1), date(2025, 6, 30)))
    assert flags.empty
    assert smart_counts(flags) == dict.fromkeys(ISSUES, 0)
