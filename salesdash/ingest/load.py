"""Writing staged rows into a canonical table (upsert, replace-period, replace-all), and undo.

Every row a load replaces or deletes is first copied to `_replaced_<table>` with `_replaced_by` set to
the batch, so that `undo(batch)` restores exactly the state before: delete the batch's rows, put the
replaced rows back. Rows identical to what is already stored are left alone and counted `unchanged`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from salesdash.access import Identity, authorize
from salesdash.ingest.messages import IngestError
from salesdash.ingest.sqltext import quote_ident
from salesdash.ingest.validate import STAGED
from salesdash.schema import BATCH_COLUMN, TABLES, Table
from salesdash.store import REPLACED_PREFIX, Store

__all__ = ["MODES", "PERIOD_FIELDS", "Counts", "check_mode", "list_batches", "undo", "write_rows"]

MODES = ("upsert", "replace-period", "replace-all")
# The date that places a row in time, for --mode replace-period: (start field, end field).
PERIOD_FIELDS: dict[str, tuple[str, str]] = {
    "orders": ("order_date", "order_date"),
    "opportunities": ("snapshot_date", "snapshot_date"),
    "stage_history": ("entered_date", "entered_date"),
    "activities": ("activity_date", "activity_date"),
    "training": ("training_date", "training_date"),
    "feedback": ("feedback_date", "feedback_date"),
    "targets": ("period_start", "period_end"),
    "market": ("period_start", "period_end"),
}


@dataclass(frozen=True)
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


def _one(cur: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    """The single number a COUNT/EXISTS query returns."""
    return int(cur.execute(sql, params or []).fetchall()[0][0])


def check_mode(table: Table, mode: str, file: str) -> None:
    """Refuse an unknown mode, or replace-period on a table without dates, before anything is read."""
    if mode not in MODES:
        raise IngestError("ingest.error.unknown_mode", file=file, mode=mode, modes=", ".join(MODES))
    if mode == "replace-period":
        _period_scope(table, file)


def write_rows(cur: duckdb.DuckDBPyConnection, table: Table, batch_id: int, mode: str, file: str) -> Counts:
    """Move the accepted staged rows into `table` under `batch_id`; returns what changed."""
    check_mode(table, mode, file)
    t = quote_ident(table.name)
    fields = ", ".join(quote_ident(f) for f in table.field_names)
    accepted = f'FROM {STAGED} n WHERE n."__err" IS NULL'
    if not _one(cur, f"SELECT EXISTS (FROM {t})"):
        cur.execute(f"INSERT INTO {t} SELECT {fields}, {int(batch_id)} {accepted}")
        return Counts(inserted=_one(cur, f"SELECT count(*) {accepted}"))
    key_join = " AND ".join(f"o.{quote_ident(k)} IS NOT DISTINCT FROM n.{quote_ident(k)}" for k in table.key)
    same = " AND ".join(f"o.{quote_ident(f)} IS NOT DISTINCT FROM n.{quote_ident(f)}" for f in table.field_names)
    matched = f'SELECT o.rowid FROM {t} o JOIN {STAGED} n ON {key_join} WHERE n."__err" IS NULL'
    scope = f"o.rowid IN ({matched})"
    if mode == "replace-all":
        scope = "TRUE"
    elif mode == "replace-period":
        scope = f"({_period_scope(table, file)}) OR {scope}"
    cur.execute(f"CREATE OR REPLACE TEMP TABLE __old AS SELECT o.rowid AS trow FROM {t} o WHERE {scope}")
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE __pairs AS
            SELECT o.rowid AS trow, n.rowid AS nrow, ({same}) AS same
            FROM {t} o JOIN {STAGED} n ON {key_join}
            WHERE n."__err" IS NULL AND o.rowid IN (SELECT trow FROM __old)"""
    )
    unchanged, updated = cur.execute(
        "SELECT count(*) FILTER (same), count(*) FILTER (NOT same) FROM __pairs"
    ).fetchall()[0]
    removed = "SELECT trow FROM __old EXCEPT SELECT trow FROM __pairs WHERE same"
    replaced = quote_ident(REPLACED_PREFIX + table.name)
    cur.execute(
        f"INSERT INTO {replaced} SELECT {fields}, {BATCH_COLUMN}, {int(batch_id)} FROM {t} WHERE rowid IN ({removed})"
    )
    deleted = _one(cur, f"SELECT count(*) FROM ({removed})")
    cur.execute(f"DELETE FROM {t} WHERE rowid IN ({removed})")
    cur.execute(
        f"INSERT INTO {t} SELECT {fields}, {int(batch_id)} {accepted} AND n.rowid NOT IN (SELECT nrow FROM __pairs WHERE same)"
    )
    total = _one(cur, f"SELECT count(*) {accepted}")
    cur.execute("DROP TABLE IF EXISTS __old; DROP TABLE IF EXISTS __pairs")
    return Counts(total - unchanged - updated, int(updated), int(unchanged), deleted - int(updated))


def _period_scope(table: Table, file: str) -> str:
    if table.name not in PERIOD_FIELDS:
        raise IngestError("ingest.error.no_period", file=file, table=table.name)
    start, end = (quote_ident(f) for f in PERIOD_FIELDS[table.name])
    return f"o.{start} >= (SELECT min({start}) {_ACCEPTED}) AND o.{end} <= (SELECT max({end}) {_ACCEPTED})"


_ACCEPTED = f'FROM {STAGED} WHERE "__err" IS NULL'


def list_batches(store: Store) -> pd.DataFrame:
    """The upload history, newest first (one row per batch, undone ones included with `undone_at`)."""
    return store.cursor().execute("SELECT * FROM _batches ORDER BY batch_id DESC").fetchdf()


def undo(store: Store, batch_id: int, user: Identity) -> Counts:
    """Restore the state before `batch_id`: delete its rows and put back the rows it replaced.

    Refused when a later batch, not undone, wrote to the same table: undo that one first.
    """
    name = authorize(user, "undo")
    rows = (
        store.cursor()
        .execute("SELECT table_name, undone_at FROM _batches WHERE batch_id = ?", [int(batch_id)])
        .fetchall()
    )
    if not rows:
        raise IngestError("ingest.error.no_batch", batch=batch_id)
    table_name, undone_at = rows[0]
    if undone_at is not None:
        raise IngestError("ingest.error.already_undone", batch=batch_id, when=str(undone_at))
    later = [
        r[0]
        for r in store.cursor()
        .execute(
            "SELECT batch_id FROM _batches WHERE table_name = ? AND batch_id > ? AND undone_at IS NULL ORDER BY batch_id DESC",
            [table_name, int(batch_id)],
        )
        .fetchall()
    ]
    if later:
        raise IngestError(
            "ingest.error.later_batches", batch=batch_id, table=table_name, later=", ".join(map(str, later))
        )
    table = TABLES[table_name]
    t, replaced = quote_ident(table.name), quote_ident(REPLACED_PREFIX + table.name)
    cols = ", ".join([*(quote_ident(f) for f in table.field_names), BATCH_COLUMN])
    with store.transaction() as cur:
        removed = _one(cur, f"SELECT count(*) FROM {t} WHERE {BATCH_COLUMN} = ?", [int(batch_id)])
        cur.execute(f"DELETE FROM {t} WHERE {BATCH_COLUMN} = ?", [int(batch_id)])
        cur.execute(f"INSERT INTO {t} SELECT {cols} FROM {replaced} WHERE _replaced_by = ?", [int(batch_id)])
        restored = _one(cur, f"SELECT count(*) FROM {replaced} WHERE _replaced_by = ?", [int(batch_id)])
        cur.execute(f"DELETE FROM {replaced} WHERE _replaced_by = ?", [int(batch_id)])
        cur.execute("UPDATE _batches SET undone_at = ? WHERE batch_id = ?", [dt.datetime.now(), int(batch_id)])
        store.audit(cur, name, "undo", {"batch_id": int(batch_id), "table": table.name})
    return Counts(inserted=restored, deleted=removed)
