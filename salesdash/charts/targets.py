"""Charts of the Targets page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.common import PALETTE, clickable, styled

__all__ = ["attainment_bars", "attainment_heatmap_chart", "cumulative_against_target", "pacing_chart"]


def _band(figure: go.Figure, frame: pd.DataFrame, name: str, color: str, label: str) -> None:
    low, high = frame.get(f"{name}_low"), frame.get(f"{name}_high")
    if low is None or high is None or high.isna().all():
        return
    shown = high.notna()
    x = list(frame.loc[shown, "day"]) + list(frame.loc[shown, "day"])[::-1]
    y = list(high[shown]) + list(low[shown])[::-1]
    figure.add_scatter(
        x=x, y=y, fill="toself", fillcolor=color, opacity=0.15, line={"width": 0}, name=label, hoverinfo="skip"
    )


def pacing_chart(path: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Cumulative revenue to date, the target spread evenly over the days, and the run-rate and seasonal
    projections to the period's end with their 80% bands. `path` is what `pacing_path` returns."""
    figure = go.Figure()
    for name, color in (("run_rate", PALETTE[2]), ("seasonal", PALETTE[4])):
        if name in path and path[name].notna().any():
            _band(figure, path, name, color, f"{labels[name]} · {labels['band']}")
            figure.add_scatter(
                x=path["day"], y=path[name], name=labels[name], mode="lines", line={"color": color, "dash": "dot"}
            )
    if "expected" in path:
        figure.add_scatter(
            x=path["day"],
            y=path["expected"],
            name=labels["expected"],
            mode="lines",
            line={"color": PALETTE[1], "dash": "dash"},
        )
    figure.add_scatter(
        x=path["day"], y=path["actual"], name=labels["actual"], mode="lines", line={"color": PALETTE[0], "width": 3}
    )
    return styled(figure)


def attainment_bars(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of attainment per id (`name`, `attainment`), with the 100% line; below 100% in red.
    Each bar carries its `level_id` as customdata, for drill-down."""
    shown = frame[frame["attainment"].notna()].sort_values("attainment")
    colors = [PALETTE[2] if v >= 1 else PALETTE[3] for v in shown["attainment"]]
    figure = go.Figure(
        go.Bar(
            x=shown["attainment"],
            y=shown["name"].astype(str),
            orientation="h",
            marker_color=colors,
            text=[f"{v:.0%}" for v in shown["attainment"]],
            textposition="auto",
            customdata=list(shown["level_id"].astype(str)),
        )
    )
    figure.add_vline(x=1.0, line_dash="dash", line_color=PALETTE[1])
    figure.update_layout(xaxis_title=labels["attainment"], xaxis_tickformat=".0%", hovermode="closest")
    figure.update_yaxes(type="category")  # ids such as 112432117 are names, not numbers
    return clickable(styled(figure, height=max(220, 26 * len(shown) + 60)))


def attainment_heatmap_chart(grid: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Reps down, months across, coloured by attainment: red below 100%, green above. `grid` is `heatmap_grid`.
    Heatmap cells cannot be selected in Plotly: a clear marker on each cell carries `rep_id|month` as customdata,
    so that a click selects the cell for drill-down."""
    months = [c for c in grid.columns if c not in ("rep_id", "rep_name")]
    values = grid[months].astype("float64")
    text = [[f"{v:.0%}" if pd.notna(v) else "" for v in row] for row in values.to_numpy()]
    figure = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=months,
            y=grid["rep_name"].astype(str),
            text=text,
            texttemplate="%{text}",
            colorscale=[[0.0, PALETTE[3]], [0.5, "#fef9c3"], [1.0, PALETTE[2]]],
            zmin=0.0,
            zmid=1.0,
            zmax=2.0,
            colorbar={"title": labels["attainment"], "tickformat": ".0%"},
            hoverinfo="skip",
        )
    )
    cells = [(row, month) for row in range(len(grid)) for month in months]
    figure.add_scatter(
        x=[month for _, month in cells],
        y=[str(grid["rep_name"].iloc[row]) for row, _ in cells],
        mode="markers",
        marker={"size": 22, "symbol": "square", "opacity": 0},
        customdata=[f"{grid['rep_id'].iloc[row]}|{month}" for row, month in cells],
        text=[text[row][months.index(month)] for row, month in cells],
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        showlegend=False,
    )
    figure.update_layout(hovermode="closest", yaxis={"autorange": "reversed", "type": "category"})
    figure.update_xaxes(type="category")
    return clickable(styled(figure, height=max(260, 24 * len(grid) + 80)))


def cumulative_against_target(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Cumulative revenue, target and comparison-period revenue per month (`targets_vs_actuals`)."""
    figure = go.Figure()
    figure.add_scatter(
        x=frame["period"],
        y=frame["revenue_cum"],
        name=labels["revenue"],
        mode="lines+markers",
        line={"color": PALETTE[0]},
    )
    if frame["target_cum"].notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=frame["target_cum"],
            name=labels["target"],
            mode="lines",
            line={"color": PALETTE[1], "dash": "dash"},
        )
    if frame["previous_cum"].notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=frame["previous_cum"],
            name=labels["previous"],
            mode="lines",
            line={"color": PALETTE[5]},
        )
    return styled(figure)
