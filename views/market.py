"""Market: the trend, what drives growth, and how we do against the market and competitors."""

from __future__ import annotations

from typing import cast

import streamlit as st

from salesdash import fmt
from salesdash.charts.maps import country_map, province_map
from salesdash.charts.market import (
    band_chart,
    competitor_chart,
    growth_chart,
    mix_bar,
    pvm_waterfall,
    seasonality_bar,
    seasonality_heatmap,
    share_bubble,
    share_chart,
    trend_chart,
)
from salesdash.charts.overview import movers_bar
from salesdash.charts.places import PROVINCES
from salesdash.metrics.drill import period_window, province_values
from salesdash.metrics.market.geo import geo_revenue
from salesdash.metrics.market.mix import MIX_DIMENSIONS, available_dimensions, mix_breakdown, movers
from salesdash.metrics.market.pvm import EFFECTS, pvm_bridge, pvm_by_product
from salesdash.metrics.market.seasonality import expected_band, monthly_history, seasonality_index
from salesdash.metrics.market.share import OURS, SHARE_BY, competitor_shares, share_growth_matrix, share_over_time
from salesdash.metrics.market.trend import MEASURES, TREND_GRAINS, monthly_growth
from salesdash.metrics.market.trend import has_quantity as has_quantity_of
from salesdash.metrics.market.trend import trend as trend_of
from ui import drill
from ui.components import chart, exportable_table, needs_upload
from ui.context import dashboard
from ui.headline import headline, headline_cards
from ui.sections import local, open_section
from ui.sidebar import labelled, unusable_link_value
from ui.state import cached, money, text


def choice(key: str, options: tuple[str, ...], default: str, label: str, prefix: str | None = None) -> str:
    """A page control whose value a link may set; a value it does not know falls back to the default."""
    if st.session_state.get(key) not in options:
        unusable_link_value(key, options)
        st.session_state[key] = default if default in options else options[0]
    prefix = prefix or label
    return str(st.selectbox(text(label), options, key=key, format_func=labelled(prefix)))


def units() -> dict[str, str]:
    """The language and currency that a chart's hover texts and colour bars are written in."""
    return {"lang": ctx.lang, "currency": str(ctx.tables.settings.get("currency", "CNY"))}


def table_labels(frame_columns: list[str]) -> dict[str, str]:
    return {c: text(f"market.col.{c}") for c in frame_columns}


# Drill-downs (`market_drill`): `period:<start>` (trend), `mix:<dimension>|<value>` (mix and movers bars),
# `province:<key>` (a province of the map). Each opens the slice's figures and order lines under the clicked chart.
BREAKDOWNS = ("region", "category")


def trend_drill(grain: str) -> None:
    opened = drill.current("market", ("period",))
    span = period_window(ctx.window, opened[1], grain) if opened else None
    if opened is not None and span is None:
        drill.refuse("market")
    if opened is not None and span is not None:
        # The days the drill covers, in the page's language: the clicked period cut to the window.
        days = fmt.day(span.start, ctx.lang) + ("" if span.end == span.start else f" – {fmt.day(span.end, ctx.lang)}")
        trail = [text("nav.market"), text("drill.source.period"), days]
        drill.slice_panel("market", trail, ctx.filters, span, BREAKDOWNS)


def mix_drill() -> None:
    opened = drill.current("market", ("mix",))
    dimension, _, value = opened[1].partition("|") if opened else ("", "", "")
    if opened is not None and dimension not in MIX_DIMENSIONS:
        drill.clear("market")
    elif opened is not None:
        trail = [text("nav.market"), text("drill.source.mix"), text(f"market.dim.{dimension}"), value]
        others = tuple(d for d in BREAKDOWNS if d != dimension)
        drill.slice_panel("market", trail, ctx.filters, ctx.window, others, (dimension, (value,)))


def mix_clicked(event: object, dimension: str) -> None:
    key = drill.clicked(event)
    if key is not None and drill.drill_from(event, "market", f"mix_{dimension}") is not None:
        drill.open_drill("market", "mix", f"{dimension}|{key}")


def map_drill() -> None:
    opened = drill.current("market", ("province",))
    if opened is not None and opened[1] not in PROVINCES:
        drill.clear("market")
    elif opened is not None:
        names = PROVINCES[opened[1]]
        trail = [text("nav.market"), text("drill.source.province"), names[1] if ctx.lang == "zh" else names[0]]
        spelled = cached(province_values, ctx.filters, ctx.window, opened[1])
        drill.slice_panel("market", trail, ctx.filters, ctx.window, BREAKDOWNS, ("province", spelled))


def has_quantity() -> bool:
    return bool(cached(has_quantity_of, ctx.filters, ctx.window))


def trend_section() -> None:
    st.subheader(text("market.trend"))
    left, right = st.columns(2)
    with left:
        grain = choice("market_grain", TREND_GRAINS, "month", "market.grain")
    with right:
        measure = choice("market_measure", MEASURES, "revenue", "market.measure")
    if measure == "volume" and not has_quantity():
        st.info(text("market.no_quantity"))
    else:
        trend = cached(trend_of, ctx.filters, ctx.window, ctx.comparison, grain)
        periods = int(ctx.tables.settings.get("market_moving_average", 3))
        labels = {
            measure: text(f"market.measure.{measure}"),
            "moving_average": text("market.moving_average", periods=periods),
            "previous": text("label.previous"),
            "partial": text("label.partial" if grain == "month" else "market.partial_period"),
        } | units()
        event = chart(trend_chart(trend, measure, labels), key="market_trend_chart", on_select="rerun")
        drill.drill_from(event, "market", "period")
        st.caption(text("market.trend_note"))
        trend_drill(grain)


def growth_section() -> None:
    st.subheader(text("market.growth"))
    monthly = cached(monthly_growth, ctx.filters, ctx.window)
    growth_labels = {"yoy": text("market.yoy"), "mom": text("market.mom"), "partial": text("label.partial")}
    chart(growth_chart(monthly, growth_labels), key="market_growth_chart")
    st.caption(text("market.growth_total", value=fmt.percent(headline(ctx)[0]["growth_yoy"])))
    st.caption(text("market.growth_note"))
    st.markdown(f"**{text('market.band_title')}**")
    band = cached(expected_band, ctx.filters, ctx.window)
    if band.empty or band["expected"].isna().all():
        st.info(text("market.band_needs_history"))
    else:
        band_labels = {k: text(f"market.{k}") for k in ("band", "expected", "flagged")} | {
            "revenue": text("label.revenue")
        }
        chart(band_chart(band, band_labels), key="market_band_chart")
        flagged = [m.strftime("%Y-%m") for m in band.loc[band["flagged"], "month"]]
        st.caption(text("market.flagged_months", months=", ".join(flagged)) if flagged else text("market.none_flagged"))
        st.caption(text("market.band_note", k=ctx.tables.settings.get("market_band_sigma", 2)))


def season_section() -> None:
    st.subheader(text("market.season"))
    index = cached(seasonality_index, ctx.filters, ctx.window)
    if index.empty:
        st.info(text("market.season_needs_year"))
    else:
        chart(
            seasonality_bar(index, {"index": text("market.index"), "month": text("market.month")} | units()),
            key="market_index",
        )
        st.caption(text("market.season_note", years=int(index["years"].iloc[0])))
    history = cached(monthly_history, ctx.filters, ctx.window)
    if not history.empty:
        st.caption(text("market.heatmap"))
        heatmap_labels = {"revenue": text("label.revenue"), "month": text("market.month")} | units()
        chart(seasonality_heatmap(history, heatmap_labels), key="market_heatmap")


def mix_section() -> None:
    st.subheader(text("market.mix"))
    dimensions = cached(available_dimensions, ctx.filters, ctx.window)
    if not dimensions:
        st.info(text("market.no_dimensions"))
    else:
        dimension = choice("market_dimension", dimensions, "region", "market.dimension", "market.dim")
        breakdown = cached(mix_breakdown, ctx.filters, ctx.window, ctx.comparison, dimension)
        figure = mix_bar(breakdown, {"revenue": text("label.revenue"), "previous": text("label.previous")} | units())
        mix_clicked(chart(figure, key="market_mix", on_select="rerun"), dimension)
        exportable_table(
            # The first column holds the chosen dimension's values: it is headed by that dimension's name.
            breakdown.rename(
                columns=table_labels(list(breakdown.columns)) | {"value": text(f"market.dim.{dimension}")}
            ),
            "market_mix",
            f"mix_{dimension}",
        )
        if ctx.comparison is None:
            st.info(text("market.needs_comparison"))
        else:
            moved = cached(movers, ctx.filters, ctx.window, ctx.comparison, dimension)
            for column, side in zip(st.columns(2), ("gainers", "decliners"), strict=True):
                column.markdown(f"**{text(f'market.{side}')}**")
                if moved[side].empty:
                    column.caption(text("market.no_movers"))
                else:
                    with column:
                        figure = movers_bar(moved[side], "value", {"change": text("label.change")})
                        mix_clicked(chart(figure, key=f"market_{side}", on_select="rerun"), dimension)
        mix_drill()


def map_section() -> None:
    st.subheader(text("market.map"))
    places = cached(geo_revenue, ctx.filters, ctx.window, ctx.comparison)
    unplaced = money(cast(float | None, places["unplaced"]))
    labels = {"name_column": "name_zh" if ctx.lang == "zh" else "name", "revenue": text("label.revenue")} | units()
    if places["level"] == "province":
        event = chart(province_map(places["places"], labels), key="market_map", on_select="rerun")
        drill.drill_from(event, "market", "province")
        st.caption(text("market.map_note_province", unplaced=unplaced))
        map_drill()
    elif places["level"] == "country":
        chart(country_map(places["places"], labels), key="market_map")
        st.caption(text("market.map_note_country", unplaced=unplaced))
    else:
        st.info(text("market.no_places"))


def pvm_section() -> None:
    st.subheader(text("market.pvm"))
    if ctx.comparison is None:
        st.info(text("market.needs_comparison"))
    elif not has_quantity():
        st.info(text("market.no_quantity"))
    else:
        bridge = cached(pvm_bridge, ctx.filters, ctx.window, ctx.comparison)
        steps = {s: text(f"market.pvm.{s}") for s in ("previous", *EFFECTS, "current")}
        chart(pvm_waterfall(bridge, steps), key="market_pvm")
        st.caption(text("market.pvm_note"))
        products = cached(pvm_by_product, ctx.filters, ctx.window, ctx.comparison)
        exportable_table(products, "market_pvm_products", "price_volume_mix")


@local("market")
def share_section() -> None:
    st.subheader(text("market.share"))
    if not ctx.tables.has("market"):
        needs_upload(["market"])
    else:
        by = choice("market_share_by", SHARE_BY, "total", "market.share_by")
        shares = cached(share_over_time, ctx.filters, ctx.window, by)
        chart(share_chart(shares, {"total": text("market.total")}), key="market_share_chart")
        st.caption(text("market.share_note"))
        st.markdown(f"**{text('market.competitors')}**")
        rivals = cached(competitor_shares, ctx.filters, ctx.window)
        chart(competitor_chart(rivals, {"ours": text("market.ours"), "ours_key": OURS}), key="market_competitors")
        st.markdown(f"**{text('market.matrix')}**")
        matrix = cached(share_growth_matrix, ctx.filters, ctx.window, "category" if by == "total" else by)
        if matrix.empty:
            st.info(text("market.no_matrix"))
        else:
            matrix_labels = {"share": text("market.share_label"), "market_growth": text("market.market_growth")}
            chart(share_bubble(matrix, matrix_labels), key="market_matrix")
            exportable_table(matrix, "market_matrix_table", "share_growth")


SECTIONS = {
    "trend": trend_section,
    "growth": growth_section,
    "season": season_section,
    "mix": mix_section,
    "map": map_section,
    "pvm": pvm_section,
    "share": share_section,
}
DRILLS = {"period": "trend", "mix": "mix", "province": "map"}

st.title(text("nav.market"))
ctx = dashboard()

headline_cards(ctx, ("revenue", "growth_yoy", "orders", "avg_order_value"))

SECTIONS[open_section("market", tuple(SECTIONS), DRILLS)]()
