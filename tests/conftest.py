from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesdash.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised store file, made once: creating the schema costs more than copying it."""
    path = tmp_path_factory.mktemp("template") / "empty.duckdb"
    Store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, empty_db: Path):
    shutil.copy(empty_db, tmp_path / "test.duckdb")
    with Store(tmp_path / "test.duckdb") as s:
        yield s


def table_checksums(store: Store, prefixes: tuple[str, ...] = ("",)) -> dict[str, tuple[int, int]]:
    """(row count, order-independent hash of all rows) for every table whose name starts with a prefix."""
    names = [
        r[0]
        for r in store.cursor()
        .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")
        .fetchall()
    ]
    names = [n for n in names if n.startswith(prefixes)]
    union = " UNION ALL ".join(
        f"SELECT '{n}' AS name, count(*) AS n, sum(hash(t))::HUGEINT AS digest FROM \"{n}\" t" for n in names
    )
    rows = store.cursor().execute(union).fetchall()
    return {name: (int(count), int(digest or 0)) for name, count, digest in rows}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salesdash", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )
