"""Other engines without Spark (SQLite stands in: quick, and reached through the same Arrow copy as
PostgreSQL or Trino): URLs, the copy, `export-to`, `kpis` on an engine, and uploads on or off."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import LOCAL, insert, small_opportunities, small_orders, small_reps, small_targets

from salesdash.backends import connect, copy
from salesdash.cli import main
from salesdash.filters import Filters
from salesdash.i18n import t
from salesdash.kpis import kpis
from salesdash.schema import TABLES
from salesdash.store import Store
from salesdash.tables import Tables


def test_only_the_duckdb_store_takes_uploads(monkeypatch: pytest.MonkeyPatch) -> None:
    assert connect.is_writable(None)
    assert not connect.is_writable("pyspark:///data/warehouse")
    assert not connect.is_writable("postgres://app@db:5432/sales")
    monkeypatch.delenv("SALESDASH_BACKEND", raising=False)
    assert connect.backend_url() is None
    assert connect.uploads_enabled()
    monkeypatch.setenv("SALESDASH_BACKEND", "sc://spark.internal:15002")
    assert connect.backend_url() == "sc://spark.internal:15002"
    assert not connect.uploads_enabled()
    monkeypatch.setenv("SALESDASH_BACKEND", "  ")
    assert connect.uploads_enabled()


def test_describe_never_shows_credentials() -> None:
    assert connect.describe(None) == "DuckDB"
    assert connect.describe("postgres://app:s3cret@db.example:5432/sales") == "postgres://db.example:5432/sales"
    assert connect.describe("sc://spark:15002") == "sc://spark:15002"
    text = t("backends.uploads_off", "zh", engine=connect.describe("trino://bi:pw@trino:8080/hive/sales"))
    assert "trino://trino:8080/hive/sales" in text and "pw" not in text


def test_tables_for_the_store_or_an_engine(small_store: Store, tmp_path: Path) -> None:
    assert connect.tables_for(None, small_store).loaded == Tables.from_store(small_store).loaded
    with pytest.raises(ValueError, match="DuckDB store"):
        connect.tables_for(None, None)
    small_store.set_setting("fiscal_year_start_month", 4, user=LOCAL)
    url = f"sqlite://{(tmp_path / 'other.sqlite').as_posix()}"
    copy.copy_tables(small_store, connect.connect(url))
    other = connect.tables_for(url, small_store)
    assert other.loaded == {"orders", "targets", "reps", "opportunities"}
    assert other.fiscal_first_month == 4


def test_copy_through_arrow_keeps_rows_types_and_figures(small_store: Store, tmp_path: Path) -> None:
    engine = connect.connect(f"sqlite://{(tmp_path / 'copy.sqlite').as_posix()}")
    copied = copy.copy_tables(small_store, engine)
    assert copied == {name: small_store.row_count(name) for name in TABLES}
    assert copied["orders"] == len(small_orders()) and copied["customers"] == 0
    assert set(TABLES) <= set(engine.list_tables())
    schema = engine.table("opportunities").schema()
    assert schema["snapshot_date"].is_date() and schema["amount"].is_float64() and schema["stage"].is_string()
    assert "_batch_id" not in engine.table("orders").columns
    assert pd.Timestamp(engine.table("orders").order_date.max().execute()).date() == date(2025, 6, 28)
    for filters in (Filters(), Filters(region=("East",))):
        assert kpis(connect.tables_of(engine), filters) == kpis(Tables.from_store(small_store), filters)


def test_copy_again_replaces_instead_of_adding(small_store: Store, tmp_path: Path) -> None:
    engine = connect.connect(f"sqlite://{(tmp_path / 'again.sqlite').as_posix()}")
    copy.copy_tables(small_store, engine, ["orders"])
    assert copy.copy_tables(small_store, engine, ["orders"]) == {"orders": len(small_orders())}


def _filled_db(path: Path) -> Path:
    with Store(path) as store:
        insert(store, "orders", small_orders())
        insert(store, "targets", small_targets())
        insert(store, "reps", small_reps())
        insert(store, "opportunities", small_opportunities())
    return path


def test_export_to_command_then_kpis_on_the_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _filled_db(tmp_path / "store.duckdb")
    url = f"sqlite://{(tmp_path / 'engine.sqlite').as_posix()}"
    assert main(["export-to", url, "--db", str(db), "--tables", "orders", "reps"]) == 0
    assert json.loads(capsys.readouterr().out) == {"orders": len(small_orders()), "reps": len(small_reps())}
    assert main(["export-to", url, "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["opportunities"] == len(small_opportunities())
    monkeypatch.delenv("SALESDASH_BACKEND", raising=False)
    assert main(["kpis", "--db", str(db), "--json"]) == 0
    on_store = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("SALESDASH_BACKEND", url)
    assert main(["kpis", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == on_store
    assert on_store["revenue"] == 1390.0


def test_export_to_rejects_an_unknown_table(tmp_path: Path) -> None:
    db = _filled_db(tmp_path / "store.duckdb")
    assert main(["export-to", "duckdb://x.duckdb", "--db", str(db), "--tables", "invoices"]) == 2


def test_loaded_tables_of_an_engine_are_cached_for_a_while(
    small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite://{(tmp_path / 'cached.sqlite').as_posix()}"
    engine = connect.connect(url)
    copy.copy_tables(small_store, engine, ["orders", "customers"])
    assert connect.tables_for(url, small_store).loaded == {"orders"}
    engine.insert("customers", pd.DataFrame({"customer_id": ["C1"]}))
    assert connect.tables_for(url, small_store).loaded == {"orders"}
    monkeypatch.setattr(connect, "LOADED_TTL_SECONDS", 0.0)
    assert connect.tables_for(url, small_store).loaded == {"orders", "customers"}
    copy.copy_tables(small_store, engine, ["reps"])
    assert connect.tables_for(url, small_store).loaded == {"orders", "customers", "reps"}


def test_a_duckdb_url_reads_another_duckdb_file(small_store: Store, tmp_path: Path) -> None:
    url = f"duckdb://{(tmp_path / 'other.duckdb').as_posix()}"
    engine = connect.connect(url)
    assert copy.copy_tables(small_store, engine)["customers"] == 0
    assert copy.copy_tables(small_store, engine, ["orders"]) == {"orders": 13}  # replaced, not added to
    other = connect.tables_for(url, small_store)
    assert other.loaded == {"orders", "targets", "reps", "opportunities"}  # customers is there, but empty
    assert other.backend.name == "duckdb" and other.backend is not small_store.ibis()
    for filters in (Filters(), Filters(region=("East",))):
        assert kpis(other, filters) == kpis(Tables.from_store(small_store), filters)
    # each thread queries through its own cursor: a DuckDB connection is not thread-safe
    found: list[Any] = []
    worker = threading.Thread(target=lambda: found.append(connect.connect(url)))
    worker.start()
    worker.join()
    assert found[0] is not engine and connect.connect(url) is engine
    total = small_store.scalar("SELECT sum(revenue) FROM orders")
    assert found[0].table("orders").revenue.sum().execute() == total == small_orders()["revenue"].sum()


def test_a_read_only_duckdb_url_refuses_the_copy(small_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    writer = f"duckdb://{path.as_posix()}"
    copy.copy_tables(small_store, connect.connect(writer), ["orders"])
    del connect._connections[writer]  # as in a dashboard process of its own: the writer has gone
    url = f"duckdb://{path.as_posix()}?read_only=true"
    assert connect.loaded_tables(connect.connect(url)) == {"orders"}
    with pytest.raises(Exception, match="read-only"):
        copy.copy_tables(small_store, connect.connect(url), ["orders"])


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_the_app_reads_the_engine_and_turns_uploads_off(
    engine: str, small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import run_cli
    from streamlit.testing.v1 import AppTest

    from salesdash import fmt

    url = f"{engine}://{(tmp_path / f'app.{engine}').as_posix()}"
    expected = kpis(Tables.from_store(small_store), Filters())["revenue"]
    small_store.close()
    # copied by another process: an SQLite connection may only be used by the thread that made it
    assert run_cli("export-to", url, "--db", str(small_store.path)).returncode == 0
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    monkeypatch.setenv("SALESDASH_BACKEND", url)
    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["销售额"] == fmt.money(expected, "zh")
    at.switch_page("views/data/page.py")
    at.run()
    assert [w.value for w in at.warning] == [t("backends.uploads_off", "zh", engine=connect.describe(url))]


def test_an_sqlite_engine_answers_every_page_run_thread(tmp_path: Path) -> None:
    """Each page run is a thread of its own, and an SQLite connection refuses any thread but its maker's:
    every thread gets its own connection (a shared one raised ProgrammingError on the second run)."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "engine.sqlite"
    with sqlite3.connect(path) as made:
        made.execute("CREATE TABLE orders (order_id TEXT)")
        made.execute("INSERT INTO orders VALUES ('O1'), ('O2')")
    url = f"sqlite://{path.as_posix()}"

    def count() -> int:
        backend = connect.connect(url)
        return int(backend.execute(backend.table("orders").count()))

    with ThreadPoolExecutor(1) as other:  # alive beside this thread, so it cannot reuse this thread's id
        assert [count(), other.submit(count).result(), count()] == [2, 2, 2]
