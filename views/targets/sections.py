"""The sections of the Targets page, one per question a manager asks; each reads the view it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from salesdash import fmt
from salesdash.access import denied_text
from salesdash.charts.targets import attainment_bars, attainment_heatmap_chart, cumulative_against_target, pacing_chart
from salesdash.errors import SalesdashError
from salesdash.filters import Filters, Window
from salesdash.metrics.targets.attainment import (
    attainment_by,
    attainment_heatmap,
    heatmap_grid,
    periods_with_data,
    targets_vs_actuals,
)
from salesdash.metrics.targets.pacing import pacing, pacing_path, pacing_summary, shortfalls
from salesdash.metrics.targets.plan import save_fiscal_year_start
from salesdash.metrics.targets.smart import smart_check, smart_counts
from salesdash.metrics.targets.targets import LEVELS
from salesdash.periods import PERIOD_KINDS, Period, period_containing, period_label
from ui import state
from ui.components import chart, exportable_table
from ui.context import Dashboard
from ui.state import cached, lang, text
from views.targets.widgets import choice, pacing_cards, people_table

__all__ = [
    "TargetsView",
    "attainment_section",
    "controls",
    "heatmap_section",
    "on_track_section",
    "over_time_section",
    "shortfall_section",
    "smart_section",
]


@dataclass(frozen=True)
class TargetsView:
    """What the page's controls chose: the level, the period, the data's today and the fiscal calendar, over the
    page's filters (the user's scope applied)."""

    level: str
    period: Period
    as_of: date
    first_month: int
    filters: Filters

    def label(self, period: Period | None = None) -> str:
        return period_label(period or self.period, self.first_month, lang())

    @property
    def to_date(self) -> Window:
        """The period up to the data's today (all of it once it is over)."""
        return Window(self.period.start, max(self.period.start, min(self.period.end, self.as_of)))

    @property
    def year(self) -> Period:
        return period_containing("year", self.period.start, self.first_month)


def _save_fiscal() -> None:
    try:
        save_fiscal_year_start(state.store(), st.session_state["fiscal_start_month"], state.identity())
    except SalesdashError as exc:
        st.session_state["_targets_error"] = denied_text(exc, state.lang())


def controls(filters: Filters, first_month: int, as_of: date) -> TargetsView:
    """Level, period kind, which period, and the fiscal year's first month (saved as a setting)."""
    left, middle, right, fiscal = st.columns(4)
    level = choice(left, text("targets.level"), LEVELS, "targets_level", "region", lambda v: text(f"targets.level.{v}"))
    kind = choice(
        middle,
        text("targets.period_kind"),
        PERIOD_KINDS,
        "targets_kind",
        "quarter",
        lambda v: text(f"periods.kind.{v}"),
    )
    found = cached(periods_with_data, kind, first_month)
    options = {p.start.isoformat(): p for p in found}
    current = period_containing(kind, as_of, first_month)
    options.setdefault(current.start.isoformat(), current)
    keys = sorted(options, reverse=True)
    view = TargetsView(level, current, as_of, first_month, filters)
    picked = choice(
        right, text("targets.period"), keys, "targets_when", current.start.isoformat(), lambda v: view.label(options[v])
    )
    st.session_state["fiscal_start_month"] = first_month
    fiscal.selectbox(
        text("targets.fiscal_start"),
        list(range(1, 13)),
        key="fiscal_start_month",
        on_change=_save_fiscal,
        format_func=lambda month: fmt.month_name(month, lang()),
        disabled=not state.identity().can("settings"),  # a setting: admins only (docs/access.md)
    )
    if "_targets_error" in st.session_state:
        st.error(st.session_state.pop("_targets_error"))
    return TargetsView(level, options[picked], as_of, first_month, filters)


def on_track_section(view: TargetsView) -> None:
    """Pacing of the chosen period, the path to its end, and this year, quarter and month at a glance."""
    period, money = view.period, lambda v: fmt.money(v, lang())
    st.subheader(text("targets.on_track", period=view.label()))
    found = cached(pacing, view.filters, period.window, view.as_of)
    if found.target is None:
        st.info(text("targets.no_period_target", period=view.label()))
    elif period.start > view.as_of:
        st.info(text("targets.period_ahead", period=view.label(), target=money(found.target)))
    elif period.end <= view.as_of:
        attained = found.revenue / found.target if found.revenue is not None and found.target else None
        st.info(
            text(
                "targets.period_over", period=view.label(), attainment=fmt.percent(attained), target=money(found.target)
            )
        )
    else:
        st.caption(text("targets.elapsed", elapsed=found.elapsed_days, days=found.days, remaining=found.remaining_days))
        pacing_cards(found)
    if period.start <= view.as_of:
        path = cached(pacing_path, view.filters, period.window, view.as_of)
        labels = {k: text(f"targets.chart.{k}") for k in ("actual", "expected", "run_rate", "seasonal", "band")}
        chart(pacing_chart(path, labels), key="targets_pacing_chart")
    st.markdown(f"**{text('targets.summary')}**")
    st.caption(text("targets.summary_caption", day=fmt.day(view.as_of, lang())))
    summary = cached(pacing_summary, view.filters, view.as_of, view.first_month)
    names = [view.label(period_containing(k, view.as_of, view.first_month)) for k in summary["kind"]]
    columns = ["kind", "target", "revenue", "attainment", "expected_to_date", "pace", "run_rate", "seasonal"]
    exportable_table(people_table(summary.assign(kind=names), columns), key="targets_summary", name="targets_summary")


def attainment_section(view: TargetsView) -> object:
    """Attainment of every region, team or rep (or the scope) in the period to date; returns the chart's
    selection event (None without a chart), for drill-down."""
    level = text(f"targets.level.{view.level}")
    st.subheader(text("targets.attainment_by", level=level))
    st.caption(text("targets.attainment_caption", period=view.label(), day=fmt.day(view.to_date.end, lang())))
    table = cached(attainment_by, view.filters, view.to_date, view.level)
    event = None
    if view.level != "company" and table["attainment"].notna().any():
        figure = attainment_bars(table, {"attainment": text("targets.chart.attainment")})
        event = chart(figure, key="targets_attainment_chart", on_select="rerun")
    columns = ["level_id", "name", "revenue", "target", "attainment", "gap"]
    exportable_table(people_table(table, columns), key="targets_attainment", name=f"attainment_{view.level}")
    return event


def heatmap_section(view: TargetsView) -> object:
    """Rep × month attainment over the fiscal year of the period; returns the chart's selection event (None
    without a chart), for drill-down."""
    st.subheader(f"{text('targets.heatmap')} · {view.label(view.year)}")
    heatmap = cached(attainment_heatmap, view.filters, view.year.window, view.as_of)
    grid = heatmap_grid(heatmap)
    event = None
    if len(grid) and len(grid.columns) > 2:
        figure = attainment_heatmap_chart(grid, {"attainment": text("targets.chart.attainment")})
        event = chart(figure, key="targets_heatmap_chart", on_select="rerun")
    exportable_table(people_table(grid, list(grid.columns)), key="targets_heatmap", name="attainment_rep_month")
    return event


def over_time_section(ctx: Dashboard) -> None:
    """Cumulative revenue against the cumulative target and the comparison period, over the sidebar's window."""
    st.subheader(text("targets.over_time"))
    frame = cached(targets_vs_actuals, ctx.filters, ctx.window, ctx.comparison)
    labels = {
        "revenue": text("targets.chart.actual"),
        "target": text("targets.chart.target_cum"),
        "previous": text("targets.chart.previous_cum"),
    }
    chart(cumulative_against_target(frame, labels), key="targets_over_time_chart")
    exportable_table(
        people_table(frame, ["period", "revenue", "target", "previous"]),
        key="targets_over_time",
        name="targets_vs_actuals",
    )


def shortfall_section(view: TargetsView) -> None:
    """Who is projected to miss the period's target, worst first, and what closing the gap would take."""
    st.subheader(text("targets.who_behind"))
    st.caption(text("targets.shortfall_caption"))
    short = cached(shortfalls, view.filters, view.period.window, view.as_of, view.level)
    if short.empty:
        st.success(text("targets.all_on_track", level=text(f"targets.level.{view.level}")))
        return
    columns = ["name", "target", "revenue", "projection", "projected_attainment", "shortfall"]
    columns += ["required_daily_rate", "daily_rate", "uplift", "pipeline", "coverage"]
    exportable_table(people_table(short, columns), key="targets_shortfalls", name=f"shortfalls_{view.level}")


def smart_section(view: TargetsView) -> None:
    """Targets without an owner, period or measurable metric, reps without one, targets far above the past."""
    st.subheader(text("targets.smart"))
    flags = cached(smart_check, view.filters, view.year.window)
    if flags.empty:
        st.success(text("targets.smart_ok"))
        return
    counts = smart_counts(flags)
    st.caption(" · ".join(f"{text(f'targets.smart.{k}')}: {v}" for k, v in counts.items() if v))
    shown = flags.assign(issue=[text(f"targets.smart.{i}") for i in flags["issue"]])
    columns = ["issue", "level", "level_id", "name", "period", "target", "best_past", "ratio"]
    exportable_table(people_table(shown, columns), key="targets_smart", name="smart_check")
