"""Customers (客户分级): grade every customer and say whom to keep, grow or win back.

Page-level controls (in the URL): customers_cohort (customer_share | revenue_share),
customers_strategy (all | maintain | develop | win_back), customers_tier (A | B | C), customers_id.
Setting used: customer_strategy_rules (the editable rules table), tier_thresholds (ABC, via core).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.access import denied_text
from salesdash.charts.customers import (
    cohort_heatmap,
    customer_timeline_chart,
    migration_heatmap,
    new_returning_bars,
    pareto_chart,
    rfm_grid_heatmap,
)
from salesdash.columns import code_text
from salesdash.display import labelled
from salesdash.errors import SalesdashError
from salesdash.metrics.customers.churn import churn_risk, churn_totals
from salesdash.metrics.customers.cohorts import cohort_retention
from salesdash.metrics.customers.concentration import concentration, pareto_curve, tier_list, tier_table
from salesdash.metrics.customers.customers import tier_thresholds
from salesdash.metrics.customers.detail import (
    customer_card,
    customer_choices,
    customer_deals,
    customer_feedback,
    customer_products,
    customer_timeline,
)
from salesdash.metrics.customers.lifetime import lifetime_summary, lifetime_value
from salesdash.metrics.customers.movement import new_vs_returning, new_vs_returning_summary, tier_migration
from salesdash.metrics.customers.rfm import SEGMENTS, rfm_grid, rfm_segments
from salesdash.metrics.customers.strategy import (
    RULES_SETTING,
    STRATEGIES,
    grade_of,
    only_strategy,
    strategy_by_customer,
    strategy_by_segment,
    strategy_rules,
)
from salesdash.metrics.drill import segment_customers
from ui import drill
from ui.components import Card, beside, chart, exportable_table, kpi_cards, money, needs_upload
from ui.context import dashboard
from ui.headline import headline_cards
from ui.sections import local, open_section
from ui.sidebar import labelled as option_labels
from ui.sidebar import page_value, start_choice
from ui.state import cached, identity, store, text

TIER_CODES = ("A", "B", "C", "new", "lost")
CHOICES_SHOWN = 2000
# Drill-downs (`customers_drill = <source>:<key>`): a tier or a segment lists its customers; a customer picked
# in a list opens the customer drill-down. Source → the text of its breadcrumb step.
GROUP_SOURCES = {"tier": "drill.source.tier", "segment": "drill.source.segment"}
CUSTOMER_SOURCES = {
    "in_tier": "drill.source.tier",
    "in_segment": "drill.source.segment",
    "risk": "customers.risk",
    "value": "customers.value",
    "tier_list": "customers.tier_lists",
}


def _labels(*keys: str) -> dict[str, str]:
    """Chart labels: axis names, tier names (tier.X) and segment names (segment.X)."""
    labels = {key: text(f"customers.axis.{key}") for key in keys}
    labels.update({f"tier.{c}": text(f"customers.tier.{c}") for c in TIER_CODES})
    labels.update({f"segment.{s}": text(f"customers.segment.{s}") for s in SEGMENTS})
    return labels


def _table(frame: pd.DataFrame, key: str, name: str, drill_source: str | None = None) -> None:
    """A table for people; with a `drill_source`, picking a row opens that customer's drill-down."""
    event = exportable_table(labelled(frame, ctx.lang), key=key, name=name, selectable=drill_source is not None)
    if drill_source is not None:
        drill.drill_from(event, "customers", drill_source, [str(c) for c in frame["customer_id"]])


def group_panel(sources: tuple[str, ...]) -> None:
    """The customers of a clicked tier (Pareto curve) or segment (RFM grid), under a breadcrumb."""
    opened = drill.current("customers", sources)
    if opened is None:
        return
    source, key = opened
    if source == "tier" and key in ("A", "B", "C"):
        name, listed = (
            text(f"customers.tier.{key}"),
            cached(tier_list, ctx.filters, ctx.window, key),
        )
    elif source == "segment" and key in SEGMENTS:
        name = text(f"customers.segment.{key}")
        listed = cached(segment_customers, ctx.filters, ctx.window, key)
    else:
        drill.clear("customers")
        return
    with st.container(border=True):
        trail = [text("customers.title"), text(GROUP_SOURCES[source]), name]
        drill.breadcrumb("customers", trail, text("drill.back"), "group")
        st.caption(text("drill.pick_row"))
        _table(listed, key=f"customers_drill_{source}", name=f"customers_{source}_{key}", drill_source=f"in_{source}")


def customer_panel(sources: tuple[str, ...]) -> None:
    """The customer drill-down of a customer picked in one of `sources`, where it was picked."""
    opened = drill.current("customers", sources)
    if opened is not None:
        with st.container(border=True):
            drill_down_section(opened)


def _graded_customers() -> pd.DataFrame:
    """Every window customer with tier, segment, strategy and action (one cached query for the page)."""
    return cached(strategy_by_customer, ctx.filters, ctx.window, ctx.lang)


def _table_or_none(frame: pd.DataFrame, key: str, name: str) -> None:
    if frame.empty:
        st.caption(text(f"customers.none.{name}"))
    else:
        _table(frame, key=key, name=name)


def page_cards() -> None:
    tiers = cached(tier_table, ctx.filters, ctx.window)
    spread = cached(concentration, ctx.filters, ctx.window)
    newness = cached(new_vs_returning_summary, ctx.filters, ctx.window)
    risk = cached(churn_totals, ctx.filters, ctx.window)
    a_tier = tiers.set_index("tier").loc["A"]
    kpi_cards(
        [
            Card("customers.kpi.a_customers", fmt.number(a_tier["customers"], ctx.lang)),
            Card("customers.kpi.a_share", fmt.percent(a_tier["revenue_share"])),
            Card("customers.kpi.top10_share", fmt.percent(spread["top10_share"])),
            Card(
                "customers.kpi.herfindahl",
                "—" if spread["herfindahl"] is None else fmt.number(round(spread["herfindahl"] * 10_000), ctx.lang),
                help=text("customers.kpi.herfindahl_help"),
            ),
            Card("customers.kpi.new_share", fmt.percent(newness["new_share"])),
            Card("customers.kpi.at_risk", fmt.number(risk["customers"], ctx.lang), help=money(risk["revenue"])),
        ],
        per_row=6,
    )


def abc_section() -> None:
    st.subheader(text("customers.abc"))
    a, b = tier_thresholds(ctx.tables)
    st.caption(text("customers.abc_caption", a=fmt.percent(a, 0), b=fmt.percent(b, 0)))
    curve = cached(pareto_curve, ctx.filters, ctx.window)
    tiers = cached(tier_table, ctx.filters, ctx.window)
    left, right = beside([3, 2], None, labelled(tiers, ctx.lang))
    with left:
        figure = pareto_chart(curve, _labels("customer_share", "revenue_share"))
        drill.drill_from(chart(figure, key="customers_pareto", on_select="rerun"), "customers", "tier")
    with right:
        _table(tiers, key="customers_tiers", name="customer_tiers")
    st.caption(text("drill.hint"))
    group_panel(("tier",))
    customer_panel(("in_tier",))


def rfm_section() -> None:
    st.subheader(text("customers.rfm"))
    st.caption(text("customers.rfm_caption"))
    grid = cached(rfm_grid, ctx.filters, ctx.window)
    segments = cached(rfm_segments, ctx.filters, ctx.window)
    left, right = beside([3, 2], None, labelled(segments, ctx.lang))
    with left:
        figure = rfm_grid_heatmap(grid, _labels("r_score", "f_score"))
        drill.drill_from(chart(figure, key="customers_rfm_grid", on_select="rerun"), "customers", "segment")
    with right:
        _table(segments, key="customers_segments", name="rfm_segments")
    group_panel(("segment",))
    customer_panel(("in_segment",))


def movement_section() -> None:
    st.subheader(text("customers.movement"))
    if ctx.comparison is None:
        st.info(text("customers.no_comparison"))
    else:
        st.caption(text("customers.movement_caption"))
        matrix = cached(tier_migration, ctx.filters, ctx.window, ctx.comparison)
        chart(migration_heatmap(matrix, _labels("from_tier", "to_tier")), key="customers_migration")
    st.markdown(f"**{text('customers.new_returning')}**")
    monthly = cached(new_vs_returning, ctx.filters, ctx.window)
    chart(new_returning_bars(monthly, _labels("new_revenue", "returning_revenue")), key="customers_new_returning")


@local("customers")
def cohort_section() -> None:
    st.subheader(text("customers.cohorts"))
    measures = ("customer_share", "revenue_share")
    start_choice("customers_cohort", measures, measures[0])
    st.segmented_control(
        text("customers.cohort_measure"),
        measures,
        key="customers_cohort",
        format_func=option_labels("customers.cohort_measure"),
        required=True,
    )
    st.caption(text("customers.cohort_caption"))
    cohorts = cached(cohort_retention, ctx.filters, ctx.window)
    if not cohorts.empty:
        measure = st.session_state["customers_cohort"]
        chart(cohort_heatmap(cohorts, _labels("cohort", "age"), measure), key="customers_cohorts")


def risk_and_value_section() -> None:
    st.subheader(text("customers.risk"))
    st.caption(text("customers.risk_caption"))
    risk = cached(churn_risk, ctx.filters, ctx.window)
    if risk.empty:
        st.success(text("customers.no_risk"))
    else:
        st.caption(text("drill.pick_row"))
        _table(risk, key="customers_risk", name="churn_risk", drill_source="risk")
    customer_panel(("risk",))
    st.subheader(text("customers.value"))
    st.caption(text("customers.value_caption"))
    summary = cached(lifetime_summary, ctx.filters, ctx.window)
    kpi_cards(
        [
            Card("customers.kpi.lifetime_customers", fmt.number(summary["customers"], ctx.lang)),
            Card("customers.kpi.avg_value", money(summary["avg_value"])),
            Card("customers.kpi.median_value", money(summary["median_value"])),
            Card("customers.kpi.avg_margin", money(summary["avg_margin"])),
        ]
    )
    value = cached(lifetime_value, ctx.filters, ctx.window)
    _table(value, key="customers_value", name="lifetime_value", drill_source="value")
    customer_panel(("value",))


def _rules_editor() -> None:
    rules = pd.DataFrame(cached(strategy_rules, ctx.lang))
    with st.form("customers_rules_form"):
        edited = st.data_editor(  # type: ignore[call-overload]  # the stubs' overloads miss a DataFrame of Any
            rules,
            num_rows="dynamic",
            hide_index=True,
            key="customers_rules_editor",
            column_config={
                "tier": st.column_config.SelectboxColumn(
                    text("customers.col.tier"), options=["A", "B", "C", "*"], required=True
                ),
                "segment": st.column_config.SelectboxColumn(
                    text("customers.col.segment"),
                    options=[*SEGMENTS, "*"],
                    format_func=option_labels("customers.segment", {"*": "*"}),
                    required=True,
                ),
                "strategy": st.column_config.SelectboxColumn(
                    text("customers.col.strategy"),
                    options=list(STRATEGIES),
                    format_func=option_labels("customers.strategy"),
                    required=True,
                ),
                "action": st.column_config.TextColumn(text("customers.col.action"), width="large"),
            },
        )
        save, reset = st.columns([1, 4])
        if save.form_submit_button(text("customers.rules_save")):
            _save_rules(edited.to_dict("records"))
        if reset.form_submit_button(text("customers.rules_reset")):
            _save_rules([])


def _save_rules(rows: list[dict[str, Any]]) -> None:
    from salesdash.metrics.customers.strategy import validate_rules

    try:
        store().set_setting(RULES_SETTING, validate_rules(rows), user=identity())
    except SalesdashError as exc:
        st.error(denied_text(exc, ctx.lang))
        return
    st.toast(text("customers.rules_saved"))
    st.rerun()


def strategy_section() -> None:
    st.subheader(text("customers.strategy"))
    st.caption(text("customers.strategy_caption"))
    if identity().can("settings"):  # the rules editor only for those who may save it (docs/access.md)
        _rules_editor()
    st.markdown(f"**{text('customers.by_segment')}**")
    per_segment = cached(strategy_by_segment, ctx.filters, ctx.window, ctx.lang)
    _table(per_segment, key="customers_strategy_segments", name="strategy_by_segment")
    st.markdown(f"**{text('customers.by_customer')}**")
    options = ("all", *STRATEGIES)
    start_choice("customers_strategy", options, "all")
    chosen = st.selectbox(
        text("customers.strategy_filter"),
        options,
        key="customers_strategy",
        format_func=option_labels("customers.strategy", {"all": text("customers.all")}),
    )
    per_customer = only_strategy(_graded_customers(), None if chosen == "all" else chosen)
    _table(per_customer, key="customers_strategy_customers", name=f"strategy_{chosen}")


def tier_list_section() -> None:
    st.markdown(f"**{text('customers.tier_lists')}**")
    start_choice("customers_tier", ("A", "B", "C"), "A")
    tier = st.segmented_control(
        text("customers.tier_pick"),
        ("A", "B", "C"),
        key="customers_tier",
        format_func=option_labels("customers.tier"),
        required=True,
    )
    listed = cached(tier_list, ctx.filters, ctx.window, tier)
    _table(listed, key="customers_tier_list", name=f"customers_tier_{tier}", drill_source="tier_list")
    customer_panel(("tier_list",))


def drill_down_section(opened: tuple[str, str] | None = None) -> None:
    """One customer up close: the customer picked, or the one `opened` by a drill-down (under a breadcrumb)."""
    st.subheader(text("customers.drill"))
    linked = page_value("customers_id")
    if opened is not None:
        linked = opened[1]
        if st.session_state.get("_customers_drilled") != opened:  # a newly opened customer replaces the pick
            st.session_state["_customers_drilled"] = opened
            st.session_state["customers_id"] = opened[1]
            drill.relink("customers")
    choices = cached(customer_choices, ctx.filters, ctx.window, linked, CHOICES_SHOWN)
    if not choices:
        st.info(text("customers.no_customers"))
        return
    names = dict(choices)
    if opened is not None and opened[1] not in names:
        drill.refuse("customers")
        return
    if opened is not None:
        trail = [text("customers.title"), text(CUSTOMER_SOURCES[opened[0]]), names[opened[1]]]
        drill.breadcrumb("customers", trail, text("drill.back"), "customer")
    start_choice("customers_id", list(names), choices[0][0])
    chosen = st.selectbox(text("customers.pick"), list(names), key="customers_id", format_func=names.__getitem__)
    st.caption(text("customers.pick_caption", count=min(len(choices), CHOICES_SHOWN)))
    card = cached(customer_card, ctx.filters, ctx.window, chosen)
    _customer_cards(card, grade_of(_graded_customers(), chosen))
    timeline = cached(customer_timeline, ctx.filters, ctx.window, chosen)
    chart(
        customer_timeline_chart(timeline, {"revenue": text("label.revenue"), "orders": text("customers.axis.orders")}),
        key="customers_timeline",
    )
    st.markdown(f"**{text('customers.products')}**")
    _table(
        cached(customer_products, ctx.filters, ctx.window, chosen),
        key="customers_products",
        name="customer_products",
    )
    _deals_and_feedback(chosen)


def _customer_cards(card: dict[str, Any], grade: dict[str, Any]) -> None:
    tier = text(f"customers.tier.{grade['tier']}") if grade else "—"
    segment = text(f"customers.segment.{grade['segment']}") if grade else "—"
    strategy = text(f"customers.strategy.{grade['strategy']}") if grade else "—"
    kpi_cards(
        [
            Card("customers.card.tier", f"{tier} · {segment}"),
            Card("customers.card.strategy", strategy, help=grade.get("action") or None),
            Card("customers.card.window_revenue", money(grade.get("revenue"))),
            Card("customers.card.lifetime", money(card["revenue"])),
            Card("customers.card.margin", money(card["margin"])),
            Card("customers.card.orders", fmt.number(card["orders"], ctx.lang)),
            Card(
                "customers.card.first_last",
                f"{fmt.day(card['first_order'], ctx.lang)} – {fmt.day(card['last_order'], ctx.lang)}",
            ),
            Card("customers.card.rep", str(card.get("rep_name") or "—")),
        ]
    )
    profile = {k: card[k] for k in ("segment", "industry", "region", "province", "city", "status") if k in card}
    if profile:
        st.caption(" · ".join(str(code_text(k, v, ctx.lang)) for k, v in profile.items()))
    elif not ctx.tables.has("customers"):
        st.caption(text("customers.profile_needs"))


def _deals_and_feedback(customer_id: str) -> None:
    deals = cached(customer_deals, ctx.filters, customer_id) if ctx.tables.has("opportunities") else None
    scores = cached(customer_feedback, customer_id) if ctx.tables.has("feedback") else None
    left, right = beside([1, 1], *(None if f is None else labelled(f, ctx.lang) for f in (deals, scores)))
    with left:
        st.markdown(f"**{text('customers.deals')}**")
        if deals is None:
            needs_upload(["opportunities"])
        else:
            _table_or_none(deals, key="customers_deals", name="customer_deals")
    with right:
        st.markdown(f"**{text('customers.feedback')}**")
        if scores is None:
            needs_upload(["feedback"])
        else:
            _table_or_none(scores, key="customers_feedback", name="customer_feedback")


@local("customers")
def customer_section() -> None:
    """One customer up close: the one a drill opened (shown where it was opened), else the one picked here."""
    if drill.current("customers", tuple(CUSTOMER_SOURCES)) is None:
        st.session_state.pop("_customers_drilled", None)
        drill_down_section()


SECTIONS = {
    "abc": abc_section,
    "rfm": rfm_section,
    "movement": movement_section,
    "cohorts": cohort_section,
    "risk": risk_and_value_section,
    "strategy": strategy_section,
    "tiers": tier_list_section,
    "customer": customer_section,
}
DRILLS = {
    "tier": "abc",
    "in_tier": "abc",
    "segment": "rfm",
    "in_segment": "rfm",
    "risk": "risk",
    "value": "risk",
    "tier_list": "tiers",
}


st.title(text("customers.title"))
ctx = dashboard()

headline_cards(ctx, ("customers", "revenue", "avg_order_value", "gross_margin"))
page_cards()
SECTIONS[open_section("customers", tuple(SECTIONS), DRILLS)]()
