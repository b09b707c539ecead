"""Market share by region and category over time, competitors' shares, and the share × growth matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_market import MARKET_ROWS, d, make_tables, rich_rows

from salesdash.filters import Filters, Window
from salesdash.metrics.market.share import OURS, competitor_shares, share_growth_matrix, share_over_time

WINDOW = Window(d("2025-01-01"), d("2025-06-30"))
# Our Q1 revenue (rich_rows): South/Tea 2024 5 × (13 + 14 + 15) = 210, 2025 5 × (15 + 16 + 17) = 240;
# East/Coffee 41 + 42 + 43 = 126 both years. Market: 2024-Q1 South/Tea 1000, East/Coffee 500;
# 2025-Q1 South/Tea 1250, East/Coffee 400.


@pytest.fixture
def tables(tmp_path: Path):
    return make_tables(tmp_path / "share.duckdb", rich_rows(), MARKET_ROWS)


def test_share_by_region_over_time(tables) -> None:
    result = share_over_time(tables, Filters(), WINDOW, "region")
    got = {(r.period, r.key): (r.market_size, r.revenue, r.share) for r in result.itertuples()}
    assert got == {
        ("2024-Q1", "East"): (500.0, 126.0, pytest.approx(126 / 500)),
        ("2024-Q1", "South"): (1000.0, 210.0, pytest.approx(0.21)),
        ("2025-Q1", "East"): (400.0, 126.0, pytest.approx(126 / 400)),
        ("2025-Q1", "South"): (1250.0, 240.0, pytest.approx(240 / 1250)),
    }
    assert result["period_start"].tolist()[0] == d("2024-01-01")


def test_total_share_and_region_filter(tables) -> None:
    total = share_over_time(tables, Filters(), WINDOW, "total")
    assert total["share"].tolist() == pytest.approx([336 / 1500, 366 / 1650])
    south = share_over_time(tables, Filters(region=("South",)), WINDOW, "total")
    assert south["share"].tolist() == pytest.approx([210 / 1000, 240 / 1250])


def test_competitor_shares(tables) -> None:
    result = competitor_shares(tables, Filters(), WINDOW)
    got = {(r.period, r.competitor): r.share for r in result.itertuples()}
    assert got == pytest.approx(
        {
            ("2024-Q1", "Rival"): 300 / 1500,
            ("2024-Q1", OURS): 336 / 1500,
            ("2025-Q1", "Other"): 100 / 1650,
            ("2025-Q1", "Rival"): 250 / 1650,
            ("2025-Q1", OURS): 366 / 1650,
        }
    )


def test_share_growth_matrix(tables) -> None:
    result = share_growth_matrix(tables, Filters(), WINDOW, "category").set_index("key")
    assert result["share"].to_dict() == pytest.approx({"Coffee": 126 / 400, "Tea": 240 / 1250})
    assert result["market_growth"].to_dict() == pytest.approx({"Coffee": -0.2, "Tea": 0.25})
    assert result["revenue_growth"].to_dict() == pytest.approx({"Coffee": 0.0, "Tea": 240 / 210 - 1})


def test_without_market_data(tmp_path: Path) -> None:
    bare = make_tables(tmp_path / "bare.duckdb", rich_rows())
    assert share_over_time(bare, Filters(), WINDOW).empty
    assert competitor_shares(bare, Filters(), WINDOW).empty
    assert share_growth_matrix(bare, Filters(), WINDOW).empty
