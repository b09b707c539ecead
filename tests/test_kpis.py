"""Every figure of `kpis` against an independent pandas computation on the hand-made fixture."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from conftest import insert, small_opportunities, small_orders, small_reps

from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.tables import Tables

WINDOW = (date(2025, 1, 1), date(2025, 6, 28))  # calendar year of the latest order, up to it


def in_window(frame: pd.DataFrame, column: str, start: date, end: date) -> pd.DataFrame:
    return frame[(frame[column] >= start) & (frame[column] <= end)]


def expected_summary(orders: pd.DataFrame) -> dict[str, float]:
    costed = orders[orders["cost"].notna()]
    return {
        "revenue": orders["revenue"].sum(),
        "orders": orders["order_id"].nunique(),
        "customers": orders["customer_id"].dropna().nunique(),
        "avg_order_value": orders["revenue"].sum() / orders["order_id"].nunique(),
        "gross_margin": (costed["revenue"] - costed["cost"]).sum() / costed["revenue"].sum(),
    }


def expected_tiers(orders: pd.DataFrame) -> dict[str, dict[str, float]]:
    per = orders.dropna(subset=["customer_id"]).groupby("customer_id")["revenue"].sum().reset_index()
    per = per.sort_values(["revenue", "customer_id"], ascending=[False, True])
    total = per["revenue"].sum()
    before = per["revenue"].cumsum() - per["revenue"]
    per["tier"] = [
        "C" if r <= 0 else "A" if b / total < 0.8 else "B" if b / total < 0.95 else "C"
        for r, b in zip(per["revenue"], before, strict=True)
    ]
    return {
        t: {"customers": float((per["tier"] == t).sum()), "revenue": float(per.loc[per["tier"] == t, "revenue"].sum())}
        for t in "ABC"
    }


def latest_deals() -> pd.DataFrame:
    deals = small_opportunities()
    latest = deals.groupby("opportunity_id")["snapshot_date"].transform("max")
    return deals[deals["snapshot_date"] == latest]


def test_headline_figures_equal_pandas(small_tables: Tables) -> None:
    result = kpis(small_tables, Filters())
    orders = in_window(small_orders(), "order_date", *WINDOW)
    assert result["window"] == {"start": "2025-01-01", "end": "2025-06-28"}
    for key, value in expected_summary(orders).items():
        assert result[key] == pytest.approx(value, rel=1e-12), key
    year_before = in_window(small_orders(), "order_date", date(2024, 1, 1), date(2024, 6, 28))
    assert result["growth_yoy"] == pytest.approx(orders["revenue"].sum() / year_before["revenue"].sum() - 1)


def test_company_target_is_prorated_by_calendar_days(small_tables: Tables) -> None:
    result = kpis(small_tables, Filters())
    expected_target = 300.0 * 5 + 300.0 * 28 / 30  # January–May whole, 28 of June's 30 days
    assert result["target"] == pytest.approx(expected_target)
    assert result["attainment"] == pytest.approx(1390.0 / expected_target)


def test_region_target_prorates_a_quarterly_target(small_tables: Tables) -> None:
    result = kpis(small_tables, Filters(region=("East",)))
    assert result["target"] == pytest.approx(900.0 + 600.0 * 89 / 91)  # Q2: 1 April – 28 June of 91 days
    east = in_window(small_orders(), "order_date", *WINDOW).query("region == 'East'")
    assert result["revenue"] == pytest.approx(east["revenue"].sum())


def test_team_without_own_target_rolls_up_its_reps(small_tables: Tables) -> None:
    result = kpis(small_tables, Filters(team=("T1",)))
    assert result["target"] == pytest.approx((120.0 + 90.0) * (5 + 28 / 30))


def test_target_is_unknown_where_no_level_covers_the_scope(small_tables: Tables) -> None:
    assert kpis(small_tables, Filters(rep=("R3",)))["target"] is None
    assert kpis(small_tables, Filters(category=("Tea",)))["target"] is None
    assert kpis(small_tables, Filters(category=("Tea",)))["attainment"] is None


def test_abc_tiers_equal_pandas(small_tables: Tables) -> None:
    orders = in_window(small_orders(), "order_date", *WINDOW)
    assert kpis(small_tables, Filters())["tiers"] == expected_tiers(orders)


def test_pipeline_equals_pandas(small_tables: Tables) -> None:
    deals = latest_deals()
    open_ = deals[deals["stage"].isin(["contact", "needs_analysis", "proposal", "negotiation"])]
    probability = open_["stage"].map({"contact": 0.1, "needs_analysis": 0.25, "proposal": 0.5, "negotiation": 0.75})
    closed = deals[deals["closed_date"].notna()]
    closed = closed[(closed["closed_date"] >= WINDOW[0]) & (closed["closed_date"] <= WINDOW[1])]
    won, lost = closed[closed["stage"] == "won"], closed[closed["stage"] == "lost"]
    cycle = [(c - s).days for c, s in zip(won["closed_date"], won["created_date"], strict=True)]
    assert kpis(small_tables, Filters())["pipeline"] == {
        "open_value": pytest.approx(open_["amount"].sum()),
        "weighted_value": pytest.approx((open_["amount"] * probability).sum()),
        "win_rate": pytest.approx(len(won) / (len(won) + len(lost))),
        "value_win_rate": pytest.approx(won["amount"].sum() / (won["amount"].sum() + lost["amount"].sum())),
        "avg_cycle_days": pytest.approx(sum(cycle) / len(cycle)),
        "avg_deal_size": pytest.approx(won["amount"].mean()),
        "won": float(len(won)),
        "lost": float(len(lost)),
        "open": float(len(open_)),
    }


def test_reps_equal_pandas(small_tables: Tables) -> None:
    orders = in_window(small_orders(), "order_date", *WINDOW)
    revenue = orders.groupby("rep_id")["revenue"].sum()
    months = 5 + 28 / 30
    targets = {"R1": 120.0 * months, "R2": 90.0 * months}
    reps = kpis(small_tables, Filters())["reps"]
    assert [r["rep_id"] for r in reps] == list(revenue.sort_values(ascending=False).index)
    by_id = {r["rep_id"]: r for r in reps}
    for rep_id, value in revenue.items():
        row = by_id[rep_id]
        assert row["revenue"] == pytest.approx(value)
        assert row["target"] == (pytest.approx(targets[rep_id]) if rep_id in targets else None)
        assert row["attainment"] == (pytest.approx(value / targets[rep_id]) if rep_id in targets else None)
    assert (by_id["R1"]["won"], by_id["R1"]["lost"], by_id["R1"]["win_rate"]) == (2.0, 0.0, 1.0)
    assert (by_id["R2"]["won"], by_id["R2"]["lost"], by_id["R2"]["win_rate"]) == (0.0, 1.0, 0.0)
    assert (by_id["R3"]["won"], by_id["R3"]["lost"], by_id["R3"]["win_rate"]) == (0.0, 0.0, None)
    assert by_id["R1"]["rep_name"] == "Ann"


def test_window_without_data_gives_nulls(small_tables: Tables) -> None:
    result = kpis(small_tables, Filters(start=date(2023, 1, 1), end=date(2023, 3, 31)))
    for key in (
        "revenue",
        "orders",
        "customers",
        "avg_order_value",
        "gross_margin",
        "growth_yoy",
        "target",
        "attainment",
    ):
        assert result[key] is None, key
    assert result["tiers"] == {t: {"customers": None, "revenue": None} for t in "ABC"}
    assert result["pipeline"]["win_rate"] is None
    assert result["reps"] == []


def test_empty_store_gives_nulls_everywhere(store) -> None:
    result = kpis(Tables.from_store(store), Filters())
    assert result["window"] == {"start": None, "end": None}
    assert result["revenue"] is None and result["pipeline"]["open_value"] is None and result["reps"] == []


def test_won_deals_stand_in_for_orders(store) -> None:
    insert(store, "opportunities", small_opportunities())
    insert(store, "reps", small_reps())
    result = kpis(Tables.from_store(store), Filters())
    won = latest_deals().query("stage == 'won'")
    assert result["window"] == {"start": "2025-01-01", "end": max(won["closed_date"]).isoformat()}
    assert result["revenue"] == pytest.approx(won["amount"].sum())
    assert result["orders"] == len(won)
    assert result["gross_margin"] is None


def test_cli_prints_every_key(small_store, tmp_path) -> None:
    small_store.close()
    output = subprocess.run(
        [sys.executable, "-m", "salesdash", "kpis", "--db", str(small_store.path), "--json", "--region", "East"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(output.stdout)
    assert set(result) == {
        "window",
        "revenue",
        "orders",
        "customers",
        "avg_order_value",
        "gross_margin",
        "growth_yoy",
        "target",
        "attainment",
        "tiers",
        "pipeline",
        "reps",
    }
    assert result["revenue"] == pytest.approx(1040.0)
    _assert_json_types(result)


COUNT_KEYS = {"orders", "customers", "won", "lost", "open"}
TEXT_KEYS = {"rep_id", "rep_name", "start", "end"}


def _assert_json_types(value: object, key: str = "") -> None:
    """docs/cli.md#kpis: counts are JSON integers, other figures JSON decimals, ids and dates text, or null."""
    if isinstance(value, dict):
        for name, item in value.items():
            _assert_json_types(item, name)
    elif isinstance(value, list):
        for item in value:
            _assert_json_types(item, key)
    elif value is not None:
        expected = str if key in TEXT_KEYS else int if key in COUNT_KEYS else float
        assert type(value) is expected, (key, value)


def test_cli_json_writes_counts_as_integers(demo_cli_json: str) -> None:
    result = json.loads(demo_cli_json)
    assert '"orders": 5.0' not in demo_cli_json and '"won": ' in demo_cli_json
    assert type(result["orders"]) is int and type(result["pipeline"]["open"]) is int
    assert type(result["tiers"]["A"]["customers"]) is int and type(result["reps"][0]["won"]) is int
    assert type(result["revenue"]) is float and type(result["attainment"]) is float
    _assert_json_types(result)


@pytest.fixture(scope="module")
def demo_cli_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """`kpis --json` on a small demo store: every table loaded, so every figure has a value."""
    db = tmp_path_factory.mktemp("kpis") / "demo.duckdb"
    run = [sys.executable, "-m", "salesdash"]
    subprocess.run([*run, "demo", "--db", str(db), "--orders", "3000"], capture_output=True, check=True)
    return subprocess.run([*run, "kpis", "--db", str(db), "--json"], capture_output=True, text=True, check=True).stdout


def test_cli_reports_a_locked_store_in_a_sentence(small_store) -> None:
    output = subprocess.run(
        [sys.executable, "-m", "salesdash", "kpis", "--db", str(small_store.path)],
        capture_output=True,
        text=True,
        env={**os.environ, "SALESDASH_LOCK_TIMEOUT": "0.5"},  # it waits for its turn, then says so
    )
    assert output.returncode == 1
    assert "in use by another salesdash process" in output.stderr
    assert "Traceback" not in output.stderr
