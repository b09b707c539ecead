"""Shared fixtures: a small hand-made company in a real DuckDB file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from salesdash.access import Identity, local_identity
from salesdash.store import Store
from salesdash.tables import Tables

# The app's background warm-up after a new data version (docs/pages.md) is off in tests, so that no thread keeps
# computing (and holding the file) after a test ends; tests/test_warmup.py turns it on.
os.environ.setdefault("SALESDASH_WARMUP", "off")
FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
# The acting identity of tests that write as the local admin; writes always name who makes them.
LOCAL: Identity = local_identity()


def _d(text: str) -> date:
    return date.fromisoformat(text)


def small_orders() -> pd.DataFrame:
    """Hand-made order lines over 2024 and 2025; one anonymous line and one return."""
    rows = [
        # order_id, line, date, customer, rep, team, region, category, segment, revenue, cost
        ("O1", "1", "2024-02-10", "C1", "R1", "T1", "East", "Tea", "SMB", 100.0, 60.0),
        ("O2", "1", "2024-05-03", "C2", "R2", "T1", "East", "Tea", "Enterprise", 300.0, None),
        ("O3", "1", "2024-08-20", "C3", "R3", "T2", "West", "Coffee", "SMB", 50.0, 20.0),
        ("O4", "1", "2025-01-15", "C1", "R1", "T1", "East", "Tea", "SMB", 400.0, 250.0),
        ("O4", "2", "2025-01-15", "C1", "R1", "T1", "East", "Coffee", "SMB", 100.0, 40.0),
        ("O5", "1", "2025-02-02", "C2", "R2", "T1", "East", "Tea", "Enterprise", 250.0, 150.0),
        ("O6", "1", "2025-03-30", "C3", "R3", "T2", "West", "Coffee", "SMB", 200.0, 100.0),
        ("O7", "1", "2025-04-01", "C4", "R3", "T2", "West", "Tea", "Enterprise", 150.0, 90.0),
        ("O8", "1", "2025-04-18", None, "R2", "T1", "East", "Coffee", None, 80.0, 30.0),
        ("O9", "1", "2025-05-05", "C5", "R1", "T1", "East", "Tea", "SMB", 60.0, 30.0),
        ("O10", "1", "2025-05-20", "C2", "R2", "T1", "East", "Tea", "Enterprise", -50.0, -30.0),
        ("O11", "1", "2025-06-10", "C6", "R3", "T2", "West", "Coffee", "SMB", 0.0, 0.0),
        ("O12", "1", "2025-06-28", "C1", "R1", "T1", "East", "Tea", "SMB", 200.0, None),
    ]
    columns = [
        "order_id",
        "line_id",
        "order_date",
        "customer_id",
        "rep_id",
        "team",
        "region",
        "category",
        "segment",
        "revenue",
        "cost",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["order_date"] = pd.to_datetime(frame["order_date"]).dt.date
    frame["rep_name"] = frame["rep_id"].map({"R1": "Ann", "R2": "Bo", "R3": "Cy"})
    return frame


def small_targets() -> pd.DataFrame:
    """Company by month for 2025 H1, region East by quarter, reps R1 and R2 by month (no team targets)."""
    rows = []
    for month in range(1, 7):
        start = date(2025, month, 1)
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        rows.append((f"2025-{month:02d}", "company", "", 300.0, None, None, None, start, end))
        rows.append((f"2025-{month:02d}", "rep", "R1", 120.0, "R1", None, None, start, end))
        rows.append((f"2025-{month:02d}", "rep", "R2", 90.0, "R2", None, None, start, end))
    rows.append(("2025-Q1", "region", "East", 900.0, None, None, "East", _d("2025-01-01"), _d("2025-03-31")))
    rows.append(("2025-Q2", "region", "East", 600.0, None, None, "East", _d("2025-04-01"), _d("2025-06-30")))
    columns = ["period", "level", "level_id", "target", "rep_id", "team", "region", "period_start", "period_end"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["metric"] = "revenue"
    return frame


def small_reps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3"],
            "rep_name": ["Ann", "Bo", "Cy"],
            "team": ["T1", "T1", "T2"],
            "region": ["East", "East", "West"],
        }
    )


def small_opportunities() -> pd.DataFrame:
    """Two snapshots; the later one is current. D3's amount changed between them."""
    rows = [
        ("D1", "2025-05-31", "won", "C1", "R1", "2025-01-10", 500.0, "2025-03-01", "2025-02-20"),
        ("D2", "2025-05-31", "lost", "C2", "R2", "2025-02-01", 200.0, "2025-04-01", "2025-04-10"),
        ("D3", "2025-05-31", "proposal", "C3", "R3", "2025-03-01", 999.0, "2025-07-01", None),
        ("D3", "2025-06-30", "negotiation", "C3", "R3", "2025-03-01", 400.0, "2025-07-01", None),
        ("D4", "2025-06-30", "contact", "C4", "R3", "2025-06-01", 100.0, "2025-09-01", None),
        ("D5", "2025-06-30", "won", "C5", "R1", "2025-04-01", 300.0, "2025-06-15", "2025-06-05"),
        ("D6", "2025-06-30", "lost", "C6", "R3", "2024-10-01", 50.0, "2024-12-01", "2024-12-20"),
        ("D7", "2025-06-30", "needs_analysis", "C2", "R2", "2025-05-15", None, None, None),
    ]
    columns = [
        "opportunity_id",
        "snapshot_date",
        "stage",
        "customer_id",
        "rep_id",
        "created_date",
        "amount",
        "expected_close_date",
        "closed_date",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("snapshot_date", "created_date", "expected_close_date", "closed_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def insert(store: Store, table: str, frame: pd.DataFrame) -> None:
    with store.transaction() as cur:
        cur.register("incoming", frame)
        cur.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM incoming')
        cur.unregister("incoming")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised store file, made once: creating the schema costs more than copying it."""
    path = tmp_path_factory.mktemp("template") / "empty.duckdb"
    Store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, empty_db: Path) -> Iterator[Store]:
    shutil.copy(empty_db, tmp_path / "test.duckdb")
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture
def small_store(store: Store) -> Store:
    insert(store, "orders", small_orders())
    insert(store, "targets", small_targets())
    insert(store, "reps", small_reps())
    insert(store, "opportunities", small_opportunities())
    return store


@pytest.fixture
def small_tables(small_store: Store) -> Tables:
    return Tables.from_store(small_store)


def table_checksums(store: Store, prefixes: tuple[str, ...] = ("",)) -> dict[str, tuple[int, int]]:
    """(row count, order-independent hash of all rows) for every table whose name starts with a prefix."""
    names = [
        r[0]
        for r in store.cursor()
        .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")
        .fetchall()
    ]
    names = [n for n in names if n.startswith(prefixes)]
    union = " UNION ALL ".join(
        f"SELECT '{n}' AS name, count(*) AS n, sum(hash(t))::HUGEINT AS digest FROM \"{n}\" t" for n in names
    )
    rows = store.cursor().execute(union).fetchall()
    return {name: (int(count), int(digest or 0)) for name, count, digest in rows}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salesdash", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Split the Spark parity calls over two xdist groups (`spark` and `spark_spark_b`), so that with
    `-n 2 --dist loadgroup` both workers run Spark (one JVM each) instead of one worker running all 296
    tests while the other runs out of work: the Spark group was the suite's longest path. Runs before
    xdist turns the `xdist_group` marks into node ids."""
    parity = [
        item
        for item in items
        if item.nodeid.startswith("tests/test_parity_spark.py::test_metric_parity[")
        or item.nodeid.startswith("tests/test_parity_spark.py::test_kpis_parity[")
    ]
    for item in parity[1::2]:
        item.add_marker(pytest.mark.xdist_group("spark_b"))
