"""Time and peak memory of reading workbooks: the far-cell dimension bomb, a real workbook, a large one.

    python bench/bench_workbooks.py [--tree PATH] [--files A.xlsx …] [--timeout S]

Each measurement runs `inspect_file` (open the sheet, read every row, guess the mapping) and then
`ingest_file` into a new store, in a fresh process, and prints wall seconds and peak RSS (VmHWM) as JSON
lines. `--tree` runs another checkout's salesdash (an older commit, to compare readers); a run past
`--timeout` seconds is stopped and reported with the peak it had reached.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CHILD = """
import sys, time, json, tempfile, pathlib
sys.path.insert(0, {tree!r})
from salesdash.ingest import inspect_file, ingest_file
from salesdash.store import Store
path = {path!r}
started = time.perf_counter()
outcome = "read"
read = None
try:
    info = inspect_file(path)
    read = round(time.perf_counter() - started, 2)
    with Store(pathlib.Path(tempfile.mkdtemp()) / "b.duckdb") as store:
        result = ingest_file(store, path, max_reject=10**9)
    outcome = f"loaded {{result.rows_loaded}} rows"
except Exception as exc:
    outcome = f"refused: {{str(exc)[:90]}}"
seconds = time.perf_counter() - started
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({{"inspect_s": read, "seconds": round(seconds, 2), "peak_mb": round(int(peak) / 1024), "outcome": outcome}}))
"""


def far_cell_bomb() -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.fixtures_workbooks import far_cell_xlsx

    path = OUT / "far_cell_bomb.xlsx"
    path.write_bytes(far_cell_xlsx())
    return path


def large_workbook(rows: int = 100_000) -> Path:
    """Orders with 8 columns written once by openpyxl (cached in bench/out)."""
    path = OUT / f"orders_{rows}.xlsx"
    if not path.exists():
        import datetime as dt

        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("orders")
        sheet.append(
            ["order_id", "line_id", "order_date", "customer_id", "product_id", "quantity", "unit_price", "revenue"]
        )
        for n in range(rows):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 365)
            sheet.append(
                [f"O{n // 3}", n % 3 + 1, day, f"C{n % 997}", f"P{n % 113}", n % 7 + 1, 9.5, (n % 7 + 1) * 9.5]
            )
        book.save(path)
    return path


def measure(tree: Path, path: Path, timeout: float) -> dict[str, object]:
    code = CHILD.format(tree=str(tree), path=str(path))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=tempfile.gettempdir()
    )
    peak = 0
    while process.poll() is None and time.perf_counter() - started < timeout:
        peak = max(peak, _hwm(process.pid))
        time.sleep(0.2)
    if process.poll() is None:
        peak = max(peak, _hwm(process.pid))
        process.kill()
        process.wait()
        return {"file": path.name, "seconds": f"> {timeout:.0f}", "peak_mb": round(peak / 1024), "outcome": "stopped"}
    out = (process.stdout.read() if process.stdout else "").strip().splitlines()
    return (
        {"file": path.name, **json.loads(out[-1])}
        if out
        else {"file": path.name, "outcome": f"exit {process.returncode}"}
    )


def _hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return int(next(line for line in status if line.startswith("VmHWM")).split()[1])
    except (OSError, StopIteration):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--files", nargs="*", type=Path, default=[])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for path in [far_cell_bomb(), *(f.resolve() for f in args.files), large_workbook(args.rows)]:
        print(json.dumps({"tree": str(args.tree), **measure(args.tree, path, args.timeout)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
