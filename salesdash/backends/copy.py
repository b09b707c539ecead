"""Copying the canonical tables from the DuckDB store to another engine (docs/engines.md)."""

from __future__ import annotations

import shutil
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import sqlglot as sg

from salesdash.backends.connect import forget_loaded_tables
from salesdash.schema import TABLES, ibis_type
from salesdash.store import Store

__all__ = ["BATCH_ROWS", "copy_tables"]

# Rows per Arrow batch when a table is streamed to an engine that cannot read our Parquet files.
BATCH_ROWS = 200_000


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
    forget_loaded_tables()
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
    schema = ibis.schema({f.name: ibis_type(f.dtype) for f in TABLES[name].fields})
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
