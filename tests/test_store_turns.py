"""Processes take turns on the database (docs/operations.md#scheduled-loads-while-the-dashboard-runs): a
second writer waits with a message, then runs when the first lets go; it gives up with a sentence after
SALESDASH_LOCK_TIMEOUT seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, insert, small_orders

from salesdash.store import Store

# Holds the store until told to let go on stdin (as a dashboard's page run or a load does).
HOLDER = """
import sys
from salesdash.store import Store
store = Store(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
store.close()
"""


def _env(timeout: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "SALESDASH_LOCK_TIMEOUT": timeout}


def _holder(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        env=_env("30"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_a_second_writer_waits_for_its_turn_then_loads(tmp_path: Path) -> None:
    db, export = tmp_path / "sales.duckdb", tmp_path / "june.csv"
    with Store(db) as store:
        insert(store, "orders", small_orders())
    export.write_text("order_id,order_date,customer_id,revenue\nN1,2025-06-01,C7,1000\n", encoding="utf-8")
    holder = _holder(db)
    try:
        load = subprocess.Popen(
            [sys.executable, "-m", "salesdash", "ingest", str(export), "--db", str(db)],
            env=_env("120"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert load.stderr is not None
        waiting = load.stderr.readline()
        assert "is in use by another salesdash process; waiting for its turn" in waiting, waiting
        assert load.poll() is None  # still waiting while the holder holds
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        out, err = load.communicate(timeout=120)
        assert load.returncode == 0, err
        assert "june.csv: batch 1 → orders: 1 of 1 rows loaded" in out
    finally:
        holder.kill()
        holder.wait()
    with Store(db) as store:
        assert store.row_count("orders") == len(small_orders()) + 1


def test_a_writer_that_waits_too_long_gives_up_with_a_sentence_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "sales.duckdb"
    with Store(db) as store:
        insert(store, "orders", small_orders())
    holder = _holder(db)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "salesdash", "undo", "1", "--db", str(db)],
            env=_env("0.5"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "was not free within 0.5 s. Stop that process or let it finish" in done.stderr
    assert "Traceback" not in done.stderr
    with Store(db) as store:
        assert store.row_count("orders") == len(small_orders())
