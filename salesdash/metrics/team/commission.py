"""The commission plan and what it pays (setting `commission_plan`).

Payout formula (marginal tiers on attainment slices of the rep's target, capped):

    a = min(max(revenue / target, 0), cap)
    payout = target × Σ_i rate_i × m_i × max(0, min(a, start_{i+1}) − start_i)

where tiers are sorted by `start` (an attainment fraction), the last tier has no upper bound, and
m_i = `accelerator` for tiers starting at or above 100% attainment, else 1. Each slice of revenue between
start_i × target and start_{i+1} × target earns its own tier's rate; revenue above cap × target earns
nothing. A rep without a positive target (attainment unknown) is paid nothing and shown with a null payout.
cost_of_sales = Σ payout / Σ revenue of every rep in the window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from salesdash.errors import InputError
from salesdash.filters import Filters, Window
from salesdash.metrics.team.team import rep_figures
from salesdash.tables import Tables

__all__ = [
    "DEFAULT_PLAN",
    "CommissionPlan",
    "commission_payouts",
    "commission_summary",
    "current_plan",
    "payout",
    "payout_curve",
    "plan_from_setting",
    "plan_from_tiers",
    "plan_tiers",
    "plan_to_setting",
    "what_if_plan",
]

SETTING = "commission_plan"


@dataclass(frozen=True)
class CommissionPlan:
    """Tiers as (start attainment, rate) pairs, an accelerator on tiers from 100%, and an attainment cap."""

    tiers: tuple[tuple[float, float], ...]
    accelerator: float = 1.0
    cap: float | None = None

    def effective_tiers(self) -> list[tuple[float, float, float]]:
        """(start, end, effective rate) per tier, sorted; the last tier ends at infinity."""
        ordered = sorted(self.tiers)
        ends = [start for start, _ in ordered[1:]] + [float("inf")]
        return [
            (start, end, rate * (self.accelerator if start >= 1.0 else 1.0))
            for (start, rate), end in zip(ordered, ends, strict=True)
        ]


DEFAULT_PLAN = CommissionPlan(tiers=((0.0, 0.02), (0.7, 0.04), (1.0, 0.04)), accelerator=1.5, cap=1.5)


def payout(revenue: float | None, target: float | None, plan: CommissionPlan) -> float | None:
    """The commission of one rep (see the module docstring for the formula); None without a positive target."""
    if revenue is None or target is None or pd.isna(revenue) or pd.isna(target) or target <= 0:
        return None
    achieved = max(revenue / target, 0.0)
    if plan.cap is not None:
        achieved = min(achieved, plan.cap)
    earned = sum(rate * max(0.0, min(achieved, end) - start) for start, end, rate in plan.effective_tiers())
    return float(target * earned)


def plan_from_setting(value: Any) -> CommissionPlan:
    """A plan from its saved form {"tiers": [{"from", "rate"}...], "accelerator", "cap"}; checks its values."""
    try:
        tiers = tuple((float(t["from"]), float(t["rate"])) for t in value["tiers"])
        accelerator = float(value.get("accelerator", 1.0))
        cap = value.get("cap")
        cap = None if cap is None or cap == "" else float(cap)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"the commission plan cannot be read ({exc}); every tier needs 'from' and 'rate'") from exc
    _check(tiers, accelerator, cap)
    return CommissionPlan(tiers, accelerator, cap)


def _check(tiers: tuple[tuple[float, float], ...], accelerator: float, cap: float | None) -> None:
    starts = [start for start, _ in tiers]
    if not tiers or min(starts) < 0 or len(set(starts)) != len(starts):
        raise InputError("commission tiers need distinct, non-negative 'from' attainments", column="from")
    if any(rate < 0 for _, rate in tiers):
        raise InputError("commission rates cannot be negative", column="rate")
    if accelerator < 0 or (cap is not None and cap <= 0):
        raise InputError("the accelerator cannot be negative and the cap must be above 0")


def plan_to_setting(plan: CommissionPlan) -> dict[str, Any]:
    """The saved form of a plan, as `plan_from_setting` reads it."""
    tiers = [{"from": start, "rate": rate} for start, rate in sorted(plan.tiers)]
    return {"tiers": tiers, "accelerator": plan.accelerator, "cap": plan.cap}


def plan_tiers(plan: CommissionPlan) -> pd.DataFrame:
    """The plan's tiers as an editable table: columns `from` (attainment) and `rate`, by attainment."""
    return pd.DataFrame(sorted(plan.tiers), columns=["from", "rate"]).astype("float64")


def plan_from_tiers(tiers: pd.DataFrame, accelerator: float, cap: float | None) -> CommissionPlan:
    """A checked plan from an edited tier table; rows with an empty `from` or `rate` are ignored and a
    cap of 0 means no cap."""
    rows = tiers.dropna(subset=["from", "rate"])
    value = {"tiers": rows[["from", "rate"]].to_dict("records"), "accelerator": accelerator, "cap": cap or None}
    return plan_from_setting(value)


def current_plan(tables: Tables) -> CommissionPlan:
    """The saved plan (setting `commission_plan`), else the default plan."""
    saved = tables.settings.get(SETTING)
    return DEFAULT_PLAN if saved is None else plan_from_setting(saved)


def what_if_plan(plan: CommissionPlan, rate_scale: float = 1.0, threshold_shift: float = 0.0) -> CommissionPlan:
    """The plan with every rate multiplied by `rate_scale` and every tier start above 0 moved by
    `threshold_shift` (an attainment fraction; starts never go below 0)."""
    tiers = tuple(
        (start if start == 0 else max(0.0, start + threshold_shift), rate * rate_scale) for start, rate in plan.tiers
    )
    return replace(plan, tiers=tiers)


def commission_payouts(
    tables: Tables, filters: Filters, window: Window, plan: CommissionPlan | None = None
) -> pd.DataFrame:
    """Per rep of `rep_figures`: revenue, target, attainment, payout under the plan (saved plan by default)
    and effective_rate = payout / revenue. Sorted by payout, highest first."""
    plan = plan or current_plan(tables)
    frame = rep_figures(tables, filters, window)[["rep_id", "rep_name", "revenue", "target", "attainment"]]
    frame["payout"] = [payout(r, t, plan) for r, t in zip(frame["revenue"], frame["target"], strict=True)]
    frame["payout"] = frame["payout"].astype("float64")
    frame["effective_rate"] = frame["payout"] / frame["revenue"].where(frame["revenue"] > 0)
    frame = frame.sort_values(["payout", "rep_id"], ascending=[False, True], na_position="last")
    return frame.reset_index(drop=True)


def commission_summary(
    tables: Tables, filters: Filters, window: Window, plan: CommissionPlan | None = None
) -> dict[str, float | None]:
    """payout = Σ rep payouts; revenue = Σ rep revenue; cost_of_sales = payout / revenue; reps_paid."""
    frame = commission_payouts(tables, filters, window, plan)
    if frame.empty or frame["revenue"].isna().all():
        return {"payout": None, "revenue": None, "cost_of_sales": None, "reps_paid": None}
    total, revenue = float(frame["payout"].fillna(0.0).sum()), float(frame["revenue"].sum())
    return {
        "payout": total,
        "revenue": revenue,
        "cost_of_sales": total / revenue if revenue > 0 else None,
        "reps_paid": float((frame["payout"] > 0).sum()),
    }


def payout_curve(plan: CommissionPlan, top: float = 2.0, step: float = 0.05) -> pd.DataFrame:
    """Payout per unit of target at attainments 0, step, …, top: the shape of the plan."""
    points = [round(i * step, 10) for i in range(round(top / step) + 1)]
    return pd.DataFrame({"attainment": points, "payout": [payout(a, 1.0, plan) for a in points]})
