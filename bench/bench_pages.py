"""Time every page at several data sizes against its bare DuckDB queries and a pandas notebook.

    python bench/bench_pages.py --db 1M=/tmp/perf_demo1m.duckdb --db 10M=/tmp/perf_demo10m.duckdb

Each measurement runs in its own process (so peak RSS is that process's), one after the other:

* page: the full page script through Streamlit's AppTest (`app.py`, `SALESDASH_DB`, `switch_page`).
  After the session's first run (the default page: modules imported, the file opened) the Streamlit
  caches are cleared (`st.cache_data`, `st.cache_resource`), then
  `cold` is the first run, `warm` a new session's run (cache hits), `filter` a session opened with the
  region filter set to one region (as a link sets `f_region`; the unfiltered lookups stay cached). Every SQL statement of the cold run is recorded.
* bare: the recorded statements replayed on a fresh `duckdb.connect(db, read_only=True)` (twice;
  the faster pass counts, so the comparison is the hard one for the app).
* kpis: `python -m salesdash kpis --json` as a user runs it (process start included).
* pandas: the headline figures (revenue, orders, customers, order value, margin, growth, ABC tiers,
  rep revenue, pipeline) from Parquet files with pandas, as an analyst's notebook would.

The JSON of every run is written to --out and a table printed; `bench/README.md` keeps the latest table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "targets", "market", "customers", "pipeline", "team")
GOALS = {"bare_ratio": 1.3, "pandas_speedup": 10.0, "scale_ratio": 3.0, "peak_mb": 2048.0, "warm_ratio": 0.1}


def _peak_mb() -> float:
    """Peak RSS of this process image. Linux's VmHWM; `getrusage`'s ru_maxrss would carry the peak
    of the parent that forked this process (the Parquet export), so it is only the fallback."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- child: one page through AppTest -------------------------------------------------------------
def _record_sql(log: list[dict[str, Any]]) -> None:
    """Record every statement Ibis compiles (and raw SQL of the store) with its wall time."""
    from ibis.backends.duckdb import Backend

    from salesdash.store import Store

    raw_sql, scalar = Backend.raw_sql, Store.scalar

    def compiled(self: Any, expr: Any, **kwargs: Any) -> Any:
        # What Backend._to_duckdb_relation does (no geospatial types here), with the SQL kept.
        self._run_pre_execute_hooks(expr)
        started = time.perf_counter()
        sql = self.compile(expr.as_table(), limit=kwargs.get("limit"), params=kwargs.get("params"))
        log.append({"kind": "relation", "sql": sql, "compile_s": time.perf_counter() - started})
        return self.con.sql(sql)

    def raw(self: Any, query: Any, **kwargs: Any) -> Any:
        text = query if isinstance(query, str) else query.sql("duckdb")
        log.append({"kind": "raw", "sql": text, "compile_s": 0.0})
        return raw_sql(self, query, **kwargs)

    def store_scalar(self: Any, sql: str, params: list[Any] | None = None) -> Any:
        log.append({"kind": "raw", "sql": sql, "params": params or [], "compile_s": 0.0})
        return scalar(self, sql, params)

    register = Backend._register_in_memory_table

    def memtable(self: Any, op: Any) -> None:
        log.append({"kind": "memtable", "name": op.name, "table": op.data.to_pyarrow(op.schema)})
        register(self, op)

    Backend._register_in_memory_table = memtable  # type: ignore[method-assign]
    Backend._to_duckdb_relation = compiled  # type: ignore[method-assign]
    Backend.raw_sql = raw  # type: ignore[method-assign]
    Store.scalar = store_scalar  # type: ignore[method-assign]


def _portable(log: list[dict[str, Any]], db: str, page: str) -> list[dict[str, Any]]:
    """The log as JSON-ready entries: in-memory tables the app registered go to Parquet files."""
    import pyarrow.parquet as pq

    folder = Path(os.environ.get("BENCH_WORK", "/tmp/salesdash-bench-pages")) / f"memtables_{Path(db).stem}_{page}"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for entry in log:
        if entry["kind"] == "memtable":
            path = folder / f"{entry['name']}.parquet"
            pq.write_table(entry["table"], path)
            entry = {"kind": "memtable", "name": entry["name"], "path": str(path), "compile_s": 0.0}
        entries.append(entry)
    return entries


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _app(db: str, region: str | None = None) -> Any:
    from streamlit.testing.v1 import AppTest

    os.environ["SALESDASH_DB"] = db
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
    at.query_params["lang"] = "en"
    if region is not None:
        at.query_params["region"] = region
    return at


def _open_on(target: Any) -> None:
    """Make `st.navigation` open on the page `target()` names, as a link to that page would.

    (AppTest's `switch_page` runs the page script alone, without app.py's sidebar and filters.)
    """
    import streamlit as st

    navigation = st.navigation

    def opened_on(pages: list[Any], **kwargs: Any) -> Any:
        for entry in pages:
            entry._default = entry._url_path == target()
        return navigation(sorted(pages, key=lambda e: not e._default), **kwargs)

    st.navigation = opened_on


def _timed_run(at: Any) -> float:
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"page raised: {[e.message for e in at.exception]}")
    return seconds


def child_page(db: str, page: str) -> dict[str, Any]:
    import importlib
    import pkgutil

    import salesdash.charts
    import salesdash.metrics

    for package in (salesdash.metrics, salesdash.charts):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    target = {"page": "settings"}
    _open_on(lambda: target["page"])
    warm_up = _app(db)
    _timed_run(warm_up)  # imports done, the file opened, on the cheap Settings page
    region = warm_up.multiselect(key="f_region").options[0]
    _clear_caches()
    log: list[dict[str, Any]] = []
    _record_sql(log)
    target["page"] = page
    at = _app(db)
    cold = _timed_run(at)
    statements = _portable(list(log), db, page)
    # Each run is a new session (AppTest reruns a session's page script without app.py); the caches
    # are the process's, so the second session is the warm-cache run.
    at = _app(db)
    warm = _timed_run(at)
    at = _app(db, region=region)  # a link with the region filter: the filtered figures are new
    changed = _timed_run(at)
    return {
        "cold_s": cold,
        "warm_s": warm,
        "filter_s": changed,
        "filter_region": region,
        "title": at.title[0].value if at.title else None,
        "filtered": list(at.session_state["_filters"].region),
        "statements": statements,
        "memtable_count": sum(s["kind"] == "memtable" for s in statements),
        "compile_s": sum(s["compile_s"] for s in statements),
        "peak_mb": _peak_mb(),
    }


# --- child: the recorded statements on bare DuckDB -----------------------------------------------
def child_bare(db: str, statements_file: str) -> dict[str, Any]:
    import duckdb
    import pyarrow.parquet as pq

    statements = json.loads(Path(statements_file).read_text())
    con = duckdb.connect(db, read_only=True)
    passes = []
    for _ in range(2):
        started = time.perf_counter()
        for statement in statements:
            if statement["kind"] == "memtable":
                con.register(statement["name"], pq.read_table(statement["path"]))
            elif statement["kind"] == "relation":
                con.sql(statement["sql"]).to_arrow_table()
            else:
                con.execute(statement["sql"], statement.get("params") or []).fetchall()
        passes.append(time.perf_counter() - started)
    con.close()
    return {"passes_s": passes, "bare_s": min(passes), "statements": len(statements), "peak_mb": _peak_mb()}


# --- child: the pandas notebook ----------------------------------------------------------------
def child_pandas(folder: str) -> dict[str, Any]:
    import pandas as pd

    started = time.perf_counter()
    orders = pd.read_parquet(
        Path(folder) / "orders.parquet",
        columns=["order_id", "order_date", "revenue", "customer_id", "rep_id", "cost", "profit"],
    )
    deals = pd.read_parquet(Path(folder) / "opportunities.parquet")
    loaded = time.perf_counter() - started
    figures = pandas_figures(orders, deals)
    return {"pandas_s": time.perf_counter() - started, "read_s": loaded, "figures": figures, "peak_mb": _peak_mb()}


def pandas_figures(orders: Any, deals: Any) -> dict[str, Any]:
    """The headline figures of the default window (the calendar year of the latest order date)."""
    import pandas as pd

    dates = pd.to_datetime(orders["order_date"])
    end = dates.max()
    start = pd.Timestamp(end.year, 1, 1)
    now = orders[(dates >= start) & (dates <= end)]
    before = orders[(dates >= start - pd.DateOffset(years=1)) & (dates <= end - pd.DateOffset(years=1))]
    revenue = float(now["revenue"].sum())
    margin_line = (now["revenue"] - now["cost"]).fillna(now["profit"])
    per_customer = now.dropna(subset=["customer_id"]).groupby("customer_id")["revenue"].sum()
    per_customer = per_customer.reset_index().sort_values(["revenue", "customer_id"], ascending=[False, True])
    share_before = (per_customer["revenue"].cumsum() - per_customer["revenue"]) / per_customer["revenue"].sum()
    tier = pd.Series("C", index=per_customer.index)
    tier[(share_before < 0.95) & (per_customer["revenue"] > 0)] = "B"
    tier[(share_before < 0.80) & (per_customer["revenue"] > 0)] = "A"
    tiers = per_customer.groupby(tier)["revenue"].agg(["count", "sum"])
    reps = now.groupby("rep_id")["revenue"].sum().sort_values(ascending=False)
    latest = deals[deals["snapshot_date"] == deals.groupby("opportunity_id")["snapshot_date"].transform("max")]
    closed = pd.to_datetime(latest["closed_date"])
    in_window = closed.between(start, end)
    won = latest[in_window & latest["stage"].isin(["won", "after_sales"])]
    lost = latest[in_window & (latest["stage"] == "lost")]
    open_deals = latest[~latest["stage"].isin(["won", "after_sales", "lost"])]
    return {
        "revenue": revenue,
        "orders": int(now["order_id"].nunique()),
        "customers": int(now["customer_id"].nunique()),
        "avg_order_value": revenue / now["order_id"].nunique(),
        "gross_margin": float(margin_line.sum() / now.loc[margin_line.notna(), "revenue"].sum()),
        "growth_yoy": revenue / float(before["revenue"].sum()) - 1,
        "tiers": {t: {"customers": int(r["count"]), "revenue": float(r["sum"])} for t, r in tiers.iterrows()},
        "top_rep": [str(reps.index[0]), float(reps.iloc[0])],
        "won": len(won),
        "lost": len(lost),
        "open_value": float(open_deals["amount"].sum()),
    }


# --- parent --------------------------------------------------------------------------------------
def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[dict[str, Any], float]:
    """Run this script in a child mode; its JSON result and its peak RSS in MB (from wait4)."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result, wall


_KPIS_WRAPPER = """
import atexit, runpy, sys
from pathlib import Path
db, out = sys.argv[1], sys.argv[2]
status = Path("/proc/self/status")
atexit.register(lambda: out and Path(out).write_text(
    [line for line in status.read_text().splitlines() if line.startswith("VmHWM")][0]))
sys.argv = ["salesdash", "kpis", "--db", db, "--json"]
runpy.run_module("salesdash", run_name="__main__")
"""


def _run_kpis(db: str) -> dict[str, Any]:
    """The command as a user runs it; the peak is VmHWM, read by a wrapper just before the exit."""
    peak = Path(str(Path(db).with_suffix("")) + ".peak")
    command = [sys.executable, "-c", _KPIS_WRAPPER, db, str(peak)]
    started = time.perf_counter()
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"kpis failed: {process.stderr[-2000:]}")
    peak_mb = int(peak.read_text().split()[1]) / 1024
    peak.unlink()
    return {"kpis_s": seconds, "peak_mb": peak_mb, "figures": json.loads(process.stdout)}


def child_kpis(db: str) -> dict[str, Any]:
    """`kpis()` in a process whose imports are done, measured as the notebook is: from opening the data (the
    store, as the notebook reads its Parquet files) to the figures; the interpreter's start and imports, which
    the notebook's figure leaves out too, are not counted."""
    from salesdash.filters import Filters
    from salesdash.kpis import kpis
    from salesdash.store import Store
    from salesdash.tables import Tables

    started = time.perf_counter()
    with Store(db, read_only=True) as store:
        kpis(Tables.from_store(store), Filters())
    return {"kpis_function_s": time.perf_counter() - started, "peak_mb": _peak_mb()}


def child_export(db: str, folder: str) -> dict[str, Any]:
    return {"export_s": _export_parquet(db, Path(folder)), "peak_mb": _peak_mb()}


def _export_parquet(db: str, folder: Path) -> float:
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(db, read_only=True)
    for table in ("orders", "opportunities"):
        target = folder / f"{table}.parquet"
        if not target.exists():
            con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")
    con.close()
    return time.perf_counter() - started


def measure(label: str, db: str, pages: tuple[str, ...], work: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"db": db, "load": os.getloadavg(), "pages": {}}
    print(f"[{label}] kpis …", file=sys.stderr)
    result["kpis"] = _run_kpis(db)
    result["kpis"]["function_s"] = _child(["--child", "kpis", db])[0]["kpis_function_s"]
    folder = work / f"parquet_{label}"
    result["parquet_export_s"] = _child(["--child", "export", db, folder.as_posix()])[0]["export_s"]
    print(f"[{label}] pandas …", file=sys.stderr)
    result["pandas"], _ = _child(["--child", "pandas", folder.as_posix()])
    result["pandas"]["matches_kpis"] = _compare(result["pandas"]["figures"], result["kpis"]["figures"])
    for page in pages:
        print(f"[{label}] {page} …", file=sys.stderr)
        row, _ = _child(["--child", "page", db, page], {"BENCH_WORK": str(work)})
        statements = work / f"sql_{label}_{page}.json"
        statements.write_text(json.dumps(row.pop("statements"), ensure_ascii=False, indent=1))
        row["memtables"] = row.pop("memtable_count")
        bare, _ = _child(["--child", "bare", db, str(statements)])
        row.update(bare_s=bare["bare_s"], bare_passes_s=bare["passes_s"], statements=bare["statements"])
        row["load"] = os.getloadavg()
        result["pages"][page] = row
        print(f"[{label}] {page}: {json.dumps({k: v for k, v in row.items()})}", file=sys.stderr)
    return result


def _compare(pandas: dict[str, Any], kpis: dict[str, Any]) -> dict[str, bool]:
    def close(a: float | None, b: float | None) -> bool:
        return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))

    checks = {key: close(pandas[key], kpis[key]) for key in ("revenue", "orders", "customers", "growth_yoy")}
    checks["gross_margin"] = close(pandas["gross_margin"], kpis["gross_margin"])
    checks["tiers"] = all(pandas["tiers"].get(t, {}).get("customers") == kpis["tiers"][t]["customers"] for t in "ABC")
    checks["pipeline_won"] = pandas["won"] == kpis["pipeline"]["won"]
    return checks


def table(results: dict[str, Any]) -> str:
    """The Markdown table of pages against the goals."""
    labels = list(results["sizes"])
    largest, smallest = labels[-1], labels[0]
    head = (
        "| size | page | cold s | warm s | filter s | bare DuckDB s | Ibis compile s | cold / bare (≤ 1.3) | pandas s | "
        f"pandas / cold (≥ 10) | warm / cold (≤ 0.1) | {largest} / {smallest} (≤ 3) | peak MB (≤ 2048) | SQL stmts |"
    )
    lines = [head, "|" + "---|" * 14]
    for label in labels:
        size = results["sizes"][label]
        pandas_s = size["pandas"]["pandas_s"]
        for page, row in size["pages"].items():
            scale = ""
            if label == largest and len(labels) > 1:
                base = results["sizes"][smallest]["pages"].get(page)
                scale = _mark(row["cold_s"] / base["cold_s"], GOALS["scale_ratio"]) if base else ""
            lines.append(
                f"| {label} | {page} | {row['cold_s']:.2f} | {row['warm_s']:.2f} | {row['filter_s']:.2f} | "
                f"{row['bare_s']:.2f} | {row['compile_s']:.2f} | {_mark(row['cold_s'] / row['bare_s'], GOALS['bare_ratio'])} | "
                f"{pandas_s:.2f} | {_mark(pandas_s / row['cold_s'], GOALS['pandas_speedup'], low=False)} | "
                f"{_mark(row['warm_s'] / row['cold_s'], GOALS['warm_ratio'])} | {scale} | "
                f"{_mark(row['peak_mb'], GOALS['peak_mb'], digits=0)} | {row['statements']} |"
            )
        kpis = size["kpis"]
        lines.append(
            f"| {label} | `kpis` command | {kpis['kpis_s']:.2f} | | | | | | {pandas_s:.2f} | "
            f"{_mark(pandas_s / kpis['kpis_s'], GOALS['pandas_speedup'], low=False)} | | | "
            f"{_mark(kpis['peak_mb'], GOALS['peak_mb'], digits=0)} | |"
        )
        lines.append(
            f"| {label} | `kpis()` in process (imports done, as the notebook) | {kpis['function_s']:.2f} | | | | | | "
            f"{pandas_s:.2f} | {_mark(pandas_s / kpis['function_s'], GOALS['pandas_speedup'], low=False)} | | | | |"
        )
    return "\n".join(lines)


def _mark(value: float, goal: float, low: bool = True, digits: int = 2) -> str:
    met = value <= goal if low else value >= goal
    return f"{value:.{digits}f} {'✓' if met else '✗'}"


def demo_database(size: str, work: Path) -> str:
    """`LABEL=PATH` of a demo database of `size` order lines ("1M", "250k", "10M"), built in `work` unless
    it is there already (the 10M one takes minutes, once)."""
    lines = int(float(size.upper().rstrip("MK")) * (1_000_000 if size.upper().endswith("M") else 1_000))
    path = work / f"demo_{size}.duckdb"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        command = [sys.executable, "-m", "salesdash", "demo", "--orders", str(lines), "--db", str(partial)]
        subprocess.run(command, check=True, cwd=ROOT)
        partial.rename(path)  # a build killed half way leaves no database that looks finished
    return f"{size}={path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", default=[], help="LABEL=PATH of a demo database (smallest first)")
    parser.add_argument(
        "--sizes", default="1M,10M", help="without --db: demo sizes in order lines, built in WORK once (e.g. 1M,10M)"
    )
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--work", default="/tmp/salesdash-bench-pages", help="folder for Parquet files and SQL logs")
    parser.add_argument("--out", default=None, help="write the JSON here (default: WORK/results.json)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        handler = {
            "page": child_page,
            "bare": child_bare,
            "pandas": child_pandas,
            "export": child_export,
            "kpis": child_kpis,
        }[mode]
        print(json.dumps(handler(*rest), default=str), flush=True)
        return 0
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    pages = tuple(p for p in args.pages.split(",") if p)
    results: dict[str, Any] = {"goals": GOALS, "cpus": os.cpu_count(), "sizes": {}}
    for entry in args.db or [demo_database(size, work) for size in args.sizes.split(",") if size]:
        label, path = entry.split("=", 1)
        results["sizes"][label] = measure(label, path, pages, work)
    results["table"] = table(results)
    out = Path(args.out) if args.out else work / "results.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print(json.dumps(results, default=str))
    print(results["table"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
