"""The region outlines that ship with salesdash, so that the Market maps draw with no network at all
(docs/figures.md, "Maps"; sources and licences in `SOURCE.md` beside this file).

- `china_provinces()`: China's 34 provincial-level divisions, each feature's `properties.key` a key of
  `salesdash.charts.places.PROVINCES`;
- `world_countries()`: the world's countries, `properties.iso_a3` / `iso_a2` their ISO 3166-1 codes and
  `properties.names` Natural Earth's English spellings.

Both are GeoJSON FeatureCollections in longitude/latitude degrees, exterior rings clockwise (d3-geo's order,
which Plotly's geo maps use). `scripts/build_outlines.py` rebuilds them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["china_provinces", "world_countries"]

_HERE = Path(__file__).parent


@cache
def china_provinces() -> dict[str, Any]:
    """China's provincial-level divisions (GeoJSON FeatureCollection), keyed by `properties.key`."""
    return _read("china_provinces.geojson")


@cache
def world_countries() -> dict[str, Any]:
    """The world's countries (GeoJSON FeatureCollection), keyed by `properties.iso_a3`."""
    return _read("world_countries.geojson")


def _read(name: str) -> dict[str, Any]:
    collection: dict[str, Any] = json.loads((_HERE / name).read_text(encoding="utf-8"))
    return collection
