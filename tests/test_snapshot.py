"""The page snapshot: one HTML file with cards, charts and tables, and nothing a mail client would run twice."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from salesdash.snapshot import SnapshotItem, page_html


def test_snapshot_holds_cards_charts_and_escaped_tables() -> None:
    items = [
        SnapshotItem("cards", [("销售额", "¥1.2亿", "+5.0%"), ("达成率", "85.0%", "-2.0 pt")]),
        SnapshotItem("heading", "目标进度如何？"),
        SnapshotItem("chart", go.Figure(go.Bar(x=["华东"], y=[1]))),
        SnapshotItem("chart", go.Figure(go.Bar(x=["华南"], y=[2]))),
        SnapshotItem("table", pd.DataFrame({"customer": ["<script>alert(1)</script>"], "revenue": [1.5]})),
    ]
    page = page_html("总览", "2025年1月1日 至 2025年6月30日", items, "zh")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert page.count('<div class="card">') == 2
    assert '<div class="delta neg">-2.0 pt</div>' in page
    assert "<h2>目标进度如何？</h2>" in page
    assert page.count("Plotly.newPlot") == 2
    assert page.count("plotly.js v") == 1  # the library is inlined once
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
