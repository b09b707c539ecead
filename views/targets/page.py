"""Targets: are we on track, who is not and what would it take; attainment at every level; SMART check; plan."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from salesdash import fmt
from salesdash.filters import Window
from salesdash.metrics.drill import narrowed_to, period_window
from salesdash.metrics.targets.attainment import attainment_heatmap
from salesdash.options import latest_date
from ui import drill, state
from ui.components import Card, exportable_table, kpi_cards, money, needs_upload
from ui.context import dashboard
from ui.headline import headline_cards
from ui.sections import open_section
from ui.state import cached, text
from views.targets.category import category_section
from views.targets.plan_form import plan_section
from views.targets.sections import (
    TargetsView,
    attainment_section,
    controls,
    heatmap_section,
    on_track_section,
    over_time_section,
    shortfall_section,
    smart_section,
)
from views.targets.widgets import people_table

# Drill-downs (`targets_drill`): `<level>:<id>` from an attainment bar, `cell:<rep_id>|<YYYY-MM>` from the heat map.
LEVEL_SOURCES = ("region", "team", "rep")
MONTH_COLUMNS = ["rep_id", "rep_name", "period", "revenue", "target", "attainment"]


def level_drill(view: TargetsView) -> None:
    """A clicked region, team or rep: its reps' attainment month by month this year, and its order lines."""
    opened = drill.current("targets", LEVEL_SOURCES)
    sliced = narrowed_to(ctx.filters, *opened) if opened else None
    if opened is None or sliced is None:
        if opened is not None:
            drill.refuse("targets")
        return
    level, key = opened
    months = cached(attainment_heatmap, sliced, view.year.window, view.as_of)
    name = str(months["rep_name"].iloc[0]) if level == "rep" and len(months) else key
    with st.container(border=True):
        trail = [text("nav.targets"), text("targets.attainment_by", level=text(f"targets.level.{level}")), name]
        drill.breadcrumb("targets", trail, text("drill.back"), "level")
        exportable_table(people_table(months, MONTH_COLUMNS), key="targets_drill_months", name=f"attainment_{key}")
        drill.lines_table("targets", sliced, view.to_date)


def cell_drill(view: TargetsView) -> None:
    """A clicked rep × month cell: that rep's revenue, target and attainment in the month, and its order lines."""
    opened = drill.current("targets", ("cell",))
    rep, _, month = opened[1].partition("|") if opened else ("", "", "")
    sliced = narrowed_to(ctx.filters, "rep", rep) if opened else None
    span = period_window(view.year.window, f"{month}-01") if opened else None
    if opened is None or sliced is None or span is None:
        if opened is not None:
            drill.refuse("targets")
        return
    span = Window(span.start, max(span.start, min(span.end, view.as_of)))
    found = cached(attainment_heatmap, sliced, view.year.window, view.as_of)
    cell = found[[f"{p.year}-{p.month:02d}" == month for p in found["period"]]]
    with st.container(border=True):
        name = str(cell["rep_name"].iloc[0]) if len(cell) else rep
        trail = [text("nav.targets"), text("drill.source.cell"), f"{name} · {month}"]
        drill.breadcrumb("targets", trail, text("drill.back"), "cell")
        figures = cell.iloc[0] if len(cell) else {"revenue": None, "target": None, "attainment": None}
        kpi_cards(
            [
                Card("kpi.revenue", money(figures["revenue"])),
                Card("kpi.target", money(figures["target"])),
                Card("kpi.attainment", fmt.percent(figures["attainment"])),
            ],
            per_row=3,
        )
        drill.lines_table("targets", sliced, span)


def attainment_and_drill(view: TargetsView) -> None:
    drill.drill_from(attainment_section(view), "targets", view.level)
    level_drill(view)
    category_section(view)


def over_time(view: TargetsView) -> None:
    over_time_section(ctx)


def heatmap_and_drill(view: TargetsView) -> None:
    drill.drill_from(heatmap_section(view), "targets", "cell")
    cell_drill(view)


SECTIONS: dict[str, Callable[[TargetsView], None]] = {
    "on_track": on_track_section,
    "behind": shortfall_section,
    "attainment": attainment_and_drill,
    "heatmap": heatmap_and_drill,
    "over_time": over_time,
    "smart": smart_section,
    "plan": plan_section,
}
DRILLS = {source: "attainment" for source in LEVEL_SOURCES} | {"cell": "heatmap"}

st.title(text("nav.targets"))
ctx = dashboard()

headline_cards(("revenue", "target", "attainment", "growth_yoy"))
if not ctx.tables.has("targets"):
    needs_upload(["targets"])
if ctx.filters.has_product_or_segment:
    st.info(text("targets.no_target_slice"))

latest = cached(latest_date)
view = controls(ctx.filters, ctx.tables.fiscal_first_month, min(ctx.window.end, latest) if latest else ctx.window.end)
planner = ctx.identity.can("target_plan") and not state.scope()  # plans company targets: unscoped editors only
shown = {name: section for name, section in SECTIONS.items() if name != "plan" or planner}
shown[open_section("targets", tuple(shown), DRILLS)](view)
