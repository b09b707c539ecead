"""Fixtures of the proofs: synthetic batches, exact table checksums, damaged files, a lock holder, an upload."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from conftest import LOCAL

from salesdash.store import Store

ROOT = Path(__file__).parent.parent
# Commands wait for a held file (docs/operations.md#scheduled-loads-while-the-dashboard-runs): briefly here.
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SALESDASH_LOCK_TIMEOUT": "1"}

ORDERS_SQL = """
INSERT INTO orders (order_id, line_id, order_date, revenue, cost, customer_id, rep_id, rep_name, team,
                    region, category, segment, quantity, _batch_id)
SELECT 'B' || $batch || '-' || i, '1', DATE '2025-01-01' + CAST(i % 365 AS INTEGER),
       round(10 + (hash(i, $batch) % 100000) / 100.0, 2), round((hash(i, $batch) % 50000) / 100.0, 2),
       'C' || (i % 997), 'R' || (i % 40), 'Rep ' || (i % 40), 'T' || (i % 8),
       ['East', 'West', 'North', 'South'][1 + i % 4], ['Tea', 'Coffee', 'Cocoa'][1 + i % 3],
       ['SMB', 'Enterprise'][1 + i % 2], 1 + i % 5, $batch
FROM range($rows) AS r(i)
"""


def add_batch(cur: duckdb.DuckDBPyConnection, batch: int, rows: int) -> None:
    """Inside a transaction: `rows` order lines and their `_batches` row, as an upload writes them."""
    cur.execute(ORDERS_SQL, {"batch": batch, "rows": rows})
    cur.execute(
        "INSERT INTO _batches (batch_id, table_name, file_name, mode, rows_read, rows_loaded, inserted, "
        "created_at) VALUES (?, 'orders', ?, 'append', ?, ?, ?, TIMESTAMP '2025-06-01 12:00:00')",
        [batch, f"orders-{batch}.csv", rows, rows, rows],
    )


def filled_store(path: Path, batches: int = 2, rows: int = 5_000) -> Store:
    """A store with `batches` uploads of `rows` lines each and two settings."""
    store = Store(path)
    for batch in range(1, batches + 1):
        with store.transaction() as cur:
            add_batch(cur, batch, rows)
    store.set_setting("currency", "USD", user=LOCAL)
    store.set_setting("tier_thresholds", [0.7, 0.9], user=LOCAL)
    return store


def checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Every table's row count and the sum of its rows' hashes (order-independent, exact)."""
    names = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    result = {}
    for name in names:
        count, total = con.execute(f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{name}" AS t').fetchall()[0]
        result[name] = (int(count), int(total))
    return result


def file_checksums(path: Path) -> dict[str, tuple[int, int]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return checksums(con)
    finally:
        con.close()


# --- damage ------------------------------------------------------------------
def overwrite_middle(path: Path) -> None:
    """Random bytes over the middle third of the file: table data blocks, not the header."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 3)
        f.write(os.urandom(size // 3))


def truncate_half(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def random_junk(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


DAMAGES = {"overwrite_middle": overwrite_middle, "truncate_half": truncate_half, "random_junk": random_junk}


# --- another process ---------------------------------------------------------
HOLDER = """
import sys, time
from salesdash.store import Store
store = Store(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


@contextmanager
def held(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that opened the store (as the dashboard does) until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == "holding", process.stderr.read() if process.stderr else line
        yield process
    finally:
        process.kill()
        process.wait()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m salesdash ARGS` in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "salesdash", *args], env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


# --- an analyst's upload during browsing (tests/test_concurrency.py) ------------
JUNE = (date(2025, 6, 1), date(2025, 6, 30))  # inside the 20,000-line demo (2024-01-01 … 2026-09)


def june_orders() -> pd.DataFrame:
    """48 order lines of 40 new orders by 10 new customers: 36 lines dated in June 2025, 12 in July
    (outside the window the sessions browse), alternately East and South. Made by hand for the test."""
    rows = []
    for i in range(48):
        order = i if i < 40 else i - 40  # orders 0–7 get a second line
        day = date(2025, 6, 2 + order % 27) if order < 30 else date(2025, 7, 1 + order % 20)
        rows.append(
            {
                "order_id": f"UP-{order:04d}",
                "line_id": str(2 if i >= 40 else 1),
                "order_date": day.isoformat(),
                "revenue": round(40_000 + i * 123.45, 2),
                "cost": round(30_000 + i * 50.5, 2),
                "customer_id": f"NEWC{order % 10:02d}",
                "region": ("East", "South")[order % 2],
                "category": "Tea",
                "quantity": 1 + order % 3,
            }
        )
    return pd.DataFrame(rows)


def window_delta(rows: pd.DataFrame, window: tuple[date, date], region: str | None = None) -> dict[str, float]:
    """What `rows` add to revenue, orders and customers in `window` (and `region`), by pandas alone —
    the customers being new ones."""
    days = pd.to_datetime(rows["order_date"]).dt.date
    kept = rows[(days >= window[0]) & (days <= window[1])]
    if region is not None:
        kept = kept[kept["region"] == region]
    return {
        "revenue": float(kept["revenue"].sum()),
        "orders": kept["order_id"].nunique(),
        "customers": kept["customer_id"].nunique(),
    }
