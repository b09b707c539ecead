"""Targets of the PL-300 lab (wide, in thousands, by EmployeeID) against their June 2020 reseller sales."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, insert

from salesdash.filters import Filters, Window
from salesdash.kpis import kpis
from salesdash.metrics.targets.attainment import attainment_by
from salesdash.metrics.targets.pacing import pacing
from salesdash.metrics.targets.smart import smart_check, smart_counts
from salesdash.periods import period_containing
from salesdash.tables import Tables

JUNE = Window(date(2020, 6, 1), date(2020, 6, 30))


def read_targets(path: Path) -> pd.DataFrame:
    """The wide sheet unpivoted by hand: one rep-level row per month with a figure, in currency units."""
    wide = pd.read_csv(path, encoding="utf-16", dtype=str)
    rows = []
    for record in wide.to_dict("records"):
        for month in range(1, 13):
            cell = record[f"M{month:02d}"].strip()
            if cell == "-":
                continue
            year = int(record["Year"])
            rows.append(
                {
                    "period": f"{year}-{month:02d}",
                    "target": float(cell) * 1000,
                    "rep_id": record["EmployeeID"],
                    "level": "rep",
                    "level_id": record["EmployeeID"],
                    "metric": "revenue",
                    "period_start": date(year, month, 1),
                    "period_end": date(year, month, calendar.monthrange(year, month)[1]),
                }
            )
    return pd.DataFrame(rows)


def read_sales(path: Path) -> pd.DataFrame:
    sales = pd.read_csv(path, encoding="utf-16", dtype={"SalesOrderLineNumber": str, "EmployeeKey": str})
    return pd.DataFrame(
        {
            "order_id": sales["SalesOrderNumber"],
            "line_id": sales["SalesOrderLineNumber"],
            "order_date": pd.to_datetime(sales["OrderDate"]).dt.date,
            "rep_id": sales["EmployeeKey"],
            "quantity": sales["OrderQuantity"].astype(float),
            "unit_price": sales["UnitPrice"],
            "cost": sales["TotalProductCost"],
            "revenue": sales["SalesAmount"],
        }
    )


@pytest.fixture
def pl300(store) -> Tables:
    insert(store, "targets", read_targets(FIXTURES / "pl300_targets_sample.csv"))
    insert(store, "orders", read_sales(FIXTURES / "pl300_sales_202006_sample.csv"))
    return Tables.from_store(store)


def test_fixture_rows():
    targets = read_targets(FIXTURES / "pl300_targets_sample.csv")
    assert len(targets) == 5 * 12 + 6  # 2021 of 90836195 has targets for January to June only
    june = targets[targets["period"] == "2020-06"].set_index("rep_id")["target"]
    assert june.to_dict() == {"61161660": 1_250_000.0, "112432117": 3_500_000.0, "139397894": 900_000.0}
    sales = read_sales(FIXTURES / "pl300_sales_202006_sample.csv")
    assert len(sales) == 16
    assert sales["revenue"].sum() == pytest.approx(11_631.60)


def test_company_target_rolls_up_the_rep_targets(pl300):
    # No company, region or team rows: the company's June target is the sum of the reps'.
    june = kpis(pl300, Filters(start=JUNE.start, end=JUNE.end))
    assert june["target"] == 5_650_000.0
    assert june["revenue"] == pytest.approx(11_631.60)
    assert june["attainment"] == pytest.approx(11_631.60 / 5_650_000)
    assert attainment_by(pl300, Filters(), JUNE, "company")["attainment"].tolist() == [
        pytest.approx(11_631.60 / 5_650_000)
    ]


def test_quarter_target_and_pro_rata_half_month(pl300):
    q2 = period_containing("quarter", date(2020, 6, 15)).window
    assert (
        kpis(pl300, Filters(start=q2.start, end=q2.end))["target"]
        == (850 + 950 + 1250 + 2000 + 3000 + 3500 + 700 + 800 + 900) * 1000.0
    )
    half = kpis(pl300, Filters(start=date(2020, 6, 1), end=date(2020, 6, 15)))
    assert half["target"] == pytest.approx(5_650_000 * 15 / 30)


def test_fiscal_year_from_july(pl300):
    tables = Tables(pl300.backend, pl300.loaded, {"fiscal_year_start_month": 7})
    year = period_containing("year", date(2020, 6, 15), tables.fiscal_first_month).window
    assert year == Window(date(2019, 7, 1), date(2020, 6, 30))
    second_half_2019 = (1200 + 1400 + 1500 + 1000 + 1000 + 1000) + (2500 + 4000 + 30000 + 2000 + 3500 + 3500)
    first_half_2020 = (850 + 950 + 1050 + 950 + 850 + 1250) + (1500 + 2000 + 2500 + 2000 + 3000 + 3500)
    first_half_2020 += 400 + 500 + 600 + 700 + 800 + 900
    assert (
        kpis(tables, Filters(start=year.start, end=year.end))["target"] == (second_half_2019 + first_half_2020) * 1000.0
    )
    assert tables.default_window() == Window(date(2019, 7, 1), date(2020, 6, 30))


def test_pacing_in_mid_june(pl300):
    found = pacing(pl300, Filters(), JUNE, date(2020, 6, 15))
    to_date = read_sales(FIXTURES / "pl300_sales_202006_sample.csv")
    revenue = to_date.loc[to_date["order_date"] <= date(2020, 6, 15), "revenue"].sum()
    assert found.revenue == pytest.approx(revenue)
    assert found.expected_to_date == pytest.approx(5_650_000 / 2)
    assert found.pace == pytest.approx(revenue / 2_825_000)
    assert found.required_daily_rate == pytest.approx((5_650_000 - revenue) / 15)
    assert found.run_rate == pytest.approx(revenue * 2)
    assert found.seasonal is None  # no sales in June 2019 to follow


def test_smart_check_finds_the_missing_link_between_reps_and_targets(pl300):
    flags = smart_check(pl300, Filters(), Window(date(2020, 1, 1), date(2020, 12, 31)))
    counts = smart_counts(flags)
    assert counts["unknown_owner"] == 3 * 12
    sellers = sorted(read_sales(FIXTURES / "pl300_sales_202006_sample.csv")["rep_id"].unique())
    assert flags.loc[flags["issue"] == "rep_without_target", "level_id"].tolist() == sellers
    assert counts["no_owner"] == counts["no_period"] == counts["no_metric"] == counts["no_figure"] == 0
