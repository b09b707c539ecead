"""Time the demo build at a given size and print one JSON object.

    python bench/bench_demo.py 10000000 --db /tmp/demo10m.duckdb

The database file is rebuilt from scratch (an existing file at --db is removed first).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from salesdash.demo import build_demo
from salesdash.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", type=int, help="number of order lines")
    parser.add_argument("--db", default="/tmp/salesdash-bench-demo.duckdb", help="database file to (re)build")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lang", default="en", choices=["en", "zh"])
    args = parser.parse_args(argv)
    path = Path(args.db)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    steps: list[dict[str, object]] = []
    started = time.perf_counter()
    with Store(path) as store:
        counts = build_demo(
            store,
            orders=args.orders,
            seed=args.seed,
            lang=args.lang,
            progress=lambda fraction, message: steps.append(
                {"fraction": fraction, "seconds": round(time.perf_counter() - started, 2), "step": message}
            ),
        )
    seconds = time.perf_counter() - started
    result = {
        "orders": args.orders,
        "seed": args.seed,
        "lang": args.lang,
        "seconds": round(seconds, 2),
        "rows": counts,
        "db": str(path),
        "file_bytes": os.path.getsize(path),
        "steps": steps,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
