"""Pipeline: where deals leak and wait, whether we win, what the pipeline brings in, which deals need action."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.charts import pipeline as charts
from salesdash.metrics.pipeline.change import CHANGE_STEPS, pipeline_change, snapshot_dates
from salesdash.metrics.pipeline.deal_actions import (
    DRILL_SOURCES,
    action_list,
    after_sales,
    deals_behind,
    large_deal_threshold,
)
from salesdash.metrics.pipeline.forecast import COVERAGE_PERIODS, coverage, forecast_by_month, probability_table
from salesdash.metrics.pipeline.funnel import bottleneck_stage, stage_durations
from salesdash.metrics.pipeline.funnel import funnel as funnel_of
from salesdash.metrics.pipeline.outcomes import (
    BREAKDOWNS,
    competitor_win_rates,
    lost_reasons,
    outcomes_by,
    outcomes_over_time,
)
from salesdash.metrics.pipeline.outcomes import velocity as velocity_of
from salesdash.schema import STAGES
from ui import drill
from ui.components import Card, chart, exportable_table, kpi_cards, money, needs_upload
from ui.context import dashboard
from ui.headline import headline, headline_cards
from ui.sections import open_section
from ui.sidebar import labelled, start_choice
from ui.state import cached, text


def stage_labels() -> dict[str, str]:
    return {s: text(f"pipeline.stage.{s}") for s in STAGES}


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as people read it: translated headers and stage names."""
    frame = frame.assign(stage=frame["stage"].map(stage_labels())) if "stage" in frame else frame
    return frame.rename(columns={c: text(f"pipeline.col.{c}") for c in frame.columns if not c.startswith("_")})


def drill_from(event: Any, source: str) -> None:
    """Open the deals behind a clicked bar of `source`."""
    drill.drill_from(event, "pipeline", source)


def drill_panel(sources: tuple[str, ...]) -> None:
    """The deals behind the clicked bar of one of `sources`, under a breadcrumb that steps back."""
    opened = drill.current("pipeline", tuple(s for s in sources if s in DRILL_SOURCES))
    if opened is None:
        return
    source, value = opened
    special = {"": text("pipeline.no_date"), "no_date": text("pipeline.no_date"), "overdue": text("pipeline.overdue")}
    shown_value = stage_labels().get(value) or special.get(value, value)
    with st.container(border=True):
        trail = [text("pipeline.drill_root"), text(f"pipeline.source.{source}"), shown_value]
        drill.breadcrumb("pipeline", trail, text("pipeline.drill_back"), source)
        behind = cached(deals_behind, ctx.filters, ctx.window, source, value)
        exportable_table(shown(behind), key=f"pipeline_drill_{source}", name=f"deals_{source}_{value}")


@st.fragment
def coverage_card() -> None:
    start_choice("pipeline_period", COVERAGE_PERIODS, "year")
    period = st.segmented_control(
        text("pipeline.period"),
        COVERAGE_PERIODS,
        key="pipeline_period",
        format_func=labelled("pipeline.period"),
    )
    found = cached(coverage, ctx.filters, ctx.window, period or "year")
    kpi_cards(
        [
            Card("pipeline.gap", money(found["gap"])),
            Card("pipeline.open_in_rest", money(found["open_in_rest"])),
            Card("pipeline.coverage", fmt.percent(found["coverage"])),
            Card("pipeline.coverage_calibrated", fmt.percent(found["calibrated_coverage"])),
        ]
    )
    st.caption(
        text(
            "pipeline.coverage_caption",
            start=fmt.day(found["period_start"], ctx.lang),
            end=fmt.day(found["period_end"], ctx.lang),
            as_of=fmt.day(found["as_of"], ctx.lang),
        )
    )


@st.fragment
def change_card() -> None:
    dates = [d.isoformat() for d in cached(snapshot_dates)]
    if len(dates) < 2:
        st.info(text("pipeline.one_snapshot"))
        return
    start_choice("pipeline_from", dates, dates[-2])
    start_choice("pipeline_to", dates, dates[-1])
    left, right = st.columns(2)
    first = left.selectbox(text("pipeline.change_from"), dates, key="pipeline_from")
    second = right.selectbox(text("pipeline.change_to"), dates, key="pipeline_to")
    steps = cached(pipeline_change, ctx.filters, pd.Timestamp(first).date(), pd.Timestamp(second).date())
    step_labels = {s: text(f"pipeline.step.{s}") for s in CHANGE_STEPS}
    chart(charts.change_waterfall(steps, step_labels), key="pipeline_waterfall")
    exportable_table(
        shown(steps.assign(step=steps["step"].map(step_labels))), key="pipeline_change", name="pipeline_change"
    )


def leak_section() -> None:
    st.subheader(text("pipeline.leak"))
    labels = {**stage_labels(), "reached": text("pipeline.reached"), "median_days": text("pipeline.median_days")}
    left, right = st.columns(2)
    funnel = cached(funnel_of, ctx.filters, ctx.window)
    with left:
        st.caption(text("pipeline.funnel_caption"))
        drill_from(chart(charts.funnel_bars(funnel, labels), key="pipeline_funnel", on_select="rerun"), "funnel")
    durations = cached(stage_durations, ctx.filters, ctx.window)
    with right:
        if durations.empty:
            st.caption(text("pipeline.no_history"))
            needs_upload(["stage_history"])
        else:
            slowest = bottleneck_stage(durations)
            chart(charts.stage_days_bar(durations, labels, slowest), key="pipeline_stage_days")
            if slowest is not None:
                days = durations.set_index("stage").loc[slowest, "median_days"]
                st.markdown(text("pipeline.bottleneck", stage=labels[slowest], days=fmt.number(days, ctx.lang)))
    drill_panel(("funnel",))


def winning_section() -> None:
    st.subheader(text("pipeline.winning"))
    outcome_labels = {
        "won": text("pipeline.won"),
        "lost": text("pipeline.lost"),
        "win_rate": text("kpi.win_rate"),
        "value_win_rate": text("pipeline.value_win_rate"),
        "deals": text("pipeline.deals"),
    }
    trend = cached(outcomes_over_time, ctx.filters, ctx.window)
    drill_from(
        chart(charts.outcomes_chart(trend, outcome_labels), key="pipeline_outcomes", on_select="rerun"), "outcome"
    )
    drill_panel(("outcome",))
    left, right = st.columns(2)
    reasons = cached(lost_reasons, ctx.filters, ctx.window)
    competitors = cached(competitor_win_rates, ctx.filters, ctx.window)
    with left:
        st.caption(text("pipeline.lost_reasons"))
        if not reasons.empty:
            event = chart(charts.lost_reason_bar(reasons, outcome_labels), key="pipeline_reasons", on_select="rerun")
            drill_from(event, "lost_reason")
    with right:
        st.caption(text("pipeline.competitors"))
        if not competitors.empty:
            event = chart(
                charts.competitor_bar(competitors, outcome_labels), key="pipeline_competitors", on_select="rerun"
            )
            drill_from(event, "competitor")
    drill_panel(("lost_reason", "competitor"))
    start_choice("pipeline_breakdown", tuple(BREAKDOWNS), "rep")
    dimension = st.segmented_control(
        text("pipeline.breakdown"),
        tuple(BREAKDOWNS),
        key="pipeline_breakdown",
        format_func=labelled("pipeline.source"),
    )
    by = cached(outcomes_by, ctx.filters, ctx.window, dimension or "rep")
    if not by.empty:
        event = chart(charts.breakdown_bar(by, outcome_labels), key="pipeline_breakdown_chart", on_select="rerun")
        drill_from(event, dimension or "rep")
    drill_panel(tuple(BREAKDOWNS))


def forecast_section() -> None:
    st.subheader(text("pipeline.forecast"))
    coverage_card()
    forecast = cached(forecast_by_month, ctx.filters, ctx.window)
    forecast_labels = {
        "open_value": text("kpi.open_value"),
        "weighted": text("pipeline.weighted"),
        "calibrated": text("pipeline.calibrated"),
        "no_date": text("pipeline.no_date"),
        "overdue": text("pipeline.overdue"),
    }
    drill_from(
        chart(charts.forecast_bars(forecast, forecast_labels), key="pipeline_forecast", on_select="rerun"), "forecast"
    )
    drill_panel(("forecast",))
    with st.expander(text("pipeline.probabilities")):
        exportable_table(
            shown(cached(probability_table, ctx.filters, ctx.window)),
            key="pipeline_probabilities",
            name="stage_probabilities",
        )


def actions_section() -> None:
    st.subheader(text("pipeline.actions"))
    threshold = cached(large_deal_threshold, ctx.filters, ctx.window)
    st.caption(text("pipeline.actions_caption", amount=money(threshold)))
    actions = cached(action_list, ctx.filters, ctx.window)
    if actions.empty:
        st.success(text("pipeline.no_actions"))
    else:
        exportable_table(shown(actions), key="pipeline_actions", name="deals_to_act_on")
    if not ctx.tables.has("stage_history"):
        needs_upload(["stage_history"])


def change_section() -> None:
    st.subheader(text("pipeline.change"))
    change_card()


def after_sales_section() -> None:
    st.subheader(text("pipeline.after_sales"))
    served = cached(after_sales, ctx.filters, ctx.window)
    if served.empty:
        st.info(text("pipeline.no_after_sales"))
    else:
        exportable_table(shown(served), key="pipeline_after_sales", name="after_sales")


SECTIONS = {
    "leak": leak_section,
    "winning": winning_section,
    "forecast": forecast_section,
    "actions": actions_section,
    "change": change_section,
    "after_sales": after_sales_section,
}
DRILLS = {
    "funnel": "leak",
    "outcome": "winning",
    "lost_reason": "winning",
    "competitor": "winning",
    "forecast": "forecast",
}
DRILLS |= {source: "winning" for source in BREAKDOWNS}

st.title(text("nav.pipeline"))
ctx = dashboard()
if not ctx.tables.has("opportunities"):
    needs_upload(["opportunities"])
    st.stop()

headline_cards(("open_value", "weighted_value", "win_rate", "avg_deal_size"))
now, _ = headline()
velocity = cached(velocity_of, ctx.filters, ctx.window)
kpi_cards(
    [
        Card("kpi.avg_cycle_days", fmt.number(now["pipeline"]["avg_cycle_days"], ctx.lang)),
        Card("pipeline.value_win_rate", fmt.percent(now["pipeline"]["value_win_rate"])),
        Card("pipeline.velocity", money(velocity), help=text("pipeline.velocity_help")),
        Card("pipeline.won", fmt.number(now["pipeline"]["won"], ctx.lang)),
    ]
)

SECTIONS[open_section("pipeline", tuple(SECTIONS), DRILLS)]()
