"""What an upload leaves besides rows: the batch record and audit entry, saved mappings, the stage map."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import duckdb

from salesdash.access import Identity
from salesdash.ingest.mapping import setting_key
from salesdash.ingest.messages import IngestError
from salesdash.ingest.readers import duckdb_error
from salesdash.ingest.results import DryRun, IngestResult
from salesdash.ingest.stages import DEFAULT_STAGE_MAP, STAGE_MAP_KEY
from salesdash.schema import TABLES
from salesdash.store import Store

__all__ = ["batch_commit", "get_stage_map", "put_setting", "record_batch", "save_mapping", "set_stage_map"]


@contextmanager
def batch_commit(store: Store, result: IngestResult, file_name: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one transaction of an upload: committed at the end of the block, rolled back on any error, and
    rolled back on purpose for a dry run (whose result then has no batch). DuckDB errors become a message
    naming the file."""
    try:
        with store.transaction() as cur:
            yield cur
            if result.dry_run:
                raise DryRun
    except DryRun:
        result.batch_id = None
    except duckdb.Error as exc:
        raise duckdb_error(exc, file_name) from None


def record_batch(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    result: IngestResult,
    file_hash: str,
    mode: str,
    user: str,
    headers: list[str],
    *,
    save: bool,
) -> None:
    cur.execute(
        "INSERT INTO _batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [
            result.batch_id,
            result.table,
            result.file,
            file_hash,
            mode,
            result.rows_read,
            result.rows_loaded,
            result.inserted,
            result.updated,
            result.unchanged,
            result.rows_rejected,
            json.dumps(result.mapping, ensure_ascii=False),
            user,
            dt.datetime.now(),
        ],
    )
    if save:
        put_setting(cur, setting_key(headers), {"table": result.table, "mapping": result.mapping})
    store.audit(cur, user, "ingest", {"batch_id": result.batch_id, "file": result.file, "table": result.table})


def put_setting(cur: duckdb.DuckDBPyConnection, key: str, value: Any) -> None:
    cur.execute("INSERT OR REPLACE INTO _settings VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)])


def save_mapping(store: Store, headers: list[str], table: str, mapping: Mapping[str, str], user: Identity) -> None:
    """Remember `mapping` ({source column: field}) for files whose header row is `headers`."""
    if table not in TABLES:
        raise IngestError("ingest.error.unknown_table", table=table, tables=", ".join(TABLES))
    bad = [f for f in mapping.values() if f and f not in TABLES[table].field_names]
    if bad:
        raise IngestError(
            "ingest.error.no_field", table=table, field=bad[0], fields=", ".join(TABLES[table].field_names)
        )
    store.set_setting(setting_key(headers), {"table": table, "mapping": dict(mapping)}, user=user, action="map")


def get_stage_map(store: Store) -> dict[str, str]:
    """The stage map in use: built-in synonyms, overridden by the saved, editable entries."""
    return {**DEFAULT_STAGE_MAP, **store.setting(STAGE_MAP_KEY, {})}


def set_stage_map(store: Store, mapping: Mapping[str, str], user: Identity) -> None:
    """Save company stage names → standard stages (merged over the built-in synonyms)."""
    from salesdash.ingest.stages import normalize_stage
    from salesdash.schema import STAGES

    bad = [v for v in mapping.values() if v not in STAGES]
    if bad:
        raise IngestError("ingest.error.not_standard_stage", stage=bad[0], stages=", ".join(STAGES))
    store.set_setting(STAGE_MAP_KEY, {normalize_stage(k): v for k, v in mapping.items()}, user=user, action="map")
