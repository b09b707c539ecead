"""Overview: are we on track, what moved, what needs attention."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salesdash.charts.overview import movers_bar, revenue_against_target
from ui.components import chart, page_link
from ui.headline import headline_cards
from ui.state import comparison, compute, filters, text, window

st.title(text("overview.title"))
if window() is None:
    st.info(text("app.no_data"))
    st.stop()

headline_cards(
    ("revenue", "attainment", "growth_yoy", "gross_margin", "customers", "open_value", "weighted_value", "win_rate")
)

st.subheader(text("overview.on_track"))
trend = compute("metrics.sales.revenue_over_time", filters(), window())
targets = compute("metrics.targets.target_by_month", filters(), window())
if comparison() is not None:
    previous = compute("metrics.sales.revenue_over_time", filters(), comparison())
    trend = trend.assign(
        previous=pd.Series(previous["revenue"].to_numpy()[: len(trend)]).reindex(range(len(trend))).to_numpy()
    )
trend = trend.merge(targets, on="period", how="left")
labels = {k: text(f"label.{k}") for k in ("revenue", "previous", "target")}
chart(revenue_against_target(trend, labels), key="overview_trend")

st.subheader(text("overview.movers"))
left, right = st.columns(2)
for column, dimension in ((left, "region"), (right, "category")):
    movers = compute("metrics.sales.revenue_by_dimension", filters(), window(), comparison(), dimension)
    column.caption(text(f"overview.movers_{dimension}"))
    if not movers.empty:
        with column:
            chart(movers_bar(movers, dimension, {"change": text("label.change")}), key=f"overview_movers_{dimension}")

st.subheader(text("overview.alerts"))
found = compute("metrics.alerts.alerts", filters(), window())
if not found:
    st.success(text("overview.no_alerts"))
for alert in found:
    page_link(alert.page, text(alert.key, count=alert.count), icon=":material/warning:")
