"""Time `python -m salesdash ingest` on a generated orders CSV against DuckDB's bare read_csv.

    python bench/bench_ingest.py [--rows 10000000] [--dir /tmp/salesdash-bench]

Two bare baselines, each in its own process: `CREATE TABLE t AS SELECT * FROM read_csv(...)` (the file's
10 columns), and the same read_csv inserted into salesdash's own `orders` table (its 26 canonical columns,
16 of them left NULL by this file), which is the work any load into that schema must do.
Prints one JSON object: rows, file size, wall and CPU (user + sys) seconds of each child, the ratios
(goal ≤ 1.5) and each child's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def generate(path: Path, rows: int) -> None:
    with duckdb.connect() as con:
        con.execute(
            f"""COPY (
                SELECT 'SO' || (i // 3) AS order_id, CAST(i % 3 + 1 AS VARCHAR) AS line_id,
                       DATE '2020-01-01' + CAST(i % 2000 AS INTEGER) AS order_date,
                       'C' || (i % 50000) AS customer_id, 'P' || (i % 3000) AS product_id,
                       'R' || (i % 200) AS rep_id, ['North', 'South', 'East', 'West'][i % 4 + 1] AS region,
                       i % 7 + 1 AS quantity, round(5 + (i % 997) * 1.37, 2) AS unit_price,
                       round((i % 7 + 1) * (5 + (i % 997) * 1.37), 2) AS revenue
                FROM range({int(rows)}) t(i)) TO '{path}' (HEADER, DELIMITER ',')"""
        )


def run_child(cmd: list[str]) -> tuple[float, float, int, str]:
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out_chunks = []
    assert child.stdout is not None
    out_chunks.append(child.stdout.read())
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    err = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {err}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss // 1024, b"".join(out_chunks).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--dir", default="/tmp/salesdash-bench")
    args = parser.parse_args()
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    csv = work / f"orders_{args.rows}.csv"
    if not csv.exists():
        partial = csv.with_suffix(".partial")
        generate(partial, args.rows)
        partial.rename(csv)  # a run killed while generating leaves no truncated file behind
    for db in ("bare.duckdb", "schema.duckdb", "salesdash.duckdb"):
        for suffix in ("", ".wal"):
            (work / (db + suffix)).unlink(missing_ok=True)
    bare_sql = f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}')"
    bare_cmd = [
        sys.executable,
        "-c",
        f"import duckdb; c = duckdb.connect('{work / 'bare.duckdb'}'); c.execute({bare_sql!r}); c.close()",
    ]
    schema_sql = f"INSERT INTO orders BY NAME SELECT * FROM read_csv('{csv}')"
    schema_cmd = [
        sys.executable,
        "-c",
        "from salesdash.store import Store; s = Store(" + repr(str(work / "schema.duckdb")) + "); "
        f"c = s.cursor(); c.execute({schema_sql!r}); c.close(); s.close()",
    ]
    ingest_cmd = [
        sys.executable,
        "-m",
        "salesdash",
        "ingest",
        str(csv),
        "--db",
        str(work / "salesdash.duckdb"),
        "--json",
        "--max-bytes",
        str(csv.stat().st_size + 1),
    ]
    load_before = os.getloadavg()
    bare_s, bare_cpu, bare_mb, _ = run_child(bare_cmd)
    schema_s, schema_cpu, schema_mb, _ = run_child(schema_cmd)
    ingest_s, ingest_cpu, ingest_mb, out = run_child(ingest_cmd)
    result = json.loads(out)
    print(
        json.dumps(
            {
                "rows": args.rows,
                "file_mb": round(csv.stat().st_size / 2**20, 1),
                "load_average_before_after": [round(load_before[0], 1), round(os.getloadavg()[0], 1)],
                "bare_read_csv_s": round(bare_s, 2),
                "bare_into_orders_s": round(schema_s, 2),
                "salesdash_ingest_s": round(ingest_s, 2),
                "ratio": round(ingest_s / bare_s, 2),
                "ratio_same_table": round(ingest_s / schema_s, 2),
                "goal_ratio": 1.5,
                "bare_read_csv_cpu_s": round(bare_cpu, 2),
                "bare_into_orders_cpu_s": round(schema_cpu, 2),
                "salesdash_ingest_cpu_s": round(ingest_cpu, 2),
                "cpu_ratio": round(ingest_cpu / bare_cpu, 2),
                "cpu_ratio_same_table": round(ingest_cpu / schema_cpu, 2),
                "bare_peak_rss_mb": bare_mb,
                "bare_into_orders_peak_rss_mb": schema_mb,
                "ingest_peak_rss_mb": ingest_mb,
                "rows_loaded": result["rows_loaded"],
                "rows_rejected": result["rows_rejected"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
