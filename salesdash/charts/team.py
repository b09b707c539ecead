"""Charts of the Team page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.common import PALETTE, clickable, styled
from salesdash.charts.style import top_labels

__all__ = [
    "activity_mix_bar",
    "activity_quadrant_scatter",
    "attainment_histogram",
    "band_label",
    "payout_curves",
    "ramp_chart",
    "rep_activity_bars",
    "revenue_against_target_bars",
    "training_scatter",
]

QUADRANT_COLORS = {
    "busy_converting": PALETTE[2],
    "busy_not_converting": PALETTE[1],
    "converting_idle": PALETTE[0],
    "idle_not_converting": PALETTE[3],
}


def revenue_against_target_bars(
    frame: pd.DataFrame, name: str, labels: Mapping[str, str], key: str | None = None
) -> go.Figure:
    """Horizontal revenue bars per `name` (rep or team), with the target as a diamond marker; bars and markers
    carry column `key` (default `name`) as customdata, for drill-down."""
    ordered = frame.sort_values("revenue")
    keys = list(ordered[key or name].astype(str))
    figure = go.Figure()
    figure.add_bar(
        customdata=keys,
        x=ordered["revenue"],
        y=ordered[name].astype(str),
        orientation="h",
        name=labels["revenue"],
        marker_color=PALETTE[0],
    )
    if ordered["target"].notna().any():
        figure.add_scatter(
            x=ordered["target"],
            y=ordered[name].astype(str),
            mode="markers",
            customdata=keys,
            name=labels["target"],
            marker={"symbol": "diamond", "size": 11, "color": PALETTE[1]},
        )
    figure.update_layout(hovermode="y unified")
    return clickable(styled(figure, height=max(260, 26 * len(ordered) + 80)))


def band_label(start: float, end: float) -> str:
    """'<50%', '50–70%', …, '≥150%' for an attainment band."""
    if start == 0:
        return f"<{end:.0%}"
    if end == float("inf"):
        return f"≥{start:.0%}"
    return f"{start:.0%}–{end:.0%}"


def attainment_histogram(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Reps per attainment band; bands below 70% red, from 100% green, the rest grey-blue."""
    names = [band_label(s, e) for s, e in zip(frame["band_start"], frame["band_end"], strict=True)]
    colors = [
        PALETTE[3] if e <= 0.7 else PALETTE[2] if s >= 1.0 else PALETTE[5]
        for s, e in zip(frame["band_start"], frame["band_end"], strict=True)
    ]
    figure = go.Figure(go.Bar(x=names, y=frame["reps"], marker_color=colors, name=labels["reps"]))
    figure.update_layout(xaxis_title=labels["band"], yaxis_title=labels["reps"], hovermode="closest")
    return styled(figure, height=300)


def activity_quadrant_scatter(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Activities (x) against win rate (y) per rep, coloured by quadrant, with dashed median lines."""
    figure = go.Figure()
    rated = frame[frame["win_rate"].notna()]
    names = rated["rep_name"].fillna(rated["rep_id"]).astype(str)
    # Only the reps with the most activities carry their name; every point names its rep on hover.
    shown = pd.Series(top_labels(list(names), list(rated["activities"])), index=rated.index)
    for quadrant, color in QUADRANT_COLORS.items():
        part = rated[rated["quadrant"] == quadrant]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["activities"],
            y=part["win_rate"],
            mode="markers+text",
            text=shown[part.index],
            hovertext=names[part.index],
            hovertemplate="%{hovertext}: %{x:,} · %{y:.0%}<extra></extra>",
            textposition="top center",
            customdata=list(part["rep_id"].astype(str)),
            name=labels[quadrant],
            marker={"size": 11, "color": color},
        )
    if not rated.empty:
        figure.add_vline(x=float(rated["median_activities"].iloc[0]), line_dash="dash", line_color="grey")
        figure.add_hline(y=float(rated["median_win_rate"].iloc[0]), line_dash="dash", line_color="grey")
    figure.update_layout(
        xaxis_title=labels["activities"], yaxis_title=labels["win_rate"], yaxis_tickformat=".0%", hovermode="closest"
    )
    return clickable(styled(figure, height=420))


def activity_mix_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Activities per type, largest first."""
    figure = go.Figure(go.Bar(x=frame["activity_type"].astype(str), y=frame["activities"], marker_color=PALETTE[4]))
    figure.update_layout(yaxis_title=labels["activities"], hovermode="closest")
    return styled(figure, height=300)


def ramp_chart(curves: pd.DataFrame, average: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """One thin line per new hire (revenue by month since hire) and the average as a bold line."""
    figure = go.Figure()
    for rep, part in curves.groupby("rep_id", sort=True):
        name = part["rep_name"].iloc[0]
        figure.add_scatter(
            x=part["tenure_month"],
            y=part["revenue"],
            mode="lines",
            name=str(name if isinstance(name, str) else rep),
            line={"width": 1, "color": "rgba(100,116,139,0.45)"},
            showlegend=False,
            hovertemplate=f"{name if isinstance(name, str) else rep}: %{{y:,.0f}}<extra></extra>",
        )
        # Each hire's line is named at its end, so that no line is an unlabelled grey.
        figure.add_annotation(
            x=part["tenure_month"].iloc[-1],
            y=part["revenue"].iloc[-1],
            text=str(name if isinstance(name, str) else rep),
            showarrow=False,
            xanchor="left",
            font={"size": 10, "color": "#64748b"},
        )
    figure.add_scatter(
        x=average["tenure_month"],
        y=average["revenue"],
        mode="lines+markers",
        name=labels["average"],
        line={"width": 3, "color": PALETTE[0]},
    )
    figure.update_layout(xaxis_title=labels["tenure_month"], yaxis_title=labels["revenue"], xaxis_dtick=1)
    return styled(figure, height=340)


def training_scatter(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Training hours (x) against attainment (y) per rep, coloured by average score."""
    shown = frame[frame["attainment"].notna()]
    names = shown["rep_name"].fillna(shown["rep_id"]).astype(str)
    figure = go.Figure(
        go.Scatter(
            x=shown["hours"],
            y=shown["attainment"],
            mode="markers+text",
            text=top_labels(list(names), list(shown["attainment"])),
            hovertext=names,
            hovertemplate="%{hovertext}: %{x:,} · %{y:.0%}<extra></extra>",
            textposition="top center",
            marker={
                "size": 11,
                "color": shown["score"],
                "colorscale": "Blues",
                "showscale": True,
                "colorbar": {"title": labels["score"]},
            },
        )
    )
    figure.update_layout(
        xaxis_title=labels["hours"], yaxis_title=labels["attainment"], yaxis_tickformat=".0%", hovermode="closest"
    )
    return styled(figure, height=340)


def payout_curves(current: pd.DataFrame, what_if: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Payout per unit of target against attainment, for the current plan and the what-if."""
    figure = go.Figure()
    figure.add_scatter(
        x=current["attainment"], y=current["payout"], mode="lines", name=labels["current"], line={"color": PALETTE[0]}
    )
    figure.add_scatter(
        x=what_if["attainment"],
        y=what_if["payout"],
        mode="lines",
        name=labels["what_if"],
        line={"color": PALETTE[1], "dash": "dash"},
    )
    figure.update_layout(xaxis_title=labels["attainment"], xaxis_tickformat=".0%", yaxis_tickformat=".1%")
    return styled(figure, height=300)


def rep_activity_bars(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Stacked bars of one rep's activities per month, one colour per activity type."""
    figure = go.Figure()
    for kind, part in frame.groupby("activity_type", sort=True):
        figure.add_bar(x=part["period"], y=part["activities"], name=str(kind))
    figure.update_layout(barmode="stack", yaxis_title=labels["activities"])
    return styled(figure, height=300)
