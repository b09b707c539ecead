"""Commission: marginal tiers at every boundary, accelerator, cap, what-if, saved plan, payouts per rep."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LOCAL
from fixtures_team import WINDOW, team_store

from salesdash.errors import InputError
from salesdash.filters import Filters
from salesdash.metrics.team.commission import (
    DEFAULT_PLAN,
    CommissionPlan,
    commission_payouts,
    commission_summary,
    current_plan,
    payout,
    payout_curve,
    plan_from_setting,
    plan_from_tiers,
    plan_tiers,
    plan_to_setting,
    what_if_plan,
)
from salesdash.tables import Tables

# 2% up to 70% attainment, 4% from 70%, 4% × 1.5 accelerator = 6% from 100%, nothing above 150%.
PLAN = CommissionPlan(tiers=((0.0, 0.02), (0.7, 0.04), (1.0, 0.04)), accelerator=1.5, cap=1.5)
TARGET = 1000.0


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        (0.0, 0.0),
        (-100.0, 0.0),
        (500.0, 10.0),  # 500 × 2%
        (699.0, 13.98),  # just below the 70% boundary
        (700.0, 14.0),  # at it
        (701.0, 14.04),  # just above: the extra 1 earns 4%
        (999.0, 25.96),  # 14 + 299 × 4%
        (1000.0, 26.0),  # 14 + 300 × 4%
        (1001.0, 26.06),  # the accelerated slice earns 6%
        (1499.0, 55.94),  # 26 + 499 × 6%
        (1500.0, 56.0),  # at the cap
        (1501.0, 56.0),  # above the cap nothing more
        (3000.0, 56.0),
    ],
)
def test_payout_at_tier_boundaries(revenue: float, expected: float) -> None:
    assert payout(revenue, TARGET, PLAN) == pytest.approx(expected, abs=1e-9)


def test_without_a_cap_the_accelerator_keeps_paying() -> None:
    uncapped = CommissionPlan(PLAN.tiers, accelerator=1.5, cap=None)
    assert payout(2000.0, TARGET, uncapped) == pytest.approx(26.0 + 1000 * 0.06)


def test_a_first_tier_above_zero_pays_nothing_below_it() -> None:
    plan = CommissionPlan(tiers=((0.5, 0.1),))
    assert payout(499.0, TARGET, plan) == 0.0
    assert payout(600.0, TARGET, plan) == pytest.approx(10.0)


@pytest.mark.parametrize("target", [None, 0.0, -5.0, float("nan")])
def test_no_payout_without_a_positive_target(target: float | None) -> None:
    assert payout(500.0, target, PLAN) is None


def test_what_if_scales_rates_and_moves_thresholds() -> None:
    assert payout(1000.0, TARGET, what_if_plan(PLAN, rate_scale=2.0)) == pytest.approx(52.0)
    moved = what_if_plan(PLAN, threshold_shift=0.1)
    assert [pytest.approx(tier) for tier in moved.tiers] == [(0.0, 0.02), (0.8, 0.04), (1.1, 0.04)]
    assert payout(1000.0, TARGET, moved) == pytest.approx(800 * 0.02 + 200 * 0.04)


def test_payout_curve_is_the_plan_per_unit_of_target() -> None:
    curve = payout_curve(PLAN, top=2.0, step=0.5)
    assert list(curve["attainment"]) == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert list(curve["payout"]) == pytest.approx([0.0, 0.01, 0.026, 0.056, 0.056])


def test_plan_round_trips_through_its_setting() -> None:
    assert plan_from_setting(plan_to_setting(PLAN)) == PLAN
    assert plan_to_setting(PLAN) == {
        "tiers": [{"from": 0.0, "rate": 0.02}, {"from": 0.7, "rate": 0.04}, {"from": 1.0, "rate": 0.04}],
        "accelerator": 1.5,
        "cap": 1.5,
    }


@pytest.mark.parametrize(
    "value",
    [
        {"tiers": []},
        {"tiers": [{"from": 0, "rate": -0.1}]},
        {"tiers": [{"from": 0, "rate": 0.1}, {"from": 0, "rate": 0.2}]},
        {"tiers": [{"rate": 0.1}]},
        {"tiers": [{"from": 0, "rate": 0.1}], "cap": 0},
    ],
)
def test_a_bad_plan_is_refused(value: dict[str, object]) -> None:
    with pytest.raises(InputError):
        plan_from_setting(value)


def test_payouts_per_rep_under_the_saved_plan(tmp_path: Path) -> None:
    store = team_store(tmp_path / "t.duckdb", activities=False, training=False)
    assert current_plan(Tables.from_store(store)) == DEFAULT_PLAN
    store.set_setting("commission_plan", plan_to_setting(PLAN), user=LOCAL)
    tables = Tables.from_store(store)
    frame = commission_payouts(tables, Filters(), WINDOW)
    # revenue / target: R1 500/450, R2 500/600, R3 300/300, R4 300/360, R5 100/150.
    expected = {
        "R1": 450 * (0.7 * 0.02 + 0.3 * 0.04 + (500 / 450 - 1) * 0.06),
        "R2": 600 * (0.7 * 0.02 + (500 / 600 - 0.7) * 0.04),
        "R3": 300 * (0.7 * 0.02 + 0.3 * 0.04),
        "R4": 360 * (0.7 * 0.02 + (300 / 360 - 0.7) * 0.04),
        "R5": 100 * 0.02,
    }
    assert dict(zip(frame["rep_id"], frame["payout"], strict=True)) == pytest.approx(expected)
    assert list(frame["rep_id"]) == ["R1", "R2", "R3", "R4", "R5"]
    summary = commission_summary(tables, Filters(), WINDOW)
    total = sum(expected.values())
    assert summary == pytest.approx(
        {"payout": total, "revenue": 1700.0, "cost_of_sales": total / 1700, "reps_paid": 5.0}
    )


def test_plan_from_an_edited_tier_table() -> None:
    edited = plan_tiers(PLAN)
    assert edited.to_dict("list") == {"from": [0.0, 0.7, 1.0], "rate": [0.02, 0.04, 0.04]}
    edited.loc[3] = [float("nan"), 0.5]  # a half-filled new row is ignored
    assert plan_from_tiers(edited, 1.5, 1.5) == PLAN
    assert plan_from_tiers(edited, 2.0, 0.0) == CommissionPlan(PLAN.tiers, accelerator=2.0, cap=None)
