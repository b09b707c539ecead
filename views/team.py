"""Team: who leads and who is behind, how attainment is spread, effort or skill, ramp-up and training,
what the incentive plan pays, and one rep up close.

Settings: `commission_plan` ({"tiers": [{"from", "rate"}...], "accelerator", "cap"}), saved from this page.
Page-level link keys: `team_rep` (the rep of the profile), `team_whatif_scale`, `team_whatif_shift`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.access import denied_text
from salesdash.charts import team as charts
from salesdash.charts.overview import revenue_against_target
from salesdash.errors import SalesdashError
from salesdash.metrics.team.commission import (
    commission_payouts,
    commission_summary,
    current_plan,
    payout_curve,
    plan_from_tiers,
    plan_tiers,
    plan_to_setting,
    what_if_plan,
)
from salesdash.metrics.team.development import ramp_average, ramp_curves, training_vs_attainment
from salesdash.metrics.team.execution import QUADRANTS, activity_mix, activity_quadrant
from salesdash.metrics.team.leaderboard import leaderboard as leaderboard_of
from salesdash.metrics.team.leaderboard import team_rollup
from salesdash.metrics.team.profile import rep_activities, rep_pipeline, rep_top_customers, rep_trend
from salesdash.metrics.team.spread import attainment_distribution, attainment_spread, manager_rollup
from ui import drill, state
from ui.components import Card, beside, chart, exportable_table, kpi_cards, needs_upload
from ui.context import dashboard
from ui.headline import headline_cards
from ui.sections import local, open_section
from ui.sidebar import unusable_link_value
from ui.state import cached, text

SCALES = ("0.5", "0.8", "0.9", "1.0", "1.1", "1.2", "1.5", "2.0")
SHIFTS = ("-0.2", "-0.1", "-0.05", "0", "0.05", "0.1", "0.2")
# Charts whose bars or points are reps: a click opens that rep's profile (`team_drill = <source>:<rep_id>`).
REP_SOURCES = {"leaderboard": "drill.source.leaderboard", "quadrant": "drill.source.quadrant"}


def label(column: str) -> str:
    """A column's heading: the team key when there is one, else the shared KPI name."""
    for key in (f"team.col.{column}", f"kpi.{column}"):
        try:
            return text(key)
        except KeyError:
            continue
    return column


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: label(c) for c in frame.columns})


def choice(key: str, options: Sequence[str], default: str, caption: str, format_func: Any = str) -> str:
    """A selectbox whose value is kept in the link; a value the link got wrong falls back to the default."""
    if st.session_state.get(key) not in options:
        unusable_link_value(key, options)
        st.session_state[key] = default
    return str(st.selectbox(caption, options, key=key, format_func=format_func))


def headline_row() -> None:
    headline_cards(("revenue", "target", "attainment", "win_rate"))
    spread = cached(attainment_spread, ctx.filters, ctx.window)
    pay = cached(commission_summary, ctx.filters, ctx.window)
    kpi_cards(
        [
            Card("team.kpi.at_or_above_100", fmt.percent(spread["share_at_or_above_100"])),
            Card("team.kpi.below_70", fmt.percent(spread["share_below_70"])),
            Card("team.kpi.payout", fmt.money(pay["payout"], ctx.lang)),
            Card("team.kpi.cost_of_sales", fmt.percent(pay["cost_of_sales"])),
        ]
    )


def leaderboard_section(board: pd.DataFrame) -> None:
    st.subheader(text("team.leaderboard"))
    st.caption(text("team.leaderboard_caption"))
    if board.empty:
        st.info(text("team.no_reps"))
        return
    named = board.assign(rep_name=board["rep_name"].fillna(board["rep_id"]))
    figure = charts.revenue_against_target_bars(
        named, "rep_name", {k: label(k) for k in ("revenue", "target")}, key="rep_id"
    )
    st.caption(text("drill.hint"))
    drill.drill_from(chart(figure, key="teamview_board_chart", on_select="rerun"), "team", "leaderboard")
    exportable_table(labelled(board), key="teamview_board", name="leaderboard")
    if not ctx.tables.has("activities"):
        needs_upload(["activities"])


def team_section() -> None:
    st.subheader(text("team.by_team"))
    st.caption(text("team.by_team_caption"))
    teams = cached(team_rollup, ctx.filters, ctx.window)
    if teams.empty:
        needs_upload(["reps"])
        return
    chart(
        charts.revenue_against_target_bars(teams, "team", {k: label(k) for k in ("revenue", "target")}),
        key="teamview_teams_chart",
    )
    exportable_table(labelled(teams), key="teamview_teams", name="teams")


def spread_section() -> None:
    st.subheader(text("team.spread"))
    spread = cached(attainment_spread, ctx.filters, ctx.window)
    if not spread["reps_with_target"]:
        st.info(text("team.no_rep_targets"))
    else:
        bands = cached(attainment_distribution, ctx.filters, ctx.window)
        chart(
            charts.attainment_histogram(bands, {"reps": label("reps_in_band"), "band": label("band")}),
            key="teamview_spread_chart",
        )
    st.caption(text("team.managers"))
    managers = cached(manager_rollup, ctx.filters, ctx.window)
    if managers.empty:
        st.info(text("team.no_managers"))
    else:
        exportable_table(labelled(managers), key="teamview_managers", name="managers")


def execution_section() -> None:
    st.subheader(text("team.execution"))
    tables = ctx.tables
    missing = [name for name in ("activities", "opportunities") if not tables.has(name)]
    if missing:
        needs_upload(missing)
        return
    st.caption(text("team.execution_caption"))
    quadrant = cached(activity_quadrant, ctx.filters, ctx.window)
    labels = {q: text(f"team.quadrant.{q}") for q in QUADRANTS} | {k: label(k) for k in ("activities", "win_rate")}
    left, right = st.columns([3, 2])
    with left:
        event = chart(
            charts.activity_quadrant_scatter(quadrant, labels), key="teamview_quadrant_chart", on_select="rerun"
        )
        drill.drill_from(event, "team", "quadrant")  # the profile opens under this section
    with right:
        st.caption(text("team.activity_mix"))
        mix = cached(activity_mix, ctx.filters, ctx.window)
        chart(charts.activity_mix_bar(mix, {"activities": label("activities")}), key="teamview_mix_chart")
    shown = quadrant.assign(
        quadrant=quadrant["quadrant"].map(lambda q: text(f"team.quadrant.{q}") if isinstance(q, str) else None)
    )
    exportable_table(labelled(shown), key="teamview_quadrant", name="activity_quadrant")


def development_section() -> None:
    st.subheader(text("team.development"))
    tables = ctx.tables
    left, right = st.columns(2)
    with left:
        st.caption(text("team.ramp"))
        if not tables.has("reps"):
            needs_upload(["reps"])
        else:
            curves = cached(ramp_curves, ctx.filters, ctx.window)
            average = cached(ramp_average, ctx.filters, ctx.window)
            if curves.empty:
                st.info(text("team.no_new_hires"))
            else:
                labels = {k: label(k) for k in ("average", "tenure_month", "revenue")}
                chart(charts.ramp_chart(curves, average, labels), key="teamview_ramp_chart")
    with right:
        st.caption(text("team.training"))
        if not tables.has("training"):
            needs_upload(["training"])
        else:
            trained = cached(training_vs_attainment, ctx.filters, ctx.window)
            labels = {k: label(k) for k in ("hours", "score", "attainment")}
            chart(charts.training_scatter(trained, labels), key="teamview_training_chart")
            exportable_table(labelled(trained), key="teamview_training", name="training")


@st.fragment
def incentives_section() -> None:
    st.subheader(text("team.incentives"))
    plan = cached(current_plan)
    if state.identity().can("settings"):  # the plan editor only for those who may save it (docs/access.md)
        with st.expander(text("team.plan"), expanded=False):
            st.caption(text("team.plan_help"))
            edited = st.data_editor(
                plan_tiers(plan),
                num_rows="dynamic",
                key="teamplan_tiers",
                column_config={
                    "from": st.column_config.NumberColumn(
                        text("team.plan_from"), min_value=0.0, step=0.05, format="percent"
                    ),
                    "rate": st.column_config.NumberColumn(
                        text("team.plan_rate"), min_value=0.0, step=0.005, format="percent"
                    ),
                },
            )
            left, right = st.columns(2)
            accelerator = left.number_input(
                text("team.plan_accelerator"),
                min_value=0.0,
                value=float(plan.accelerator),
                step=0.1,
                key="teamplan_accelerator",
            )
            cap = right.number_input(
                text("team.plan_cap"), min_value=0.0, value=float(plan.cap or 0.0), step=0.1, key="teamplan_cap"
            )
            if st.button(text("team.plan_save"), key="teamplan_save"):
                save_plan(edited, accelerator, cap)
    st.caption(text("team.payouts"))
    payouts = cached(commission_payouts, ctx.filters, ctx.window)
    exportable_table(labelled(payouts), key="teamview_payouts", name="commission")
    what_if_section(plan)


def save_plan(tiers: pd.DataFrame, accelerator: float, cap: float) -> None:
    try:
        plan = plan_from_tiers(tiers, accelerator, cap)
        state.store().set_setting("commission_plan", plan_to_setting(plan), user=state.identity())
    except SalesdashError as exc:
        st.error(denied_text(exc, ctx.lang))
        return
    st.toast(text("team.plan_saved"))
    st.rerun(scope="app")


def what_if_section(plan: object) -> None:
    st.caption(text("team.whatif"))
    left, right = st.columns(2)
    with left:
        scale = choice("team_whatif_scale", SCALES, "1.0", text("team.whatif_scale"), lambda s: f"×{float(s):g}")
    with right:
        shift = choice("team_whatif_shift", SHIFTS, "0", text("team.whatif_shift"), lambda s: f"{float(s) * 100:+g} pt")
    alternative = what_if_plan(plan, float(scale), float(shift))  # type: ignore[arg-type]
    result = cached(commission_summary, ctx.filters, ctx.window, alternative)
    kpi_cards(
        [
            Card("team.whatif_payout", fmt.money(result["payout"], ctx.lang)),
            Card("team.whatif_cost", fmt.percent(result["cost_of_sales"])),
        ],
        per_row=2,
    )
    labels = {
        "current": text("team.curve_current"),
        "what_if": text("team.curve_whatif"),
        "attainment": label("attainment"),
    }
    chart(charts.payout_curves(payout_curve(plan), payout_curve(alternative), labels), key="teamview_curve_chart")  # type: ignore[arg-type]


def drilled_rep(board: pd.DataFrame) -> tuple[str, str] | None:
    """The (source, rep_id) of a rep opened by a click or a link; the profile's rep follows a newly opened one.
    A rep not on the leaderboard (outside the filters) closes the drill."""
    opened = drill.current("team", tuple(REP_SOURCES))
    if opened is None:
        st.session_state.pop("_team_drilled", None)
        return None
    if opened[1] not in set(board["rep_id"].astype(str)):
        drill.refuse("team")
        return None
    if st.session_state.get("_team_drilled") != opened:
        st.session_state["_team_drilled"] = opened
        st.session_state["team_rep"] = opened[1]
        drill.relink("team")
    return opened


def profile_section(board: pd.DataFrame, opened: tuple[str, str] | None = None) -> None:
    st.subheader(text("team.profile"))
    if board.empty:
        st.info(text("team.no_reps"))
        return
    names = dict(zip(board["rep_id"], board["rep_name"].fillna(board["rep_id"]), strict=True))
    reps = sorted(names, key=lambda r: (str(names[r]), r))
    if opened is not None:
        trail = [text("team.title"), text(REP_SOURCES[opened[0]]), str(names.get(opened[1], opened[1]))]
        drill.breadcrumb("team", trail, text("drill.back"), "rep")
    if st.session_state.get("team_rep") not in reps:
        st.session_state["team_rep"] = reps[0]
    rep = st.selectbox(text("team.profile_rep"), reps, key="team_rep", format_func=lambda r: f"{names[r]} ({r})")
    trend = cached(rep_trend, ctx.filters, ctx.window, rep)
    st.caption(text("team.profile_trend"))
    chart(
        revenue_against_target(
            trend, {k: label(k) for k in ("revenue", "target")} | {"previous": "", "partial": text("label.partial")}
        ),
        key="teamview_profile_trend",
    )
    pipeline = labelled(cached(rep_pipeline, ctx.filters, rep)) if ctx.tables.has("opportunities") else None
    top = labelled(cached(rep_top_customers, ctx.filters, ctx.window, rep))
    left, right = beside([1, 1], pipeline, top)
    with left:
        st.caption(text("team.profile_pipeline"))
        if pipeline is not None:
            exportable_table(pipeline, key="teamview_profile_pipeline", name="rep_pipeline")
        else:
            needs_upload(["opportunities"])
    with right:
        st.caption(text("team.profile_customers"))
        exportable_table(top, key="teamview_profile_customers", name="rep_customers")
    st.caption(text("team.profile_activities"))
    if ctx.tables.has("activities"):
        activities = cached(rep_activities, ctx.filters, ctx.window, rep)
        chart(
            charts.rep_activity_bars(activities, {"activities": label("activities")}), key="teamview_profile_activities"
        )
    else:
        needs_upload(["activities"])


def leaderboard() -> pd.DataFrame:
    return cached(leaderboard_of, ctx.filters, ctx.window, ctx.comparison)


def drilled_profile(source: str) -> None:
    """The profile of a rep clicked in `source`'s chart, right under it."""
    board = leaderboard()
    opened = drilled_rep(board)
    if opened is not None and opened[0] == source:
        with st.container(border=True):
            profile_section(board, opened)


def leaderboard_and_drill() -> None:
    leaderboard_section(leaderboard())
    drilled_profile("leaderboard")


def execution_and_drill() -> None:
    execution_section()
    drilled_profile("quadrant")


@local("team")
def rep_section() -> None:
    profile_section(leaderboard())


SECTIONS = {
    "leaderboard": leaderboard_and_drill,
    "teams": team_section,
    "spread": spread_section,
    "execution": execution_and_drill,
    "development": development_section,
    "incentives": incentives_section,
    "profile": rep_section,
}
DRILLS = {"leaderboard": "leaderboard", "quadrant": "execution"}


st.title(text("team.title"))
ctx = dashboard()

headline_row()
SECTIONS[open_section("team", tuple(SECTIONS), DRILLS)]()
