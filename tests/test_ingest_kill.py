"""A load killed half-way leaves the database as it was before the load."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import FIXTURES, ROOT


@pytest.mark.slow
def test_sigkill_during_large_ingest_keeps_previous_state(tmp_path):
    db = tmp_path / "kill.duckdb"
    big = tmp_path / "big.csv"
    with duckdb.connect() as con:
        con.execute(
            f"""COPY (SELECT 'O' || i AS order_id, '1' AS line, DATE '2024-01-01' + (i % 700)::INTEGER AS order_date,
                      'C' || (i % 5000) AS customer_id, round(random() * 1000, 2) AS revenue
                FROM range(2000000) t(i)) TO '{big}' (HEADER)"""
        )
    first = subprocess.run(
        [sys.executable, "-m", "salesdash", "ingest", str(FIXTURES / "ResellerSales_202006_300.csv"), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT count(*), sum(revenue), (SELECT value FROM _meta) FROM orders").fetchall()
    child = subprocess.Popen(
        [sys.executable, "-m", "salesdash", "ingest", str(big), "--db", str(db), "--max-bytes", str(10**9)], cwd=ROOT
    )
    time.sleep(2.5)
    assert child.poll() is None, "the load finished before it could be killed; make the file bigger"
    child.send_signal(signal.SIGKILL)
    child.wait()
    with duckdb.connect(str(db), read_only=True) as con:
        after = con.execute("SELECT count(*), sum(revenue), (SELECT value FROM _meta) FROM orders").fetchall()
        batches = con.execute("SELECT count(*) FROM _batches").fetchall()
    assert after == before and batches == [(1,)]
