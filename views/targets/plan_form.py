"""The target-plan section: an annual company target, its splits, a what-if, the preview and the save."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.access import denied_text
from salesdash.errors import SalesdashError
from salesdash.metrics.targets.plan import (
    LEVEL_SPLITS,
    TIME_SPLITS,
    PlanBasis,
    build_plan,
    plan_basis,
    plan_by_quarter,
    plan_replaces,
    save_target_plan,
    suggested_annual,
)
from salesdash.metrics.targets.targets import LEVELS
from salesdash.periods import Period, period_containing
from ui import state
from ui.components import exportable_table
from ui.sidebar import labelled
from ui.state import cached, lang, text
from views.targets.sections import TargetsView
from views.targets.widgets import choice, people_table

__all__ = ["plan_section"]


def plan_section(view: TargetsView) -> None:
    """Enter, split, preview and save an annual company target for this fiscal year or the next."""
    st.subheader(text("targets.plan.title"))
    st.caption(text("targets.plan.intro"))
    top = st.columns(4)
    year = _plan_year(view, top[0])
    basis = cached(plan_basis, year)
    suggested = cached(suggested_annual, year, basis.last_year_total)
    annual = top[1].number_input(
        text("targets.plan.annual"), min_value=0.0, value=suggested, step=1000.0, key=f"plan_annual_{year.start}"
    )
    what_if = top[2].slider(text("targets.plan.what_if"), -50, 100, 0, 5, key="plan_what_if")
    depth = top[3].selectbox(
        text("targets.plan.depth"),
        LEVELS,
        index=len(LEVELS) - 1,
        key="plan_depth",
        format_func=labelled("targets.level"),
    )
    time_split, level_split = _split_controls()
    planned = round(annual * (1 + what_if / 100), 2)
    plan = build_plan(basis, planned, time_split, level_split, depth)
    _preview(basis, plan, planned, time_split)
    _save(plan)


def _plan_year(view: TargetsView, container: Any) -> Period:
    """This fiscal year or the next."""
    this_year = period_containing("year", view.as_of, view.first_month)
    next_year = period_containing("year", this_year.end + timedelta(days=1), view.first_month)
    years = {y.start.isoformat(): y for y in (this_year, next_year)}
    key = choice(
        container,
        text("targets.plan.year"),
        list(years),
        "plan_year",
        this_year.start.isoformat(),
        lambda v: view.label(years[v]),
    )
    return years[key]


def _split_controls() -> tuple[str, str]:
    left, right = st.columns(2)
    time_split = left.radio(
        text("targets.plan.time_split"),
        TIME_SPLITS,
        key="plan_time_split",
        horizontal=True,
        format_func=labelled("targets.plan.split"),
    )
    level_split = right.radio(
        text("targets.plan.level_split"),
        LEVEL_SPLITS,
        key="plan_level_split",
        horizontal=True,
        format_func=labelled("targets.plan.split"),
    )
    return time_split, level_split


def _preview(basis: PlanBasis, plan: pd.DataFrame, planned: float, time_split: str) -> None:
    last_year = basis.last_year_total
    if time_split == "seasonal" and sum(basis.last_year_months) <= 0:
        st.warning(text("targets.plan.no_seasonality"))
    growth = planned / last_year - 1 if last_year else None
    first, second, _ = st.columns(3)
    first.metric(text("targets.plan.planned"), fmt.money(planned, lang()))
    second.metric(
        text("targets.plan.last_year"),
        fmt.money(last_year, lang()),
        fmt.delta_percent(growth) if growth is not None else None,
    )
    st.markdown(f"**{text('targets.plan.by_quarter')}**")
    quarters = plan_by_quarter(plan, basis.year)
    exportable_table(
        people_table(quarters, ["level", "level_id", "Q1", "Q2", "Q3", "Q4", "year"]),
        key="plan_quarters",
        name="target_plan_quarters",
    )
    with st.expander(text("targets.plan.by_month")):
        exportable_table(plan, key="plan_months", name="target_plan_months")


def _save(plan: pd.DataFrame) -> None:
    replaces = plan_replaces(state.store(), plan)
    if replaces:
        st.warning(text("targets.plan.replaces", count=replaces))
    if st.button(text("targets.plan.save"), key="plan_save", type="primary"):
        try:
            st.session_state["_targets_saved"] = save_target_plan(state.store(), plan, state.identity())
        except SalesdashError as exc:
            st.error(denied_text(exc, state.lang()))
        else:
            st.rerun()
    if "_targets_saved" in st.session_state:
        st.success(text("targets.plan.saved", batch=st.session_state.pop("_targets_saved")))
