"""Charts of the Customers page: Pareto curve, RFM grid, tier migration, new vs returning, cohorts, timeline."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salesdash.charts.common import PALETTE, clickable, styled

__all__ = [
    "cohort_heatmap",
    "customer_timeline_chart",
    "migration_heatmap",
    "new_returning_bars",
    "pareto_chart",
    "rfm_grid_heatmap",
]

TIER_COLORS = {"A": PALETTE[0], "B": PALETTE[1], "C": "#94a3b8"}


def pareto_chart(curve: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """The cumulative share of revenue against the share of customers, one line per ABC tier.

    `curve` has columns customer_share, revenue_share, tier (from `pareto_curve`); labels hold the
    axis titles `customer_share`, `revenue_share` and tier names `tier.A`…; every point carries its tier as
    customdata, for drill-down."""
    figure = go.Figure()
    for tier, color in TIER_COLORS.items():
        part = curve[curve["tier"] == tier]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["customer_share"],
            y=part["revenue_share"],
            # Markers even on a long curve: a line cannot be selected in Plotly, a marker can (drill-down).
            mode="lines+markers",
            marker={"size": 6 if len(part) < 30 else 4},
            name=labels[f"tier.{tier}"],
            customdata=[tier] * len(part),
            line={"color": color, "width": 3},
            hovertemplate="%{x:.1%} → %{y:.1%}<extra></extra>",
        )
    figure.update_layout(
        xaxis={"title": labels["customer_share"], "tickformat": ".0%", "range": [0, 1]},
        yaxis={"title": labels["revenue_share"], "tickformat": ".0%"},
        hovermode="closest",
    )
    return clickable(styled(figure, height=340))


def rfm_grid_heatmap(grid: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """A 5 × 5 grid of R score (rows, 5 on top) by F score (columns): colour = customers, text =
    the cell's segment and count. `grid` is `rfm_grid`; labels hold `segment.<name>` and the axes."""
    pivot = grid.pivot(index="r_score", columns="f_score", values="customers").sort_index(ascending=True)
    segments = grid.pivot(index="r_score", columns="f_score", values="segment").loc[pivot.index, pivot.columns]
    text = [
        [f"{labels[f'segment.{segments.loc[r, f]}']}<br>{int(pivot.loc[r, f])}" for f in pivot.columns]
        for r in pivot.index
    ]
    figure = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(),
            x=[str(f) for f in pivot.columns],
            y=[str(r) for r in pivot.index],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            showscale=False,
            hoverinfo="skip",
        )
    )
    # Heatmap cells cannot be selected in Plotly: a clear marker on each cell carries the cell's segment
    # (customdata), so that a click selects it for drill-down.
    cells = grid.astype({"r_score": "int64", "f_score": "int64"})
    figure.add_scatter(
        x=cells["f_score"].astype(str),
        y=cells["r_score"].astype(str),
        mode="markers",
        marker={"size": 48, "symbol": "square", "opacity": 0},
        customdata=list(cells["segment"]),
        text=[labels[f"segment.{s}"] for s in cells["segment"]],
        hovertemplate="R %{y} · F %{x}<br>%{text}<extra></extra>",
        showlegend=False,
    )
    figure.update_layout(xaxis_title=labels["f_score"], yaxis_title=labels["r_score"], hovermode="closest")
    return clickable(styled(figure, height=420))


def migration_heatmap(matrix: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Customers per (tier before, tier now) cell; `matrix` is `tier_migration`, labels hold
    `tier.<tier>` for A, B, C, new, lost and the axis titles from_tier and to_tier."""
    rows = list(dict.fromkeys(matrix["from_tier"]))
    columns = list(dict.fromkeys(matrix["to_tier"]))
    pivot = matrix.pivot(index="from_tier", columns="to_tier", values="customers").loc[rows, columns]
    figure = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(),
            x=[labels[f"tier.{c}"] for c in columns],
            y=[labels[f"tier.{r}"] for r in rows],
            text=pivot.to_numpy(),
            texttemplate="%{text}",
            colorscale="Oranges",
            showscale=False,
            hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": labels["to_tier"], "side": "top"},
        yaxis={"title": labels["from_tier"], "autorange": "reversed"},
        hovermode="closest",
    )
    return styled(figure, height=320)


def new_returning_bars(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Stacked monthly revenue from returning and from new customers (`new_vs_returning`)."""
    figure = go.Figure()
    figure.add_bar(
        x=frame["period"], y=frame["returning_revenue"], name=labels["returning_revenue"], marker_color=PALETTE[0]
    )
    figure.add_bar(x=frame["period"], y=frame["new_revenue"], name=labels["new_revenue"], marker_color=PALETTE[2])
    figure.update_layout(barmode="stack")
    return styled(figure, height=320)


def cohort_heatmap(frame: pd.DataFrame, labels: Mapping[str, str], measure: str = "customer_share") -> go.Figure:
    """Retention by first-order month (rows) and months later (columns); `measure` is customer_share or
    revenue_share of `cohort_retention`. Empty cells: nobody of the cohort bought that month."""
    pivot = frame.pivot(index="cohort", columns="age", values=measure).sort_index()
    sizes = frame.drop_duplicates("cohort").set_index("cohort")["cohort_size"].reindex(pivot.index)
    y = [f"{c:%Y-%m} ({int(n)})" for c, n in zip(pivot.index, sizes, strict=True)]
    figure = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(dtype="float64"),
            x=[str(a) for a in pivot.columns],
            y=y,
            texttemplate="%{z:.0%}",
            colorscale="Greens",
            zmin=0,
            zmax=1,
            showscale=False,
            hovertemplate="%{y} +%{x}: %{z:.1%}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis_title=labels["age"], yaxis={"title": labels["cohort"], "autorange": "reversed"}, hovermode="closest"
    )
    return styled(figure, height=max(260, 26 * len(y) + 80))


def customer_timeline_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """One customer's revenue per month (bars) and orders (line, right axis), from `customer_timeline`."""
    figure = go.Figure()
    figure.add_bar(x=frame["period"], y=frame["revenue"], name=labels["revenue"], marker_color=PALETTE[0])
    figure.add_scatter(
        x=frame["period"],
        y=frame["orders"],
        name=labels["orders"],
        yaxis="y2",
        mode="lines+markers",
        line={"color": PALETTE[1]},
    )
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero"})
    return styled(figure, height=300)
