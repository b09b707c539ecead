"""Charts of the Overview page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.common import PALETTE, clickable, styled
from salesdash.charts.style import partial_bars

__all__ = ["movers_bar", "revenue_against_target"]


def revenue_against_target(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Bars of revenue per month, the comparison period's revenue as a line, the target as a dashed line; a
    partial month hatched and labelled.

    `frame` has columns period, revenue, and optionally previous, target and partial. Each point carries its period's
    start date (ISO) as customdata, for drill-down.
    """
    figure = go.Figure()
    periods = [str(p)[:10] for p in frame["period"]]
    figure.add_bar(
        x=frame["period"],
        y=frame["revenue"],
        name=labels["revenue"],
        customdata=periods,
        **partial_bars(frame, PALETTE[0], labels.get("partial", "")),
    )
    if "previous" in frame and frame["previous"].notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=frame["previous"],
            name=labels["previous"],
            mode="lines+markers",
            line={"color": PALETTE[5]},
            customdata=periods,
        )
    if "target" in frame and frame["target"].notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=frame["target"],
            name=labels["target"],
            mode="lines",
            line={"color": PALETTE[1], "dash": "dash"},
            customdata=periods,
        )
    return clickable(styled(figure))


def movers_bar(frame: pd.DataFrame, dimension: str, labels: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of the change in revenue per value of a dimension, gainers green, decliners red;
    each bar carries its value as customdata, for drill-down."""
    ordered = frame.sort_values("change")
    colors = [PALETTE[2] if v >= 0 else PALETTE[3] for v in ordered["change"]]
    names = ordered[dimension].astype(str)
    figure = go.Figure(
        go.Bar(x=ordered["change"], y=names, orientation="h", marker_color=colors, customdata=list(names))
    )
    figure.update_layout(xaxis_title=labels["change"], hovermode="closest")
    return clickable(styled(figure, height=max(240, 28 * len(ordered) + 60)))
