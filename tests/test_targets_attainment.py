"""Attainment at every level with roll-up and pro rata overlap, the heat map, targets against actuals."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from salesdash.filters import Filters, Window
from salesdash.kpis import kpis
from salesdash.metrics.targets.attainment import (
    attainment_by,
    attainment_heatmap,
    heatmap_grid,
    periods_with_data,
    targets_rolled_up,
    targets_vs_actuals,
)

Q1 = Window(date(2025, 1, 1), date(2025, 3, 31))
NAN = float("nan")


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


def test_company_attainment_in_q1(small_tables):
    # Company targets: 300 a month; revenue O4 500 + O5 250 + O6 200.
    assert _rows(attainment_by(small_tables, Filters(), Q1, "company")) == [("", "", 950.0, 900.0, 950 / 900, -50.0)]


def test_region_uses_its_own_target_or_none(small_tables):
    # East has a quarterly region target of 900; West has no target at any level.
    assert _rows(attainment_by(small_tables, Filters(), Q1, "region")) == [
        ("East", "East", 750.0, 900.0, 750 / 900, 150.0),
        ("West", "West", 200.0, None, None, None),
    ]


def test_team_without_targets_rolls_up_its_reps(small_tables):
    # T1 has no team target: R1 120 + R2 90 a month, three months.
    assert _rows(attainment_by(small_tables, Filters(), Q1, "team")) == [
        ("T1", "T1", 750.0, 630.0, 750 / 630, -120.0),
        ("T2", "T2", 200.0, None, None, None),
    ]


def test_rep_attainment_with_names(small_tables):
    assert _rows(attainment_by(small_tables, Filters(), Q1, "rep")) == [
        ("R1", "Ann", 500.0, 360.0, 500 / 360, -140.0),
        ("R2", "Bo", 250.0, 270.0, 250 / 270, 20.0),
        ("R3", "Cy", 200.0, None, None, None),
    ]


def test_quarterly_target_pro_rata_in_a_month_window(small_tables):
    february = Window(date(2025, 2, 1), date(2025, 2, 28))
    east = targets_rolled_up(small_tables, Filters(), february, "region")
    assert _rows(east) == [("East", pytest.approx(900 * 28 / 90))]
    straddle = Window(date(2025, 3, 15), date(2025, 4, 10))
    east = targets_rolled_up(small_tables, Filters(), straddle, "region")
    assert east["target"].tolist() == [pytest.approx(900 * 17 / 90 + 600 * 10 / 91)]


def test_scope_filters_narrow_every_level(small_tables):
    east = Filters(region=("East",))
    assert _rows(attainment_by(small_tables, east, Q1, "team")) == [("T1", "T1", 750.0, 630.0, 750 / 630, -120.0)]
    assert _rows(attainment_by(small_tables, east, Q1, "company")) == [("", "", 750.0, 900.0, 750 / 900, 150.0)]


@pytest.mark.parametrize("level,dimension", [("region", "region"), ("team", "team"), ("rep", "rep")])
@pytest.mark.parametrize(
    "window", [Q1, Window(date(2025, 2, 10), date(2025, 5, 20)), Window(date(2025, 4, 1), date(2025, 6, 28))]
)
def test_every_row_matches_kpis_for_the_same_filters(small_tables, level, dimension, window):
    table = attainment_by(small_tables, Filters(), window, level)
    assert len(table) > 0
    for row in table.itertuples():
        scope = Filters(start=window.start, end=window.end).narrowed(**{dimension: (row.level_id,)})
        expected = kpis(small_tables, scope)
        assert row.revenue == pytest.approx(expected["revenue"] or 0.0)
        if expected["target"] is None:
            assert pd.isna(row.target)
        else:
            assert row.target == pytest.approx(expected["target"])
            assert row.attainment == pytest.approx(expected["attainment"])


def test_heatmap_of_reps_by_month(small_tables):
    year = Window(date(2025, 1, 1), date(2025, 12, 31))
    heat = attainment_heatmap(small_tables, Filters(), year, date(2025, 6, 28))
    ann = heat[heat["rep_id"] == "R1"]
    assert ann["period"].tolist() == [date(2025, m, 1) for m in range(1, 7)]
    assert ann["revenue"].tolist() == [500.0, 0.0, 0.0, 0.0, 60.0, 200.0]
    # June is cut at the latest data date: 120 × 28 / 30 days.
    assert ann["target"].tolist() == pytest.approx([120.0] * 5 + [112.0])
    assert ann["attainment"].tolist() == pytest.approx([500 / 120, 0, 0, 0, 0.5, 200 / 112])
    grid = heatmap_grid(heat)
    assert list(grid.columns) == [
        "rep_id",
        "rep_name",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    ]
    assert grid["rep_name"].tolist() == ["Ann", "Bo"]  # Cy has no target
    assert grid.loc[1, "2025-05"] == pytest.approx(-50 / 90)


def test_targets_against_actuals_with_the_year_before(small_tables):
    frame = targets_vs_actuals(small_tables, Filters(), Q1, Q1.year_earlier())
    assert frame["period"].tolist() == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert frame["revenue"].tolist() == [500.0, 250.0, 200.0]
    assert frame["target"].tolist() == [300.0, 300.0, 300.0]
    assert frame["previous"].tolist() == [0.0, 100.0, 0.0]
    assert frame["revenue_cum"].tolist() == [500.0, 750.0, 950.0]
    assert frame["target_cum"].tolist() == [300.0, 600.0, 900.0]
    assert frame["previous_cum"].tolist() == [0.0, 100.0, 100.0]


def test_targets_against_actuals_cut_partial_months(small_tables):
    window = Window(date(2025, 1, 16), date(2025, 2, 14))
    frame = targets_vs_actuals(small_tables, Filters(), window, None)
    assert frame["target"].tolist() == pytest.approx([300 * 16 / 31, 300 * 14 / 28])
    assert frame["revenue"].tolist() == [0.0, 250.0]
    assert frame["previous"].isna().all()


def test_periods_with_data_reach_from_first_order_to_last_target(small_tables):
    quarters = periods_with_data(small_tables, "quarter", 4)
    assert quarters[0].window == Window(date(2025, 4, 1), date(2025, 6, 30))
    assert quarters[-1].window == Window(date(2024, 1, 1), date(2024, 3, 31))
    assert len(quarters) == 6
