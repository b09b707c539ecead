"""The Market charts put the figures where they belong."""

from __future__ import annotations

import math

import pandas as pd

from salesdash.charts.market import pvm_waterfall, seasonality_heatmap


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
