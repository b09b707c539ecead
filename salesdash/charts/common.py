"""Shared look of every chart: fonts that render Chinese, the palette, compact margins."""

from __future__ import annotations

import plotly.graph_objects as go

__all__ = ["PALETTE", "clickable", "styled"]

PALETTE = ["#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2", "#ca8a04", "#db2777"]
# Noto CJK ships with Debian's fonts-noto-cjk; the browser falls back along this list.
FONT = "Inter, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"


def styled(figure: go.Figure, title: str | None = None, height: int = 360) -> go.Figure:
    figure.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        font={"family": FONT},
        colorway=PALETTE,
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
    )
    return figure


def clickable(figure: go.Figure) -> go.Figure:
    """A styled chart whose bars or points are clicked for drill-down: hover (and so the click) picks the
    point under the mouse. `styled`'s unified hover picks by x alone, which on a grid or horizontal bars
    selects another cell or bar than the one clicked."""
    figure.update_layout(hovermode="closest")
    return figure
