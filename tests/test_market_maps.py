"""The outlines that ship with salesdash, and how the place names of uploaded files find them
(docs/figures.md, "Maps")."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from salesdash.charts.maps import UNSOLD_COLOUR, country_map, province_map
from salesdash.charts.outlines import china_provinces, world_countries
from salesdash.charts.places import PROVINCES, country_code, country_names, province_key
from salesdash.charts.style import OFFLINE_TOPOJSON_URL, plotly_config

COUNTRIES = world_countries()["features"]


def test_every_province_has_one_outline() -> None:
    keys = [f["properties"]["key"] for f in china_provinces()["features"]]
    assert sorted(keys) == sorted(PROVINCES)
    assert all(f["geometry"]["coordinates"] for f in china_provinces()["features"])


def test_outlines_are_small_and_in_degrees() -> None:
    for collection, (west, east, south, north) in (
        (china_provinces(), (73, 136, 3, 54)),
        (world_countries(), (-180, 180, -90, 84)),
    ):
        points = [p for f in collection["features"] for poly in f["geometry"]["coordinates"] for r in poly for p in r]
        assert west <= min(p[0] for p in points) and max(p[0] for p in points) <= east
        assert south <= min(p[1] for p in points) and max(p[1] for p in points) <= north
    size = len(json.dumps(china_provinces())) + len(json.dumps(world_countries()))
    assert size < 1_000_000


def _clockwise(ring: list[list[float]]) -> bool:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) < 0


def test_exterior_rings_are_clockwise_for_d3() -> None:
    # d3-geo fills the outside of an anticlockwise ring: the whole globe would turn blue.
    rings = [
        poly[0]
        for c in (china_provinces(), world_countries())
        for f in c["features"]
        for poly in f["geometry"]["coordinates"]
    ]
    assert all(_clockwise(ring) for ring in rings)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("广东省", "guangdong"),
        ("Guangdong", "guangdong"),
        ("广东", "guangdong"),
        ("新疆维吾尔自治区", "xinjiang"),
        ("Xizang", "tibet"),
        ("上海市", "shanghai"),
        ("内蒙古自治区", "inner mongolia"),
        ("香港特别行政区", "hong kong"),
        ("Atlantis", None),
    ],
)
def test_province_spellings(name: str, key: str | None) -> None:
    assert province_key(name) == key


@given(st.sampled_from(sorted(PROVINCES)), st.sampled_from(["", "省", "市", "自治区"]), st.booleans())
def test_every_province_name_finds_its_outline(key: str, suffix: str, english: bool) -> None:
    english_name, chinese_name = PROVINCES[key][:2]
    assert province_key(f" {english_name} " if english else chinese_name + suffix) == key


@given(st.sampled_from(COUNTRIES), st.sampled_from(["alpha3", "alpha2", "natural earth", "en", "zh"]))
def test_every_country_spelling_finds_its_outline(feature: dict, spelling: str) -> None:
    """A country written by its ISO codes, Natural Earth's names or CLDR's English or Chinese name (any
    case) finds its own outline, unless two countries share that name in CLDR."""
    alpha3, alpha2 = feature["properties"]["iso_a3"], feature["properties"]["iso_a2"]
    names = {
        "alpha3": alpha3,
        "alpha2": alpha2,
        "natural earth": feature["properties"]["names"][0],
        "en": Locale("en").territories.get(alpha2),
        "zh": Locale("zh").territories.get(alpha2),
    }
    name = names[spelling]
    if name is None:
        return
    assert country_code(name.upper()) == alpha3


def test_country_spellings_and_names() -> None:
    spelled = ["中国", "China", " japan ", "DE", "USA", "United States of America", "美国", "UK", "韩国", "Atlantis"]
    assert [country_code(n) for n in spelled] == ["CHN", "CHN", "JPN", "DEU", "USA", "USA", "USA", "GBR", "KOR", None]
    assert country_names("DEU") == ("Germany", "德国")
    assert country_names("SOL") == ("Somaliland", "Somaliland")  # no ISO code, so no CLDR name


def test_maps_fill_sold_regions_and_grey_the_rest() -> None:
    frame = pd.DataFrame(
        {"key": ["guangdong", "sichuan"], "name_zh": ["广东", "四川"], "revenue": [30_000.0, 10_000.0]}
    ).assign(growth=[0.25, None])
    figure = province_map(frame, {"name_column": "name_zh", "revenue": "销售额", "lang": "zh"})
    grey, sold = figure.data
    assert len(grey.locations) == 32 and "guangdong" not in grey.locations
    assert grey.colorscale[0][1] == UNSOLD_COLOUR
    assert list(sold.locations) == ["guangdong", "sichuan"]
    assert [f["properties"]["key"] for f in sold.geojson["features"]] == ["guangdong", "sichuan"]
    assert [list(c) for c in sold.customdata] == [
        ["guangdong", 30_000.0, 0.25, "¥3.0万", "+25.0%"],
        ["sichuan", 10_000.0, None, "¥1.0万", "—"],
    ]
    assert figure.layout.geo.visible is False  # no base map from a CDN
    world = country_map(
        frame.assign(key=["CHN", "JPN"], name=["China", "Japan"]), {"name_column": "name", "revenue": "R"}
    )
    assert len(world.data[0].locations) == len(COUNTRIES) - 2


def test_every_chart_answers_plotlys_base_map_fetch_locally() -> None:
    assert plotly_config("zh")["topojsonURL"] == OFFLINE_TOPOJSON_URL
    assert OFFLINE_TOPOJSON_URL.startswith("data:application/json,") and OFFLINE_TOPOJSON_URL.endswith("#/")
    topology = json.loads(OFFLINE_TOPOJSON_URL.removeprefix("data:application/json,").removesuffix("#/"))
    assert topology["type"] == "Topology"
