"""Charts of the Market page: trend, growth, band, seasonality, mix, map, waterfall and share."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.common import PALETTE, clickable, styled
from salesdash.charts.style import OTHERS, US_COLOUR

__all__ = [
    "band_chart",
    "competitor_chart",
    "country_map",
    "growth_chart",
    "mix_bar",
    "province_map",
    "pvm_waterfall",
    "seasonality_bar",
    "seasonality_heatmap",
    "share_bubble",
    "share_chart",
    "trend_chart",
]


def _number(value: object) -> float | None:
    """A figure for customdata: None (JSON null) for a missing one."""
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def trend_chart(frame: pd.DataFrame, measure: str, labels: Mapping[str, str]) -> go.Figure:
    """Bars of `measure` per period, its moving average, and the comparison period aligned by position.

    `frame` has columns period, <measure>, <measure>_ma and previous_<measure>. Every point carries its
    period's start date (ISO) as customdata, for drill-down."""
    periods = [str(p)[:10] for p in frame["period"]]
    figure = go.Figure()
    figure.add_bar(
        x=frame["period"], y=frame[measure], name=labels[measure], marker_color=PALETTE[0], customdata=periods
    )
    figure.add_scatter(
        x=frame["period"],
        y=frame[f"{measure}_ma"],
        name=labels["moving_average"],
        line={"color": PALETTE[1]},
        customdata=periods,
    )
    previous = frame[f"previous_{measure}"]
    if previous.notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=previous,
            name=labels["previous"],
            mode="lines+markers",
            line={"color": PALETTE[5], "dash": "dot"},
            customdata=periods,
        )
    return clickable(styled(figure))


def growth_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Year-on-year growth as bars and month-on-month growth as a line, per month (fractions shown as %)."""
    figure = go.Figure()
    figure.add_bar(x=frame["month"], y=frame["yoy"], name=labels["yoy"], marker_color=PALETTE[0])
    figure.add_scatter(x=frame["month"], y=frame["mom"], name=labels["mom"], line={"color": PALETTE[1]})
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def band_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Monthly revenue against its expected band; months outside the band marked in red."""
    figure = go.Figure()
    figure.add_scatter(x=frame["month"], y=frame["high"], line={"width": 0}, showlegend=False, hoverinfo="skip")
    figure.add_scatter(
        x=frame["month"],
        y=frame["low"],
        fill="tonexty",
        fillcolor="rgba(37,99,235,0.12)",
        line={"width": 0},
        name=labels["band"],
    )
    figure.add_scatter(
        x=frame["month"], y=frame["expected"], name=labels["expected"], line={"color": PALETTE[5], "dash": "dash"}
    )
    figure.add_scatter(x=frame["month"], y=frame["revenue"], name=labels["revenue"], line={"color": PALETTE[0]})
    flagged = frame[frame["flagged"].astype(bool)]
    figure.add_scatter(
        x=flagged["month"],
        y=flagged["revenue"],
        mode="markers",
        marker={"color": PALETTE[3], "size": 12, "symbol": "circle-open", "line": {"width": 3}},
        name=labels["flagged"],
    )
    return styled(figure)


def seasonality_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """The seasonality index per calendar month, with the line at 1 (an average month)."""
    figure = go.Figure(go.Bar(x=frame["month"], y=frame["index"], marker_color=PALETTE[0], name=labels["index"]))
    figure.add_hline(y=1.0, line_dash="dash", line_color=PALETTE[1])
    figure.update_layout(xaxis={"tickmode": "linear", "dtick": 1, "title": labels["month"]}, hovermode="closest")
    return styled(figure)


def seasonality_heatmap(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Revenue per year (rows) and calendar month (columns)."""
    grid = frame.pivot_table(index="year", columns="month", values="revenue", aggfunc="sum")
    grid = grid.reindex(columns=range(1, 13))
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=[str(y) for y in grid.index],
            colorscale="Blues",
            colorbar={"title": labels["revenue"]},
        )
    )
    figure.update_layout(xaxis={"tickmode": "linear", "dtick": 1, "title": labels["month"]}, hovermode="closest")
    return styled(figure, height=max(220, 40 * len(grid) + 100))


def mix_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of revenue per value, the comparison period beside it, growth in the hover. Each bar's
    customdata is [value, growth, share]: the value first, for drill-down."""
    ordered = frame.head(25).iloc[::-1]
    values = list(ordered["value"].astype(str))
    figure = go.Figure()
    figure.add_bar(
        y=values,
        x=ordered["revenue"],
        orientation="h",
        name=labels["revenue"],
        marker_color=PALETTE[0],
        customdata=[
            [value, _number(growth), _number(share)]
            for value, growth, share in zip(values, ordered["growth"], ordered["share"], strict=True)
        ],
        hovertemplate="%{y}: %{x:,.0f} · %{customdata[2]:.1%} · %{customdata[1]:+.1%}<extra></extra>",
    )
    if ordered["previous"].notna().any():
        figure.add_bar(
            y=ordered["value"].astype(str),
            x=ordered["previous"],
            orientation="h",
            name=labels["previous"],
            marker_color=PALETTE[5],
            opacity=0.5,
            customdata=[[value] for value in values],
        )
    figure.update_layout(barmode="group", hovermode="closest")
    return clickable(styled(figure, height=max(260, 36 * len(ordered) + 80)))


def province_map(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Bubbles at each province's capital sized by revenue, coloured by growth, each named; each bubble's
    customdata is [province key, revenue, growth]: the key first, for drill-down.

    Drawn on a blank map (`white-bg`): it needs no map tiles and no outlines from the internet, so it draws
    the same offline and on an intranet (plotly's geo base map loads its outlines from a CDN)."""
    size = frame["revenue"].clip(lower=0)
    scale = float(size.max()) if len(size) and size.max() > 0 else 1.0
    figure = go.Figure(
        go.Scattermap(
            lat=frame["lat"],
            lon=frame["lon"],
            text=frame[labels["name_column"]],
            mode="markers+text",
            textposition="bottom center",
            customdata=[
                [key, _number(revenue), _number(growth)]
                for key, revenue, growth in zip(frame["key"], frame["revenue"], frame["growth"], strict=True)
            ],
            marker={
                "size": 8 + 42 * (size / scale) ** 0.5,
                "color": frame["growth"].astype("float64"),
                "colorscale": "RdYlGn",
                "cmid": 0,
                "colorbar": {"title": labels["growth"], "tickformat": ".0%"},
            },
            hovertemplate="%{text}: %{customdata[1]:,.0f} · %{customdata[2]:+.1%}<extra></extra>",
        )
    )
    figure.update_layout(
        hovermode="closest", map={"style": "white-bg", "center": {"lat": 34.0, "lon": 106.0}, "zoom": 2.6}
    )
    return clickable(styled(figure, height=480))


def country_map(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Countries shaded by revenue (plotly's built-in country shapes, matched by English name)."""
    figure = go.Figure(
        go.Choropleth(
            locations=frame["name"],
            locationmode="country names",
            z=frame["revenue"],
            colorscale="Blues",
            colorbar={"title": labels["revenue"]},
        )
    )
    figure.update_layout(hovermode="closest")
    return styled(figure, height=460)


def pvm_waterfall(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Waterfall from the comparison period's revenue through the effects to the window's revenue."""
    measures = ["absolute", *(["relative"] * (len(frame) - 2)), "total"]
    figure = go.Figure(
        go.Waterfall(
            x=[labels[step] for step in frame["step"]],
            y=frame["value"],
            measure=measures,
            increasing={"marker": {"color": PALETTE[2]}},
            decreasing={"marker": {"color": PALETTE[3]}},
            totals={"marker": {"color": PALETTE[0]}},
            connector={"line": {"color": "#9ca3af"}},
        )
    )
    figure.update_layout(hovermode="closest", showlegend=False, yaxis_range=effect_range(frame["value"]))
    return styled(figure)


def effect_range(values: pd.Series) -> list[float]:
    """The value axis of a waterfall from just below its lowest running total to just above its highest:
    from 0, effects of a few percent of revenue would be slivers."""
    steps = [float(v) for v in values]
    running = [steps[0]]
    for step in steps[1:-1]:
        running.append(running[-1] + step)
    low, high = min(running), max(running)
    pad = max((high - low) * 0.25, abs(high) * 0.02, 1.0)
    return [max(0.0, low - pad) if low >= 0 else low - pad, high + pad]


def share_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Our share of the market per period, one line per key (region, category, or the total)."""
    figure = go.Figure()
    for key, rows in frame.groupby("key", sort=True):
        name = labels["total"] if key == "all" else str(key)
        figure.add_scatter(x=rows["period"], y=rows["share"], name=name, mode="lines+markers")
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def competitor_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Each competitor's share of the market per period, with ours highlighted."""
    figure = go.Figure()
    others = iter(OTHERS * 4)
    for competitor, rows in frame.groupby("competitor", sort=True):
        ours = competitor == labels["ours_key"]
        figure.add_scatter(
            x=rows["period"],
            y=rows["share"],
            name=labels["ours"] if ours else str(competitor),
            mode="lines+markers",
            # "Us" in the one strong blue, competitors in muted colours that are never blue.
            line={"width": 4 if ours else 1.5, "color": US_COLOUR if ours else next(others)},
        )
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def share_bubble(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Share (x) against market growth (y), one bubble per key sized by our revenue."""
    size = frame["revenue"].clip(lower=0).astype("float64")
    scale = float(size.max()) if len(size) and size.max() > 0 else 1.0
    figure = go.Figure(
        go.Scatter(
            x=frame["share"],
            y=frame["market_growth"],
            text=frame["key"].astype(str),
            mode="markers+text",
            textposition="top center",
            marker={"size": 12 + 48 * (size / scale) ** 0.5, "color": PALETTE[0], "opacity": 0.6},
        )
    )
    figure.update_layout(
        xaxis={"title": labels["share"], "tickformat": ".0%"},
        yaxis={"title": labels["market_growth"], "tickformat": ".0%"},
        hovermode="closest",
    )
    return styled(figure, height=420)
