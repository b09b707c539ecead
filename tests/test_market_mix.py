"""Mix breakdowns with shares and growth, gainers and decliners, and the map's places."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_market import d, make_tables

from salesdash.filters import Filters, Window
from salesdash.metrics.market.geo import geo_revenue
from salesdash.metrics.market.mix import available_dimensions, mix_breakdown, movers

WINDOW = Window(d("2025-01-01"), d("2025-06-30"))
BEFORE = WINDOW.year_earlier()
# date, revenue, product, quantity, region, category, province, channel
ROWS: list[tuple] = [
    ("2024-02-01", 100.0, "A", 1, "South", "Tea", "Guangdong", "Direct"),
    ("2024-03-01", 50.0, "B", 1, "East", "Tea", "浙江省", "Online"),
    ("2024-04-01", 30.0, "C", 1, "East", "Coffee", "Atlantis", "Online"),
    ("2025-02-01", 160.0, "A", 1, "South", "Tea", "广东", "Direct"),
    ("2025-03-01", 20.0, "B", 1, "East", "Tea", "Zhejiang Province", "Online"),
    ("2025-04-01", 20.0, "D", 1, "North", "Coffee", None, "Online"),
]


def test_breakdown_shares_and_growth(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "m.duckdb", ROWS)
    result = mix_breakdown(tables, Filters(), WINDOW, BEFORE, "region").set_index("value")
    assert result["revenue"].to_dict() == {"South": 160.0, "East": 20.0, "North": 20.0}
    assert result.loc["East", "previous"] == 80.0
    assert result.loc["East", "growth"] == pytest.approx(20 / 80 - 1)
    assert pd.isna(result.loc["North", "growth"])
    assert result["share"].to_dict() == pytest.approx({"South": 0.8, "East": 0.1, "North": 0.1})
    assert result.loc["South", "share_change"] == pytest.approx(0.8 - 100 / 180)
    assert result.loc["North", "share_change"] == pytest.approx(0.1)


def test_movers(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "m.duckdb", ROWS)
    moved = movers(tables, Filters(), WINDOW, BEFORE, "product", count=2)
    assert moved["gainers"]["value"].tolist() == ["A", "D"]
    assert moved["gainers"]["change"].tolist() == [60.0, 20.0]
    assert moved["decliners"]["value"].tolist() == ["B", "C"]
    assert moved["decliners"]["change"].tolist() == [-30.0, -30.0]


def test_available_dimensions_and_product_id_fallback(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "m.duckdb", ROWS)
    assert available_dimensions(tables, Filters(), WINDOW) == ("region", "province", "category", "product", "channel")
    flat = make_tables(tmp_path / "flat.duckdb", [("2025-01-01", 5.0)])
    assert available_dimensions(flat, Filters(), WINDOW) == ()


def test_province_map_merges_spellings(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "m.duckdb", ROWS)
    found = geo_revenue(tables, Filters(), WINDOW, BEFORE)
    assert found["level"] == "province"
    places = found["places"].set_index("key")
    assert places["revenue"].to_dict() == {"guangdong": 160.0, "zhejiang": 20.0}
    assert places.loc["guangdong", "growth"] == pytest.approx(0.6)
    assert places.loc["zhejiang", ["lat", "lon"]].tolist() == [30.3, 120.2]
    assert found["unplaced"] == 20.0  # the line without a province; Atlantis only sold in 2024


def test_country_map_when_no_province(tmp_path: Path) -> None:
    tables = make_tables(tmp_path / "c.duckdb", [("2025-01-01", 5.0), ("2025-02-01", 7.0)])
    with tables.backend.con.cursor() as cur:
        cur.execute("UPDATE orders SET country = CASE WHEN revenue = 5 THEN '中国' ELSE 'Japan' END")
    found = geo_revenue(tables, Filters(), WINDOW, BEFORE)
    assert found["level"] == "country"
    places = found["places"].set_index("key")[["name", "name_zh", "revenue"]]
    assert places.to_dict("index") == {
        "JPN": {"name": "Japan", "name_zh": "日本", "revenue": 7.0},
        "CHN": {"name": "China", "name_zh": "中国", "revenue": 5.0},
    }


def test_countries_match_any_spelling_and_unknown_ones_are_unplaced(tmp_path: Path) -> None:
    rows = [("2025-01-01", 1.0), ("2025-01-02", 2.0), ("2025-01-03", 4.0), ("2025-01-04", 8.0), ("2025-01-05", 16.0)]
    tables = make_tables(tmp_path / "s.duckdb", rows)
    spelled = {1: "United States of America", 2: "美国", 4: "USA", 8: "Atlantis", 16: "DE"}
    with tables.backend.con.cursor() as cur:
        for revenue, country in spelled.items():
            cur.execute("UPDATE orders SET country = ? WHERE revenue = ?", [country, revenue])
    found = geo_revenue(tables, Filters(), WINDOW, BEFORE)
    assert found["places"].set_index("key")["revenue"].to_dict() == {"DEU": 16.0, "USA": 7.0}
    assert found["unplaced"] == 8.0
    none = make_tables(tmp_path / "n.duckdb", [("2025-01-01", 5.0)])
    assert geo_revenue(none, Filters(), WINDOW, BEFORE)["level"] is None
