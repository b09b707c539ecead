"""The Market page's maps: regions filled by revenue from the outlines that ship with salesdash, so that they
draw with no network at all (docs/figures.md, "Maps")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from salesdash import fmt
from salesdash.charts.common import clickable, styled
from salesdash.charts.market import amount_colour_bar, amount_texts, number
from salesdash.charts.outlines import china_provinces, world_countries

__all__ = ["UNSOLD_COLOUR", "country_map", "province_map"]

# A region without sales, and the drill key of a click on one (nothing opens: ui.drill's MISSING).
UNSOLD_COLOUR = "#e5e7eb"
MISSING = "—"


def province_map(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """China's provinces filled by revenue, from the outlines shipped with salesdash (no network needed);
    provinces without sales in light grey. Each sold province's customdata is [province key, revenue, growth,
    revenue text, growth text]: the key first, for drill-down. `labels`: name_column (`name` or `name_zh`),
    revenue (colour bar title), lang."""
    figure = _region_map(frame, china_provinces(), "key", labels)
    figure.update_geos(fitbounds="locations", projection_type="mercator")
    return figure


def country_map(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Countries filled by revenue, from the world outlines shipped with salesdash, matched by ISO alpha-3
    code (`key`); the rest of the world in light grey. Customdata and labels as `province_map`."""
    figure = _region_map(frame, world_countries(), "iso_a3", labels)
    # The whole world centred on Greenwich: fitted bounds would wrap Alaska round the antimeridian.
    figure.update_geos(projection_type="natural earth", lataxis_range=[-58, 85])
    return figure


def _region_map(
    frame: pd.DataFrame, outlines: Mapping[str, Any], id_field: str, labels: Mapping[str, str]
) -> go.Figure:
    # Each outline is sent once: the sold regions' in the data trace, the others' in the grey one under it.
    sold = set(frame["key"])
    features = outlines["features"]
    rest = [f for f in features if f["properties"][id_field] not in sold]
    lang = labels.get("lang", "en")
    figure = go.Figure()
    figure.add_choropleth(
        geojson={"type": "FeatureCollection", "features": rest},
        featureidkey=f"properties.{id_field}",
        locations=[f["properties"][id_field] for f in rest],
        z=[0] * len(rest),
        colorscale=[[0, UNSOLD_COLOUR], [1, UNSOLD_COLOUR]],
        showscale=False,
        hoverinfo="skip",
        customdata=[[MISSING]] * len(rest),
        marker={"line": {"color": "white", "width": 0.5}},
    )
    figure.add_choropleth(
        geojson={"type": "FeatureCollection", "features": [f for f in features if f["properties"][id_field] in sold]},
        featureidkey=f"properties.{id_field}",
        locations=list(frame["key"]),
        z=frame["revenue"].astype("float64"),
        text=frame[labels["name_column"]],
        colorscale=[[0, "#93c5fd"], [1, "#1e3a8a"]],
        colorbar=amount_colour_bar(frame["revenue"], labels["revenue"], lang),
        customdata=[
            [key, number(revenue), number(growth), amount, fmt.delta_percent(number(growth))]
            for key, revenue, growth, amount in zip(
                frame["key"], frame["revenue"], frame["growth"], amount_texts(frame["revenue"], labels), strict=True
            )
        ],
        hovertemplate="%{text}: %{customdata[3]} · %{customdata[4]}<extra></extra>",
        marker={"line": {"color": "white", "width": 0.5}},
    )
    # No base map: plotly's own land and coasts would be fetched from a CDN (docs/figures.md, "Maps").
    figure.update_geos(visible=False)
    return clickable(styled(figure, height=560))
