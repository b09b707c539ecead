"""What holding the database only during page runs costs (docs/operations.md#scheduled-loads-while-the-dashboard-runs).

    python bench/bench_hold.py [--db PATH] [--runs 15]

Builds the 20,000-line demo in bench/out/ the first time (or uses --db). Prints, as JSON and a table:

* open: one page run's extra work with `Store(hold="thread")` — wait in turn, `duckdb.connect`, the schema
  check, the data-version query, close, give the turn back — median over `--runs`.
* cold kpis: `kpis()` (the Overview's headline figures, uncached) on a file opened just before, against the
  same call on a connection that has already read the file once (DuckDB's buffer pool warm).
* warm rerun: a new AppTest session's run of the full app on the Overview with the figures cached
  (what most page views are), `hold="thread"` against `hold="open"` (the file kept for the process'
  life, as before: then no other process can use the file).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def demo_db() -> Path:
    db = OUT / "hold_demo20k.duckdb"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "salesdash", "demo", "--orders", "20000", "--db", str(db)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return db


def open_cost(db: Path, runs: int) -> float:
    from salesdash.store import Store

    store = Store(db, hold="thread")
    times = []
    for _ in range(runs):
        started = time.perf_counter()

        def one_run() -> None:
            store.data_version()

        worker = __import__("threading").Thread(target=one_run)
        worker.start()
        worker.join()
        while store._handle.users:  # the hold ends just after the thread: wait for the release
            time.sleep(0.0005)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def kpis_cold_warm(db: Path, runs: int) -> tuple[float, float]:
    import duckdb

    from salesdash.filters import Filters
    from salesdash.kpis import kpis
    from salesdash.store import Store
    from salesdash.tables import Tables

    cold, warm = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with Store(db) as store:
            kpis(Tables.from_store(store), Filters())
        cold.append(time.perf_counter() - started)
    with Store(db) as store:
        kpis(Tables.from_store(store), Filters())
        for _ in range(runs):
            started = time.perf_counter()
            kpis(Tables.from_store(store), Filters())
            warm.append(time.perf_counter() - started)
    del duckdb
    return statistics.median(cold), statistics.median(warm)


def warm_rerun(db: Path, hold: str, runs: int) -> float:
    """Child process: AppTest sessions on the Overview with cached figures, the store held `hold`-wise."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", hold, "--db", str(db), "--runs", str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def child(db: Path, hold: str, runs: int) -> float:
    from streamlit.testing.v1 import AppTest

    import salesdash.store
    import ui.state

    real = salesdash.store.Store

    def store(*args: Any, **kwargs: Any) -> Any:
        kwargs["hold"] = hold
        return real(*args, **kwargs)

    ui.state.Store = store  # type: ignore[assignment,misc]
    os.environ["SALESDASH_DB"] = str(db)
    times = []
    for i in range(runs + 1):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["lang"] = "en"
        started = time.perf_counter()
        at.run()
        if at.exception:
            raise RuntimeError([e.message for e in at.exception])
        if i:  # the first session fills the caches
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(child(args.db, args.child, args.runs))
        return
    db = args.db or demo_db()
    cold, warm = kpis_cold_warm(db, args.runs)
    result = {
        "db": str(db),
        "bytes": db.stat().st_size,
        "load_average": os.getloadavg()[0],
        "open_ms": open_cost(db, args.runs) * 1000,
        "kpis_fresh_open_ms": cold * 1000,
        "kpis_open_connection_ms": warm * 1000,
        "warm_rerun_thread_ms": warm_rerun(db, "thread", args.runs) * 1000,
        "warm_rerun_open_ms": warm_rerun(db, "open", args.runs) * 1000,
    }
    print(json.dumps(result, indent=1))
    for key, value in result.items():
        print(f"{key:<26}{value:>12.1f}" if isinstance(value, float) else f"{key:<26}{value}")


if __name__ == "__main__":
    main()
