"""Pacing mid-period: expected to date, pace, gap, required daily rate, run-rate and seasonal projections."""

from __future__ import annotations

import math
import shutil
import uuid
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from conftest import insert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdash.filters import Filters, Window, shift_years
from salesdash.kpis import kpis
from salesdash.metrics.targets.pacing import (
    BAND_Z,
    last_year_share,
    pacing,
    pacing_by,
    pacing_path,
    pacing_summary,
    shortfalls,
)
from salesdash.periods import month_window, period_containing, periods_overlapping
from salesdash.store import Store
from salesdash.tables import Tables

Q2 = Window(date(2025, 4, 1), date(2025, 6, 30))
AS_OF = date(2025, 5, 15)


def _daily_sd(sales: dict[date, float], window: Window) -> float:
    days = [window.start + timedelta(days=i) for i in range(window.days)]
    return float(np.std([sales.get(d, 0.0) for d in days], ddof=1))


def test_pacing_of_the_second_quarter_on_15_may(small_tables):
    found = pacing(small_tables, Filters(), Q2, AS_OF)
    # Company targets of 300 a month; revenue 1 Apr 150, 18 Apr 80, 5 May 60 (20 May is after).
    assert (found.days, found.elapsed_days, found.remaining_days) == (91, 45, 46)
    assert found.target == 900.0
    assert found.revenue == 290.0
    assert found.expected_to_date == pytest.approx(900 * 45 / 91)
    assert found.pace == pytest.approx(290 / (900 * 45 / 91))
    assert found.gap == 610.0
    assert found.required_daily_rate == pytest.approx(610 / 46)
    assert found.daily_rate == pytest.approx(290 / 45)
    assert found.run_rate == pytest.approx(290 * 91 / 45)
    # Last year's Q2: 300 in May 2024 only; by 15 May, 15 of its 31 days had passed.
    assert found.last_year_share == pytest.approx(15 / 31)
    assert found.seasonal == pytest.approx(290 * 31 / 15)


def test_bands_come_from_the_daily_spread(small_tables):
    found = pacing(small_tables, Filters(), Q2, AS_OF)
    sd = _daily_sd({date(2025, 4, 1): 150, date(2025, 4, 18): 80, date(2025, 5, 5): 60}, Window(Q2.start, AS_OF))
    half = BAND_Z * sd * math.sqrt(46)
    assert (found.run_rate_low, found.run_rate_high) == (
        pytest.approx(found.run_rate - half),
        pytest.approx(found.run_rate + half),
    )
    seasonal_half = BAND_Z * (found.seasonal - 290) * sd / (290 / 45 * math.sqrt(46))
    assert found.seasonal_high - found.seasonal == pytest.approx(seasonal_half)
    assert found.seasonal - found.seasonal_low == pytest.approx(seasonal_half)


def test_pacing_matches_kpis_for_the_same_filters(small_tables):
    for scope in (Filters(), Filters(region=("East",)), Filters(rep=("R2",))):
        found = pacing(small_tables, scope, Q2, AS_OF)
        to_date = kpis(small_tables, scope.with_window(Window(Q2.start, AS_OF)))
        whole = kpis(small_tables, scope.with_window(Q2))
        assert found.revenue == pytest.approx(to_date["revenue"])
        assert found.target == pytest.approx(whole["target"])
        # docs/figures.md: expected to date spreads the period's target evenly over its days (not month by month).
        assert found.expected_to_date == pytest.approx(whole["target"] * 45 / 91)
        assert found.pace == pytest.approx(to_date["revenue"] / (whole["target"] * 45 / 91))


def test_last_year_share_reads_whole_months(small_tables):
    year = Window(date(2025, 1, 1), date(2025, 12, 31))
    # 2024: Feb 100, May 300, Aug 50. By 15 May: Feb + 15/31 of May.
    assert last_year_share(small_tables, Filters(), year, AS_OF) == pytest.approx((100 + 300 * 15 / 31) / 450)
    assert last_year_share(small_tables, Filters(region=("West",)), year, date(2025, 3, 1)) == 0.0
    assert last_year_share(small_tables, Filters(rep=("R1",)), Q2, AS_OF) is None  # nothing last Q2


def test_a_period_that_is_over_or_not_started(small_tables):
    q1 = Window(date(2025, 1, 1), date(2025, 3, 31))
    over = pacing(small_tables, Filters(), q1, AS_OF)
    assert (over.elapsed_days, over.remaining_days, over.revenue) == (90, 0, 950.0)
    assert over.run_rate == 950.0 and over.required_daily_rate is None
    assert over.run_rate_low == over.run_rate_high == 950.0
    ahead = pacing(small_tables, Filters(), Window(date(2025, 7, 1), date(2025, 9, 30)), AS_OF)
    assert (ahead.elapsed_days, ahead.revenue, ahead.run_rate, ahead.target) == (0, None, None, None)


def test_pacing_by_rep_and_who_falls_short(small_tables):
    frame = pacing_by(small_tables, Filters(), Q2, AS_OF, "rep").set_index("level_id")
    assert list(frame.index) == ["R1", "R2"]  # R3 has no target
    assert frame.loc["R1", "revenue"] == 60.0 and frame.loc["R2", "revenue"] == 80.0
    assert frame.loc["R1", "target"] == 360.0
    assert pd.isna(frame.loc["R1", "seasonal"])  # R1 sold nothing last Q2: run rate stands in
    assert frame.loc["R1", "projection"] == pytest.approx(60 * 91 / 45)
    assert frame.loc["R2", "projection"] == pytest.approx(80 * 31 / 15)
    assert frame.loc["R2", "required_daily_rate"] == pytest.approx((270 - 80) / 46)
    assert frame.loc["R2", "uplift"] == pytest.approx((190 / 46) / (80 / 45) - 1)
    short = shortfalls(small_tables, Filters(), Q2, AS_OF, "rep")
    assert short["level_id"].tolist() == ["R1", "R2"]  # worst projected attainment first
    assert short["projected_attainment"].tolist() == pytest.approx([60 * 91 / 45 / 360, 80 * 31 / 15 / 270])
    assert short["shortfall"].tolist() == pytest.approx([360 - 60 * 91 / 45, 270 - 80 * 31 / 15])


def test_open_pipeline_due_in_the_rest_of_the_period(small_tables):
    year = Window(date(2025, 1, 1), date(2025, 12, 31))
    company = pacing_by(small_tables, Filters(), year, AS_OF, "company")
    # Open deals due after 15 May: D3 (400, 1 Jul) and D4 (100, 1 Sep); D7 has no date.
    assert company["pipeline"].tolist() == [500.0]
    assert company["coverage"].tolist() == pytest.approx([500 / (1800 - 1240)])


def test_summary_of_year_quarter_and_month(small_tables):
    summary = pacing_summary(small_tables, Filters(), AS_OF, first_month=4)
    assert summary["kind"].tolist() == ["year", "quarter", "month"]
    assert summary["start"].tolist() == [date(2025, 4, 1), date(2025, 4, 1), date(2025, 5, 1)]
    # The company has targets up to June only: the fiscal year's target is April to June.
    assert summary["target"].tolist() == [900.0, 900.0, 300.0]
    assert summary["revenue"].tolist() == [290.0, 290.0, 60.0]
    assert summary["attainment"].tolist() == pytest.approx([290 / 900, 290 / 900, 60 / 300])


def test_path_runs_to_the_period_end(small_tables):
    path = pacing_path(small_tables, Filters(), Q2, AS_OF).set_index("day")
    assert len(path) == 91
    assert path.loc[date(2025, 4, 17), "actual"] == 150.0
    assert path.loc[AS_OF, "actual"] == 290.0
    assert pd.isna(path.loc[date(2025, 5, 16), "actual"])
    assert path.loc[date(2025, 6, 30), "expected"] == pytest.approx(900.0)
    assert path.loc[date(2025, 6, 30), "run_rate"] == pytest.approx(290 * 91 / 45)
    assert path.loc[date(2025, 6, 30), "seasonal"] == pytest.approx(290 * 31 / 15)
    assert path.loc[AS_OF, "run_rate"] == pytest.approx(290.0)
    assert path.loc[AS_OF, "seasonal"] == pytest.approx(290.0)
    assert pd.isna(path.loc[date(2025, 5, 14), "run_rate"])
    found = pacing(small_tables, Filters(), Q2, AS_OF)
    assert path.loc[date(2025, 6, 30), "run_rate_low"] == pytest.approx(found.run_rate_low)


def test_fiscal_quarter_pacing(small_tables):
    quarter = period_containing("quarter", date(2025, 2, 10), 11).window  # Feb–Apr 2025
    found = pacing(small_tables, Filters(), quarter, date(2025, 2, 10))
    assert quarter == Window(date(2025, 2, 1), date(2025, 4, 30))
    assert found.target == 900.0
    assert found.revenue == 250.0
    assert found.elapsed_days == 10


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sales=st.dictionaries(
        st.dates(date(2023, 1, 1), date(2025, 12, 31)), st.integers(1, 10_000), min_size=1, max_size=40
    ),
    as_of=st.dates(date(2024, 1, 1), date(2025, 12, 31)),
    first_month=st.integers(1, 12),
)
def test_summary_figures_equal_a_day_by_day_count(tmp_path, empty_db, sales, as_of, first_month) -> None:
    """Every period of the summary (year, quarter, month, read together from one daily aggregate): revenue to
    date, last year's share by whole months, and the run-rate band from the daily spread, against plain Python
    over the same days."""
    path = tmp_path / f"p{uuid.uuid4().hex}.duckdb"
    shutil.copy(empty_db, path)
    with Store(path) as store:
        days = sorted(sales)
        insert(
            store,
            "orders",
            pd.DataFrame(
                {
                    "order_id": [f"O{i}" for i in range(len(days))],
                    "order_date": pd.to_datetime(days),
                    "customer_id": "C1",
                    "revenue": [float(sales[d]) for d in days],
                }
            ),
        )
        summary = pacing_summary(Tables.from_store(store), Filters(), as_of, first_month)
    for kind, row in zip(("year", "quarter", "month"), summary.itertuples(), strict=True):
        period = period_containing(kind, as_of, first_month).window
        to_date = Window(period.start, as_of)
        assert row.revenue == pytest.approx(sum(v for d, v in sales.items() if to_date.start <= d <= as_of))
        months = [m.window for m in periods_overlapping("month", period)]
        last = [
            sum(
                v
                for d, v in sales.items()
                if shift_years(m.start, -1) <= d <= month_window(shift_years(m.start, -1)).end
            )
            for m in months
        ]
        total = sum(last)
        done = sum(
            value if m.end <= as_of else value * ((as_of - m.start).days + 1) / m.days if m.start <= as_of else 0.0
            for value, m in zip(last, months, strict=True)
        )
        if total > 0:
            assert row.last_year_share == pytest.approx(done / total)
        else:  # no revenue last year in the period: no share (a missing value in the frame)
            assert pd.isna(row.last_year_share)
        spread = _daily_sd(sales, to_date) if to_date.days >= 2 else None
        if spread is not None and row.remaining_days > 0 and row.daily_rate:
            assert row.run_rate_high - row.run_rate == pytest.approx(BAND_Z * spread * math.sqrt(row.remaining_days))
