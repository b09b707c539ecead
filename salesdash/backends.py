"""Other Ibis engines (docs/engines.md): connecting, copying the canonical tables over, and what the app may do there.

This is the one module for backend-specific code. The metric functions never import it: they run
unchanged on whatever backend `Tables` wraps.

URLs (`SALESDASH_BACKEND`), as `ibis.connect` accepts them, plus two Spark forms handled here:

- unset: the DuckDB store (`--db` / `$SALESDASH_DB`), the only engine the app writes to;
- ``pyspark:///abs/path/to/warehouse?spark.master=local[4]``: a Spark session started by this process
  (local mode by default; query parameters are Spark settings). Canonical tables are Parquet folders
  ``<warehouse>/<table>`` registered on connect, so they survive restarts without a Hive metastore;
- ``sc://host:15002``: a Spark Connect server (needs ``pip install "pyspark[connect]"``);
- anything else goes to ``ibis.connect`` (``postgres://user:pass@host:5432/db``,
  ``trino://user@host:8080/catalog/schema``, ``duckdb:///path/other.duckdb`` …).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import sqlglot as sg

from salesdash.schema import TABLES
from salesdash.store import Store
from salesdash.tables import Tables

__all__ = [
    "BACKEND_ENV",
    "SPARK_DEFAULTS",
    "backend_url",
    "connect",
    "copy_tables",
    "describe",
    "is_writable",
    "loaded_tables",
    "register",
    "tables_for",
    "tables_of",
    "uploads_enabled",
]

BACKEND_ENV = "SALESDASH_BACKEND"
DEFAULT_WAREHOUSE = Path("data") / "spark-warehouse"
# A local Spark session: two cores, loopback only, no web UI, few shuffle partitions (the results are small).
SPARK_DEFAULTS: dict[str, str] = {
    "spark.master": "local[2]",
    "spark.app.name": "salesdash",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
}
# Rows per Arrow batch when a table is streamed to an engine that cannot read our Parquet files.
BATCH_ROWS = 200_000

# How long the list of loaded tables of an engine is trusted (finding it costs a query per table).
LOADED_TTL_SECONDS = 300.0

_connections: dict[str, Any] = {}
_loaded: dict[str, tuple[float, frozenset[str]]] = {}
_per_thread = threading.local()
_lock = threading.Lock()


def backend_url() -> str | None:
    """The engine URL from `$SALESDASH_BACKEND`; None means the DuckDB store."""
    return os.environ.get(BACKEND_ENV, "").strip() or None


def is_writable(url: str | None) -> bool:
    """Whether the app may load uploads into this engine: only the DuckDB store (docs/operations.md, docs/engines.md)."""
    return url is None


def uploads_enabled() -> bool:
    """Uploads are on only when the dashboard runs on its DuckDB store (`SALESDASH_BACKEND` unset)."""
    return is_writable(backend_url())


def describe(url: str | None) -> str:
    """The engine of a URL for people to read: scheme, host and path, never a user name or password."""
    if url is None:
        return "DuckDB"
    parsed = urllib.parse.urlparse(url)
    host = parsed.hostname or ""
    if parsed.port:
        host += f":{parsed.port}"
    return f"{parsed.scheme}://{host}{parsed.path}"


def connect(url: str) -> Any:
    """The Ibis backend of an engine URL (see the module docstring); one connection per URL and process
    (for a DuckDB file, one cursor on it per thread: a DuckDB connection is not thread-safe)."""
    if urllib.parse.urlparse(url).scheme == "sqlite":
        # An SQLite connection may only be used by the thread that made it, and each page run is a thread of
        # its own: one connection per thread, closed with it.
        mine: dict[str, Any] = _per_thread.__dict__.setdefault("connections", {})
        if url not in mine:
            mine[url] = _open(url)
        return mine[url]
    with _lock:
        if url not in _connections:
            _connections[url] = _open(url)
        opened = _connections[url]
    if isinstance(opened, _DuckDBFile):
        return opened.backend()
    return opened


def tables_of(backend: Any, settings: dict[str, Any] | None = None) -> Tables:
    """`Tables` over an Ibis backend of another engine (docs/engines.md), its loaded tables looked up now."""
    return Tables(backend, loaded_tables(backend), settings)


def loaded_tables(backend: Any) -> frozenset[str]:
    """The canonical tables an engine holds with at least one row."""
    present = _table_names(backend)
    return frozenset(n for n in TABLES if n in present and backend.execute(backend.table(n).count()) > 0)


def _table_names(backend: Any) -> set[str]:
    if getattr(backend, "name", "") == "duckdb":
        # Ibis 12's list_tables calls DuckDB's fetch_arrow_table, which DuckDB 2.0 no longer has.
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        return {row[0] for row in backend.con.execute(sql).fetchall()}
    return set(backend.list_tables())


def tables_for(url: str | None, store: Store | None) -> Tables:
    """The canonical tables the figures read: the DuckDB store when `url` is None, else the engine's
    (settings such as fiscal year and tier thresholds still come from the store). Which tables an engine
    has loaded is looked up again after `LOADED_TTL_SECONDS`."""
    if url is None:
        if store is None:
            raise ValueError("the DuckDB store is needed when no backend URL is given")
        return Tables.from_store(store)
    settings = store.settings() if store is not None else {}
    backend = connect(url)
    seen = _loaded.get(url)
    if seen is None or time.monotonic() - seen[0] > LOADED_TTL_SECONDS:
        seen = (time.monotonic(), loaded_tables(backend))
        _loaded[url] = seen
    return Tables(backend, seen[1], settings)


# --- connecting --------------------------------------------------------------
def _open(url: str) -> Any:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "sc":
        return _spark_connect(url)
    if parsed.scheme == "pyspark":
        return _spark_local(parsed)
    if parsed.scheme == "duckdb":
        return _DuckDBFile(parsed)
    return ibis.connect(url)


class _DuckDBFile:
    """Another DuckDB database (``duckdb:///abs/path.duckdb``, ``duckdb://relative.duckdb``, ``duckdb://`` in
    memory; ``?read_only=true`` to share the file with other readers): one connection, an Ibis backend per
    thread over its own cursor, made with `from_connection`, because Ibis 12's own DuckDB connect leaves
    a result open that DuckDB 2.0 refuses to run the next query beside."""

    def __init__(self, parsed: urllib.parse.ParseResult) -> None:
        import duckdb

        location = parsed.netloc + parsed.path
        options: dict[str, Any] = dict(urllib.parse.parse_qsl(parsed.query))
        read_only = options.pop("read_only", "false").lower() in ("1", "true", "yes")
        self.con = duckdb.connect(location or ":memory:", read_only=read_only, config=options)
        self._local = threading.local()

    def backend(self) -> Any:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = self._local.backend = ibis.duckdb.from_connection(self.con.cursor())
        return backend


def _quiet_pyspark() -> None:
    # PySpark warns on every pandas conversion under pandas 3; the conversions salesdash uses are plain.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)


def _spark_connect(url: str) -> Any:
    # The Connect client's own builder: `pyspark.sql.SparkSession.builder.remote` refuses to start while a
    # local (classic) session runs in the same process, as in the parity suite.
    from pyspark.sql.connect.session import SparkSession

    _quiet_pyspark()
    session = SparkSession.builder.remote(url).getOrCreate()
    return ibis.pyspark.connect(session)


def _spark_local(parsed: urllib.parse.ParseResult) -> Any:
    from pyspark.sql import SparkSession

    _quiet_pyspark()
    # pyspark:///abs/path, or pyspark://relative/path like ibis' file URLs; none: data/spark-warehouse.
    location = parsed.netloc + parsed.path
    warehouse = Path(location) if location not in ("", "/") else DEFAULT_WAREHOUSE
    warehouse = warehouse.absolute()
    settings = {**SPARK_DEFAULTS, "spark.sql.warehouse.dir": str(warehouse)}
    settings.update(dict(urllib.parse.parse_qsl(parsed.query)))
    # The JVM reads these before any setting: keep it on loopback and off the DNS.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("SPARK_LOCAL_HOSTNAME", "localhost")
    builder = SparkSession.builder
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("FATAL")
    backend = ibis.pyspark.connect(session)
    _attach_parquet_tables(session, warehouse)
    return backend


def _attach_parquet_tables(session: Any, warehouse: Path) -> None:
    """Register `<warehouse>/<table>` Parquet folders as tables (the session's catalog forgets them)."""
    present = {row.tableName for row in session.sql("SHOW TABLES").collect()}
    for name in TABLES:
        folder = warehouse / name
        if name not in present and folder.is_dir() and any(folder.glob("*.parquet")):
            session.sql(f"CREATE TABLE `{name}` USING parquet LOCATION '{folder.as_posix()}'")


def _local_spark_warehouse(backend: Any) -> Path | None:
    """The warehouse folder of a Spark session running on this machine, else None."""
    if getattr(backend, "name", "") != "pyspark":
        return None
    session = backend._session
    try:
        master = session.sparkContext.master
    except Exception:  # Spark Connect sessions have no SparkContext
        return None
    if not str(master).startswith("local"):
        return None
    location = session.conf.get("spark.sql.warehouse.dir")
    return Path(urllib.parse.urlparse(location).path if location.startswith("file:") else location)


# --- copying -----------------------------------------------------------------
def copy_tables(
    store: Store,
    backend: Any,
    names: Iterable[str] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy canonical tables (all by default, empty ones too) from the DuckDB store to another engine,
    replacing tables of the same name there; types are kept (dates stay dates).

    A local Spark session gets Parquet tables written by DuckDB into its warehouse; other engines get
    the rows streamed in Arrow batches. Returns the rows copied per table, checked against a count on
    the engine.
    """
    warehouse = _local_spark_warehouse(backend)
    copied: dict[str, int] = {}
    for name in names or TABLES:
        if warehouse is not None:
            _copy_parquet(store, backend, name, warehouse)
        else:
            _copy_arrow(store, backend, name)
        rows = int(backend.execute(backend.table(name).count()))
        expected = store.row_count(name)
        if rows != expected:
            raise RuntimeError(f"{name}: copied {rows} rows to the engine, but the store holds {expected}")
        copied[name] = rows
        if progress is not None:
            progress(name, rows)
    _loaded.clear()
    return copied


def _select_fields(name: str) -> str:
    columns = ", ".join(f'"{f.name}"' for f in TABLES[name].fields)
    return f'SELECT {columns} FROM "{name}"'


def _copy_parquet(store: Store, backend: Any, name: str, warehouse: Path) -> None:
    folder = warehouse / name
    session = backend._session
    session.sql(f"DROP TABLE IF EXISTS `{name}`")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = (folder / "part-0.parquet").as_posix().replace("'", "''")
    store.cursor().execute(f"COPY ({_select_fields(name)}) TO '{target}' (FORMAT parquet)")
    session.sql(f"CREATE TABLE `{name}` USING parquet LOCATION '{folder.as_posix()}'")


def _copy_arrow(store: Store, backend: Any, name: str) -> None:
    reader = store.cursor().sql(_select_fields(name)).to_arrow_reader(BATCH_ROWS)
    schema = ibis.schema({f.name: _ibis_dtype(f.dtype) for f in TABLES[name].fields})
    _drop_table(backend, name)
    backend.create_table(name, schema=schema)
    for batch in reader:
        if batch.num_rows:
            backend.insert(name, pa.Table.from_batches([batch]))


def _drop_table(backend: Any, name: str) -> None:
    # Written out: Ibis 12's drop_table renders an empty table name with the sqlglot installed here.
    quoted = sg.to_identifier(name, quoted=True).sql(backend.dialect)
    result = backend.raw_sql(f"DROP TABLE IF EXISTS {quoted}")
    con = getattr(backend, "con", None)
    if con is not None and result is con:  # DuckDB hands back its connection: finish, never close it
        con.fetchall()
    elif hasattr(result, "close"):
        result.close()


def _ibis_dtype(dtype: str) -> str:
    return {"VARCHAR": "string", "DATE": "date", "DOUBLE": "float64", "BIGINT": "int64"}[dtype]


# --- command line ------------------------------------------------------------
def register(subparsers: Any) -> None:
    """Add `export-to URL [--db PATH] [--tables NAME ...]` to the `python -m salesdash` commands."""
    command = subparsers.add_parser(
        "export-to",
        help="copy the canonical tables from the DuckDB store to another engine (SALESDASH_BACKEND URL)",
    )
    command.add_argument("url", help="engine URL, e.g. pyspark:///data/warehouse, sc://host:15002, postgres://…")
    command.add_argument("--db")
    command.add_argument("--tables", nargs="+", choices=sorted(TABLES), metavar="TABLE", help="default: all")
    command.set_defaults(func=_cmd_export_to)


def _cmd_export_to(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        backend = connect(args.url)
        copied = copy_tables(store, backend, _names(args.tables), progress=_progress)
    print(json.dumps(copied))
    return 0


def _names(chosen: Sequence[str] | None) -> list[str]:
    return list(chosen) if chosen else list(TABLES)


def _progress(name: str, rows: int) -> None:
    print(f"copied {name}: {rows} rows", file=sys.stderr)
