"""The process exits cleanly after using the store as the dashboard does (salesdash/store.py, `_close_all`).

A daemon thread still inside DuckDB when the interpreter finalizes (a warm-up or page run reading, a hold
being released) is ended inside DuckDB's C++ code and the process aborts ("terminate called after throwing
an instance of ''", exit 134), after every test passed. Each scenario of tests/exit_child.py runs in a
process of its own, several times, since the abort depends on timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from salesdash.demo import build_demo
from salesdash.store import Store

CHILD = Path(__file__).parent / "exit_child.py"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("exit") / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=4_000)
    return db


def runs(db: Path, scenario: str, times: int) -> list[tuple[int, str]]:
    """The exit code and the end of stderr of `times` runs of the scenario."""
    found = []
    for _ in range(times):
        done = subprocess.run(
            [sys.executable, str(CHILD), str(db), scenario],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "SALESDASH_WARMUP": "off"},
        )
        found.append((done.returncode, done.stderr[-300:]))
    return found


@pytest.mark.parametrize(("scenario", "times"), [("reading", 5), ("ended", 4), ("page", 2)])
def test_the_process_exits_with_0(demo_db: Path, scenario: str, times: int) -> None:
    found = runs(demo_db, scenario, times)
    assert [code for code, _ in found] == [0] * times, found
