"""Overview: are we on track, what moved, what needs attention."""

from __future__ import annotations

import streamlit as st

from salesdash.charts.overview import movers_bar, revenue_against_target
from salesdash.metrics.alerts import alerts
from salesdash.metrics.drill import narrowed_to, period_window
from salesdash.metrics.sales import revenue_by_dimension
from salesdash.metrics.targets.on_track import monthly_on_track
from ui import drill
from ui.components import chart, page_link
from ui.context import dashboard
from ui.headline import headline_cards
from ui.sections import open_section
from ui.state import cached, text

MOVER_DIMENSIONS = ("region", "category")


def month_drill() -> None:
    """The month clicked on the revenue trend: its figures by region and category, and its order lines."""
    opened = drill.current("overview", ("month",))
    span = period_window(ctx.window, opened[1]) if opened else None
    if opened and span is None:
        drill.refuse("overview")
    if opened and span is not None:
        trail = [text("overview.title"), text("drill.source.month"), opened[1][:7]]
        drill.slice_panel("overview", trail, ctx.filters, span, MOVER_DIMENSIONS)


def mover_drill() -> None:
    """The region or category clicked among the movers: the page's figures narrowed to it."""
    opened = drill.current("overview", MOVER_DIMENSIONS)
    sliced = narrowed_to(ctx.filters, *opened) if opened else None
    if opened and sliced is None:
        drill.refuse("overview")
    if opened and sliced is not None:
        dimension, value = opened
        other = tuple(d for d in MOVER_DIMENSIONS if d != dimension)
        trail = [text("overview.title"), text(f"overview.movers_{dimension}"), value]
        drill.slice_panel("overview", trail, sliced, ctx.window, other)


def on_track_section() -> None:
    """Revenue month by month against the target and the comparison period; a month opens its lines."""
    st.subheader(text("overview.on_track"))
    trend = cached(monthly_on_track, ctx.filters, ctx.window, ctx.comparison)
    labels = {k: text(f"label.{k}") for k in ("revenue", "previous", "target", "partial")}
    st.caption(text("drill.hint"))
    drill.drill_from(
        chart(revenue_against_target(trend, labels), key="overview_trend", on_select="rerun"), "overview", "month"
    )
    month_drill()


def movers_section() -> None:
    """The regions and categories whose revenue changed most against the comparison period."""
    st.subheader(text("overview.movers"))
    left, right = st.columns(2)
    for column, dimension in ((left, "region"), (right, "category")):
        movers = cached(revenue_by_dimension, ctx.filters, ctx.window, ctx.comparison, dimension)
        column.caption(text(f"overview.movers_{dimension}"))
        if not movers.empty:
            with column:
                figure = movers_bar(movers, dimension, {"change": text("label.change")})
                drill.drill_from(
                    chart(figure, key=f"overview_movers_{dimension}", on_select="rerun"), "overview", dimension
                )
    mover_drill()


def alerts_section() -> None:
    st.subheader(text("overview.alerts"))
    found = cached(alerts, ctx.filters, ctx.window)
    if not found:
        st.success(text("overview.no_alerts"))
    for alert in found:
        page_link(alert.page, text(alert.key, count=alert.count), icon=":material/warning:")


st.title(text("overview.title"))
ctx = dashboard()

headline_cards(
    ("revenue", "attainment", "growth_yoy", "gross_margin", "customers", "open_value", "weighted_value", "win_rate")
)

SECTIONS = {"on_track": on_track_section, "movers": movers_section, "alerts": alerts_section}
DRILLS = {"month": "on_track", "region": "movers", "category": "movers"}
SECTIONS[open_section("overview", tuple(SECTIONS), DRILLS)]()
