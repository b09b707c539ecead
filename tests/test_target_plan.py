"""Target plans: splits that sum exactly, saving in one undoable batch, and who may save."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import LOCAL
from hypothesis import given
from hypothesis import strategies as st

from salesdash.access import Identity
from salesdash.errors import InputError, PermissionDenied
from salesdash.filters import Filters, Window
from salesdash.kpis import kpis
from salesdash.metrics.targets.plan import (
    PLAN_COLUMNS,
    build_plan,
    largest_remainder,
    month_weights,
    plan_basis,
    plan_by_quarter,
    plan_replaces,
    save_fiscal_year_start,
    save_target_plan,
    suggested_annual,
)
from salesdash.periods import fiscal_months, period_containing
from salesdash.schema import TABLES
from salesdash.store import Store
from salesdash.tables import Tables

YEAR_2025 = period_containing("year", date(2025, 1, 1))
FIELDS = ", ".join(TABLES["targets"].field_names)


ANN = Identity("ann", "admin")  # saves plans (analyst) and the fiscal calendar (admin)


def cents(values) -> int:
    return sum(round(v * 100) for v in values)


def generic_undo(store: Store, batch_id: int) -> None:
    """The undo contract of upload batches: delete the batch's rows, put back the rows it replaced."""
    with store.transaction() as cur:
        cur.execute("DELETE FROM targets WHERE _batch_id = ?", [batch_id])
        cur.execute(
            f"INSERT INTO targets SELECT {FIELDS}, _batch_id FROM _replaced_targets WHERE _replaced_by = ?", [batch_id]
        )
        cur.execute("DELETE FROM _replaced_targets WHERE _replaced_by = ?", [batch_id])


def stored_targets(store: Store) -> list[tuple]:
    return sorted(store.cursor().execute(f"SELECT {FIELDS}, _batch_id FROM targets").fetchall(), key=repr)


# --- splitting -----------------------------------------------------------------


def test_largest_remainder_gives_leftover_cents_to_the_largest_remainders():
    assert largest_remainder(100, [1, 1, 1]) == [33.34, 33.33, 33.33]
    assert largest_remainder(10, [1, 2]) == [3.33, 6.67]
    assert largest_remainder(0.05, [1, 1, 1, 1]) == [0.02, 0.01, 0.01, 0.01]
    assert largest_remainder(90, [0, 0]) == [45.0, 45.0]  # no weight: evenly
    assert largest_remainder(90, [-5, 1]) == [0.0, 90.0]  # a negative weight counts as 0
    assert largest_remainder(12.35, [1]) == [12.35]
    assert largest_remainder(5, []) == []


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2).map(float),
    weights=st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=40),
)
def test_parts_always_sum_to_the_whole_in_cents(total, weights):
    parts = largest_remainder(total, weights)
    assert cents(parts) == round(total * 100)
    whole = sum(weights) or None
    for part, weight in zip(parts, weights, strict=True):
        exact = total * (weight / whole if whole else 1 / len(weights))
        assert abs(part - exact) <= 0.01 + 1e-6 * total


def test_month_weights():
    months = fiscal_months(YEAR_2025)
    assert month_weights(months, "even") == [1.0] * 12
    assert month_weights(months, "working_days") == [23, 20, 21, 22, 22, 21, 23, 21, 22, 23, 20, 23]
    seasonal = [0, 100, 0, 0, 300, 0, 0, 50, 0, 0, 0, 0]
    assert month_weights(months, "seasonal", seasonal) == seasonal
    assert month_weights(months, "seasonal", [0.0] * 12) == [1.0] * 12
    with pytest.raises(ValueError):
        month_weights(months, "weekly")


def test_basis_reads_last_year_and_the_organisation(small_tables):
    basis = plan_basis(small_tables, YEAR_2025)
    assert basis.last_year_months == [0.0, 100.0, 0.0, 0.0, 300.0, 0.0, 0.0, 50.0, 0.0, 0.0, 0.0, 0.0]
    assert basis.last_year_total == 450.0
    assert basis.regions == ["East", "West"]
    assert basis.teams == {"East": ["T1"], "West": ["T2"]}
    assert basis.reps == {"T1": ["R1", "R2"], "T2": ["R3"]}
    assert basis.revenue["rep"] == {"R1": 100.0, "R2": 300.0, "R3": 50.0}


def test_the_plan_starts_from_the_stored_target_or_last_year_plus_ten_percent(small_tables):
    assert suggested_annual(small_tables, YEAR_2025, 450.0) == 1800.0  # the company's 2025 months, Jan–Jun
    next_year = period_containing("year", date(2026, 1, 1))
    basis = plan_basis(small_tables, next_year)
    assert basis.last_year_total == 1390.0
    assert suggested_annual(small_tables, next_year, basis.last_year_total) == 1500.0  # 1,529 to the hundred


def test_even_months_split_by_last_years_share(small_tables):
    plan = build_plan(plan_basis(small_tables, YEAR_2025), 10000, "even", "share", "rep")
    assert list(plan.columns) == PLAN_COLUMNS
    company = plan[plan["level"] == "company"]
    assert company["target"].tolist() == [833.34] * 4 + [833.33] * 8
    january = plan[plan["period"] == "2025-01"].set_index(["level", "level_id"])["target"]
    # East had 400 of last year's 450: 8/9 of 833.34, the leftover cent to the larger remainder.
    assert january[("region", "East")] == 740.75
    assert january[("region", "West")] == 92.59
    assert january[("team", "T1")] == 740.75
    assert january[("rep", "R1")] == 185.19  # 1/4 of T1
    assert january[("rep", "R2")] == 555.56
    assert january[("rep", "R3")] == 92.59


def test_every_level_sums_exactly_to_its_parent(small_tables):
    plan = build_plan(plan_basis(small_tables, YEAR_2025), 1234567.89, "working_days", "share", "rep")
    assert cents(plan.loc[plan["level"] == "company", "target"]) == 123456789
    for _period, month in plan.groupby("period"):
        by = month.set_index(["level", "level_id"])["target"]
        assert cents(month.loc[month["level"] == "region", "target"]) == round(by[("company", "")] * 100)
        assert cents([by[("team", "T1")]]) == round(by[("region", "East")] * 100)
        assert cents(by[("rep", r)] for r in ("R1", "R2")) == round(by[("team", "T1")] * 100)
    quarters = plan_by_quarter(plan, YEAR_2025)
    company = quarters[quarters["level"] == "company"].iloc[0]
    assert cents([company[q] for q in ("Q1", "Q2", "Q3", "Q4")]) == 123456789 == round(company["year"] * 100)


def test_seasonal_split_follows_last_year(small_tables):
    plan = build_plan(plan_basis(small_tables, YEAR_2025), 4500, "seasonal", "even", "region")
    company = plan[plan["level"] == "company"].set_index("period")["target"]
    assert company[company > 0].to_dict() == {"2025-02": 1000.0, "2025-05": 3000.0, "2025-08": 500.0}
    assert set(plan["level"]) == {"company", "region"}
    may = plan[(plan["period"] == "2025-05") & (plan["level"] == "region")]["target"].tolist()
    assert may == [1500.0, 1500.0]


def test_fiscal_year_from_april(small_store):
    tables = Tables(small_store.ibis(), small_store.loaded_tables(), {"fiscal_year_start_month": 4})
    year = period_containing("year", date(2025, 6, 1), tables.fiscal_first_month)
    plan = build_plan(plan_basis(tables, year), 12000, "even", "even", "company")
    assert plan["period"].tolist() == [f"2025-{m:02d}" for m in range(4, 13)] + ["2026-01", "2026-02", "2026-03"]
    assert plan["period_end"].iloc[-1] == date(2026, 3, 31)
    quarters = plan_by_quarter(plan, year)
    assert quarters[["Q1", "Q2", "Q3", "Q4", "year"]].iloc[0].tolist() == [3000.0, 3000.0, 3000.0, 3000.0, 12000.0]


# --- saving --------------------------------------------------------------------


def test_save_replaces_the_years_targets_in_one_batch_that_undo_reverses(small_store):
    before = stored_targets(small_store)
    tables = Tables.from_store(small_store)
    plan = build_plan(plan_basis(tables, YEAR_2025), 10000, "even", "share", "rep")
    # Replaced: the company's and R1's and R2's months (same keys) and East's quarters (inside the year).
    assert plan_replaces(small_store, plan) == 6 + 6 + 6 + 2
    batch = save_target_plan(small_store, plan, ANN)
    assert batch == 1
    assert small_store.row_count("targets") == len(plan) == 12 * 8
    assert small_store.row_count("_replaced_targets") == 20
    row = (
        small_store.cursor()
        .execute("SELECT table_name, file_name, mode, rows_loaded, inserted, updated, user_name FROM _batches")
        .fetchall()
    )
    assert row == [("targets", "target plan", "upsert", 96, 96 - 18, 18, "ann")]
    generic_undo(small_store, batch)
    assert stored_targets(small_store) == before
    assert small_store.row_count("_replaced_targets") == 0


def test_saved_plan_is_what_attainment_reads(small_store):
    tables = Tables.from_store(small_store)
    plan = build_plan(plan_basis(tables, YEAR_2025), 10000, "even", "share", "rep")
    save_target_plan(small_store, plan, ANN)
    tables = Tables.from_store(small_store)
    year = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert kpis(tables, year)["target"] == pytest.approx(10000)
    east = plan[(plan["level"] == "region") & (plan["level_id"] == "East")]["target"].sum()
    assert kpis(tables, year.narrowed(region=("East",)))["target"] == pytest.approx(east)


def test_a_second_plan_undone_brings_back_the_first(small_store):
    tables = Tables.from_store(small_store)
    first = save_target_plan(
        small_store, build_plan(plan_basis(tables, YEAR_2025), 1000, "even", "even", "region"), ANN
    )
    after_first = stored_targets(small_store)
    second = save_target_plan(small_store, build_plan(plan_basis(tables, YEAR_2025), 2000, "even", "even", "rep"), ANN)
    assert second == first + 1
    generic_undo(small_store, second)
    assert stored_targets(small_store) == after_first


def test_the_teammates_undo_restores_exactly_when_present(small_store):
    load = pytest.importorskip("salesdash.ingest.load")
    before = stored_targets(small_store)
    tables = Tables.from_store(small_store)
    batch = save_target_plan(small_store, build_plan(plan_basis(tables, YEAR_2025), 5000, "even", "share", "rep"), ANN)
    load.undo(small_store, batch, user=LOCAL)
    assert stored_targets(small_store) == before


@pytest.mark.parametrize("user", ["", "   "])
def test_saving_needs_a_user_with_the_right(small_store, user):
    before = stored_targets(small_store)
    plan = build_plan(plan_basis(Tables.from_store(small_store), YEAR_2025), 1000)
    with pytest.raises(PermissionDenied):
        save_target_plan(small_store, plan, user)
    with pytest.raises(PermissionDenied):
        save_fiscal_year_start(small_store, 4, user)
    assert stored_targets(small_store) == before
    assert small_store.row_count("_batches") == 0
    assert small_store.setting("fiscal_year_start_month") is None


def test_a_read_only_store_refuses_the_save(small_store, tmp_path):
    plan = build_plan(plan_basis(Tables.from_store(small_store), YEAR_2025), 1000)
    path = small_store.path
    small_store.close()
    with Store(path, read_only=True) as reader, pytest.raises(PermissionDenied):
        save_target_plan(reader, plan, ANN)


def test_a_broken_plan_is_refused(small_store):
    plan = build_plan(plan_basis(Tables.from_store(small_store), YEAR_2025), 1000)
    with pytest.raises(InputError):
        save_target_plan(small_store, pd.concat([plan, plan.head(1)]), ANN)
    with pytest.raises(InputError):
        save_target_plan(small_store, plan.drop(columns="level"), ANN)
    with pytest.raises(InputError):
        save_target_plan(small_store, plan.iloc[0:0], ANN)
    assert small_store.row_count("_batches") == 0


def test_fiscal_year_setting_is_saved_and_read(small_store):
    assert save_fiscal_year_start(small_store, "4", ANN) == 4
    assert Tables.from_store(small_store).fiscal_first_month == 4
    assert Tables.from_store(small_store).default_window() == Window(date(2025, 4, 1), date(2025, 6, 28))
    with pytest.raises(InputError):
        save_fiscal_year_start(small_store, 13, ANN)
