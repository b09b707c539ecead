"""The Market charts put the figures where they belong."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.market import (
    amount_texts,
    label_positions,
    pvm_waterfall,
    seasonality_heatmap,
    share_chart,
    trend_chart,
)
from salesdash.charts.style import localized


def test_waterfall_starts_and_ends_with_totals() -> None:
    steps = ["previous", "volume", "price", "mix", "new", "discontinued", "current"]
    frame = pd.DataFrame({"step": steps, "value": [150.0, 11.0, 20.0, 27.0, 20.0, -40.0, 188.0]})
    figure = pvm_waterfall(frame, {s: s.upper() for s in steps})
    trace = figure.data[0]
    assert list(trace.measure) == ["absolute"] + ["relative"] * 5 + ["total"]
    assert list(trace.x) == [s.upper() for s in steps]
    assert list(trace.y) == [150.0, 11.0, 20.0, 27.0, 20.0, -40.0, 188.0]


def test_heatmap_is_year_by_month() -> None:
    frame = pd.DataFrame({"year": [2024, 2024, 2025], "month": [11, 12, 1], "revenue": [4.0, 5.0, 6.0]})
    trace = seasonality_heatmap(frame, {"revenue": "R", "month": "M"}).data[0]
    assert list(trace.y) == ["2024", "2025"]
    assert list(trace.x) == list(range(1, 13))
    assert list(trace.z[0][10:]) == [4.0, 5.0]
    assert trace.z[1][0] == 6.0
    assert math.isnan(trace.z[1][1])


def test_season_charts_name_the_months_and_amounts_in_the_language() -> None:
    frame = pd.DataFrame({"year": [2024, 2024, 2025], "month": [11, 12, 1], "revenue": [40_000.0, 50_000.0, 60_000.0]})
    figure = seasonality_heatmap(frame, {"revenue": "销售额", "month": "月份", "lang": "zh"})
    assert figure.layout.xaxis.ticktext == tuple(f"{m}月" for m in range(1, 13))
    assert figure.data[0].colorbar.ticktext == ("4万", "6万")  # steps of 2万 from 0, inside 4万–6万
    assert figure.data[0].text[1][0] == "¥6.0万"
    english = seasonality_heatmap(frame, {"revenue": "Revenue", "month": "Month", "lang": "en"})
    assert english.layout.xaxis.ticktext[:3] == ("Jan", "Feb", "Mar")


def test_a_share_line_between_12_and_19_percent_gets_more_than_one_tick() -> None:
    # Plotly zooms an axis of lines onto their values: ticks counted from 0 (0%, 5%, 10%, 15%, 20%) left
    # "15%" alone in view. Bars keep 0 in view, so theirs still start at 0.
    frame = pd.DataFrame({"key": ["all"] * 3, "period": ["2024-Q1", "2024-Q2", "2024-Q3"], "share": [0.12, 0.15, 0.19]})
    lines = localized(share_chart(frame, {"total": "Total"}), "en")
    assert lines.layout.yaxis.ticktext == ("12%", "14%", "16%", "18%")
    bars = go.Figure(go.Bar(x=[1, 2, 3], y=[0.12, 0.15, 0.19]))
    bars.update_layout(yaxis_tickformat=".0%")
    assert localized(bars, "en").layout.yaxis.ticktext == ("0%", "5%", "10%", "15%", "20%")


def test_the_lower_of_two_close_bubbles_is_named_below_it() -> None:
    # The demo's 服务器 (17.6%, +1.1%) and 软件 (17.4%, −0.6%) sat on each other's names.
    shares, growths = [0.176, 0.174, 0.12, 0.19], [0.011, -0.006, -0.08, 0.29]
    assert label_positions(shares, growths) == ["top center", "bottom center", "top center", "top center"]


def test_hover_amounts_are_written_in_the_language_and_currency() -> None:
    assert amount_texts([32_000.0, None, 5.0], {"lang": "zh"}) == ["¥3.2万", "—", "¥5"]
    assert amount_texts([32_000.0], {"lang": "en", "currency": "USD"}) == ["$32.0K"]
    assert amount_texts([12_345.0, None], {"lang": "zh"}, money=False) == ["12,345", "—"]


def test_quarterly_points_tick_on_their_quarters() -> None:
    # Quarter starts are first days of months: they were ticked monthly, a label under every month between
    # the bars (2025年12月, 2026年1月, 2026年2月…).
    quarters = pd.DataFrame({"period": pd.to_datetime(["2026-01-01", "2026-04-01", "2026-07-01"]).date})
    frame = quarters.assign(revenue=[7.8e7, 9.3e7, 8.7e7], revenue_ma=[7.8e7, 8.6e7, None], previous_revenue=None)
    labels = {"revenue": "销售额", "moving_average": "移动平均", "previous": "对比期", "lang": "zh"}
    axis = localized(trend_chart(frame, "revenue", labels), "zh").layout.xaxis
    assert (axis.dtick, axis.tick0, axis.tickformat) == ("M3", "2026-01-01", "%Y年%-m月")


def test_a_partial_period_is_its_own_hatched_bar_in_the_legend() -> None:
    frame = pd.DataFrame({"period": pd.to_datetime(["2026-07-01", "2026-08-01", "2026-09-01"]).date})
    frame = frame.assign(revenue=[3.0e7, 3.2e7, 2.5e7], revenue_ma=[3.0e7, 3.1e7, None], previous_revenue=None)
    labels = {"revenue": "Revenue", "moving_average": "MA", "previous": "P", "partial": "Partial month"}
    whole, cut = trend_chart(frame.assign(partial=[False, False, True]), "revenue", labels).data[:2]
    assert (whole.name, whole.marker.pattern.shape) == ("Revenue", "")
    assert (cut.name, cut.marker.pattern.shape) == ("Revenue · Partial month", "/")
    assert [list(c) for c in cut.customdata] == [["2026-09-01", "¥25.0M"]]
    # Both bar traces share one width, 80% of the shortest gap (31 days): not the lone partial bar's own.
    assert whole.width == cut.width == 31 * 86_400_000 * 0.8
    # The value axis runs to the tick above the highest bar (¥32M → 40M), so the top gridline has a label.
    assert localized(
        trend_chart(frame.assign(partial=[False, False, True]), "revenue", labels), "en"
    ).layout.yaxis.range == (0, 4e7)
