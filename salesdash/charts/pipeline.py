"""Charts of the Pipeline page. Every bar carries its key as `customdata`, so a click can drill to the deals."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from salesdash.charts.common import PALETTE, styled

__all__ = [
    "breakdown_bar",
    "change_waterfall",
    "competitor_bar",
    "forecast_bars",
    "funnel_bars",
    "lost_reason_bar",
    "outcomes_chart",
    "stage_days_bar",
]


def _closest(figure: go.Figure) -> go.Figure:
    figure.update_layout(hovermode="closest", clickmode="event+select")
    return figure


def funnel_bars(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of deals that reached each stage, first stage on top, with value and conversion.

    `frame`: stage, reached, value, conversion; `labels`: each stage name, `reached`, `conversion`.
    """
    names = [labels[s] for s in frame["stage"]]
    shown = [
        f"{n} · {c:.0%}" if pd.notna(c) else str(n) for n, c in zip(frame["reached"], frame["conversion"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=frame["reached"],
            y=names,
            orientation="h",
            text=shown,
            textposition="auto",
            customdata=frame["stage"],
            marker_color=PALETTE[0],
            name=labels["reached"],
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(xaxis_title=labels["reached"])
    return _closest(styled(figure, height=300))


def stage_days_bar(frame: pd.DataFrame, labels: Mapping[str, str], bottleneck: str | None) -> go.Figure:
    """Median days in each stage; the bottleneck stage in orange. `frame`: stage, median_days."""
    colors = [PALETTE[1] if s == bottleneck else PALETTE[5] for s in frame["stage"]]
    figure = go.Figure(
        go.Bar(
            x=[labels[s] for s in frame["stage"]],
            y=frame["median_days"],
            marker_color=colors,
            customdata=frame["stage"],
        )
    )
    figure.update_layout(yaxis_title=labels["median_days"])
    return _closest(styled(figure, height=300))


def outcomes_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Won and lost deals per period as bars, win rate by count and by value as lines on a 0–100% axis."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    period = frame["period"].astype(str)
    figure.add_bar(x=period, y=frame["won"], name=labels["won"], marker_color=PALETTE[2], customdata=period)
    figure.add_bar(x=period, y=frame["lost"], name=labels["lost"], marker_color=PALETTE[3], customdata=period)
    for column, color in (("win_rate", PALETTE[0]), ("value_win_rate", PALETTE[4])):
        figure.add_scatter(
            x=period, y=frame[column], name=labels[column], mode="lines+markers", line={"color": color},
            secondary_y=True,
        )  # fmt: skip
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05], secondary_y=True)
    figure.update_layout(barmode="stack")
    return _closest(styled(figure))


def _key_bar(
    keys: pd.Series,
    values: pd.Series,
    color: str,
    axis_title: str,
    percent: bool = False,
    ids: pd.Series | None = None,
) -> go.Figure:
    """Horizontal bars, largest first; keys without a value (no closed deal) are left out, not drawn empty.
    Each bar's customdata is its id (`ids`, else its key), for drill-down."""
    ordered = pd.DataFrame(
        {
            "key": keys.astype(str).to_numpy(),
            "value": values.to_numpy(),
            "id": (keys if ids is None else ids).astype(str).to_numpy(),
        }
    ).dropna(subset=["value"])
    ordered = ordered.sort_values("value", ascending=False, kind="stable")
    figure = go.Figure(
        go.Bar(x=ordered["value"], y=ordered["key"], orientation="h", marker_color=color, customdata=ordered["id"])
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(xaxis_title=axis_title)
    if percent:
        figure.update_xaxes(tickformat=".0%", range=[0, 1.05])
    return _closest(styled(figure, height=max(220, 28 * len(ordered) + 80)))


def lost_reason_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Deals lost per reason. `frame`: lost_reason, deals."""
    return _key_bar(frame["lost_reason"], frame["deals"], PALETTE[3], labels["deals"])


def competitor_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Win rate against each competitor. `frame`: competitor, win_rate."""
    return _key_bar(frame["competitor"], frame["win_rate"], PALETTE[4], labels["win_rate"], percent=True)


def breakdown_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Win rate per segment / category / region / rep, labelled by `name`, keyed by `key`."""
    return _key_bar(frame["name"], frame["win_rate"], PALETTE[0], labels["win_rate"], percent=True, ids=frame["key"])


def forecast_bars(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Open value per expected-close month (then overdue, then no date) beside its weighted value by default
    and by calibrated probabilities. `frame`: bucket, period, open_value, weighted, calibrated."""
    keys = [str(p) if b == "month" else b for b, p in zip(frame["bucket"], frame["period"], strict=True)]
    names = [k if b == "month" else labels[b] for b, k in zip(frame["bucket"], keys, strict=True)]
    figure = go.Figure()
    for column, color in (("open_value", PALETTE[5]), ("weighted", PALETTE[0]), ("calibrated", PALETTE[1])):
        figure.add_bar(x=names, y=frame[column], name=labels[column], marker_color=color, customdata=keys)
    figure.update_layout(barmode="group")
    return _closest(styled(figure))


def change_waterfall(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Waterfall from the first snapshot's open value through each move to the second's (`step`, `change`)."""
    measure = ["absolute" if s == "start" else "total" if s == "end" else "relative" for s in frame["step"]]
    figure = go.Figure(
        go.Waterfall(
            x=[labels[s] for s in frame["step"]],
            y=[0.0 if s == "end" else c for s, c in zip(frame["step"], frame["change"], strict=True)],
            measure=measure,
            increasing={"marker": {"color": PALETTE[2]}},
            decreasing={"marker": {"color": PALETTE[3]}},
            totals={"marker": {"color": PALETTE[0]}},
        )
    )
    return _closest(styled(figure))
