"""A page as one self-contained HTML file: KPI cards, interactive charts and tables, ready to mail."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

__all__ = ["SnapshotItem", "page_html"]

_STYLE = """
body { font-family: Inter, 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; margin: 24px; color: #1f2937; }
h1 { margin-bottom: 0; } .sub { color: #6b7280; margin-top: 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; min-width: 160px; }
.card .label { color: #6b7280; font-size: 13px; } .card .value { font-size: 24px; font-weight: 600; }
.card .delta { font-size: 13px; color: #16a34a; } .card .delta.neg { color: #dc2626; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 24px; }
th, td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: right; } th { background: #f9fafb; }
"""


@dataclass(frozen=True)
class SnapshotItem:
    """One thing a page showed: a heading, KPI cards, a chart or a table."""

    kind: str  # "heading" | "cards" | "chart" | "table"
    payload: Any


def _cards(cards: Sequence[tuple[str, str, str | None]]) -> str:
    parts = []
    for label, value, delta in cards:
        delta_html = ""
        if delta:
            negative = " neg" if delta.startswith("-") else ""
            delta_html = f'<div class="delta{negative}">{html.escape(delta)}</div>'
        parts.append(
            f'<div class="card"><div class="label">{html.escape(label)}</div>'
            f'<div class="value">{html.escape(value)}</div>{delta_html}</div>'
        )
    return f'<div class="cards">{"".join(parts)}</div>'


def page_html(title: str, subtitle: str, items: Sequence[SnapshotItem], lang: str = "zh") -> str:
    """The page as one HTML document; plotly.js is inlined once so the file works offline."""
    body: list[str] = []
    plotly_included = False
    for item in items:
        if item.kind == "heading":
            body.append(f"<h2>{html.escape(str(item.payload))}</h2>")
        elif item.kind == "cards":
            body.append(_cards(item.payload))
        elif item.kind == "chart":
            figure: go.Figure = item.payload
            body.append(figure.to_html(full_html=False, include_plotlyjs=not plotly_included))
            plotly_included = True
        elif item.kind == "table":
            frame: pd.DataFrame = item.payload
            body.append(frame.head(500).to_html(index=False, na_rep="—", escape=True, border=0))
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{html.escape(title)}</h1><p class="sub">{html.escape(subtitle)}</p>{"".join(body)}</body></html>'
    )
