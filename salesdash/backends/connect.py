"""Connecting to other Ibis engines (docs/engines.md), and what the app may do there.

The metric functions never import `salesdash.backends`: they run unchanged on whatever backend `Tables` wraps.

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

import os
import threading
import time
import urllib.parse
import warnings
from pathlib import Path
from typing import Any

import ibis

from salesdash.schema import TABLES
from salesdash.store import Store
from salesdash.tables import Tables

__all__ = [
    "BACKEND_ENV",
    "SPARK_DEFAULTS",
    "backend_url",
    "connect",
    "describe",
    "forget_loaded_tables",
    "is_writable",
    "loaded_tables",
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


def forget_loaded_tables() -> None:
    """Look up again which tables each engine holds (after tables were copied to it)."""
    _loaded.clear()


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
