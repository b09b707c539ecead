"""A process that uses the store as the dashboard does and then exits (tests/test_exit.py runs it).

`python tests/exit_child.py DB SCENARIO`; the exit code is the process's: 0, or 134 when the interpreter's
exit aborted. Scenarios:

- ``reading``: a background thread (as the warm-up, ui/warmup) is reading the store when the interpreter exits;
- ``ended``: page-run threads read the store and end just before the exit, so their holds are being released
  while the interpreter exits;
- ``page``: the app's Overview runs once through AppTest, as tests/test_pages.py runs it.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from salesdash.store import Store  # noqa: E402


def reading(db: Path) -> None:
    store = Store(db, hold="thread")
    started = threading.Event()

    def read() -> None:
        cursor = store.cursor()
        while True:  # figures over a large store: each query takes a while
            cursor.execute("SELECT sum(revenue * i) FROM orders, range(100000) r(i)").fetchall()
            started.set()  # the main thread goes on while this thread runs the next query

    threading.Thread(target=read, name="reader", daemon=True).start()
    started.wait(timeout=60)


def ended(db: Path) -> None:
    store = Store(db, hold="thread")
    for _ in range(8):
        thread = threading.Thread(target=lambda: store.cursor().execute("SELECT count(*) FROM orders").fetchall())
        thread.start()
        thread.join()


def page(db: Path) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["SALESDASH_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    if at.exception:
        raise SystemExit(f"the page failed: {at.exception}")


if __name__ == "__main__":
    {"reading": reading, "ended": ended, "page": page}[sys.argv[2]](Path(sys.argv[1]))
