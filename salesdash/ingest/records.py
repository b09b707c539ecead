"""What an upload leaves besides rows: the batch record and audit entry, saved mappings, the stage map."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
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

__all__ = [
    "UploadIdentity",
    "batch_commit",
    "earlier_batch",
    "get_stage_map",
    "put_setting",
    "record_batch",
    "save_mapping",
    "set_stage_map",
    "upload_identity",
]


@dataclass(frozen=True)
class UploadIdentity:
    """What an upload read: the file's SHA-256, the sheet (workbooks), and `key`, the SHA-256 of the file
    hash, sheet, table, mapping, units and date formats. Two uploads with one key load the same rows."""

    file_hash: str
    sheet: str | None
    key: str


def upload_identity(
    file_hash: str,
    sheet: str | None,
    table: str,
    mapping: Mapping[str, str],
    units: float,
    date_formats: Mapping[str, str],
    year: int | None = None,
    decimal: str | None = None,
) -> UploadIdentity:
    """The identity of an upload (docs/uploads.md, "Uploading again"): another sheet of the same workbook,
    or the same file read with another mapping, units, date order, `year` or decimal mark, is another upload."""
    read = {
        "file": file_hash,
        "sheet": sheet,
        "table": table,
        "mapping": sorted(mapping.items()),
        "units": units,
        "dates": sorted(date_formats.items()),
        **({"year": year} if year is not None else {}),  # month columns without a year read with this one
        **({"decimal": decimal} if decimal else {}),  # the decimal mark chosen for ambiguous number columns
    }
    key = hashlib.sha256(json.dumps(read, ensure_ascii=False).encode()).hexdigest()
    return UploadIdentity(file_hash, sheet, key)


def earlier_batch(cur: duckdb.DuckDBPyConnection, identity: UploadIdentity, table: str) -> int | None:
    """The standing batch that read the same content, if any. Batches recorded before upload keys existed
    are matched by file hash alone (as they were then)."""
    rows = cur.execute(
        "SELECT batch_id FROM _batches WHERE table_name = ? AND undone_at IS NULL "
        "AND (upload_key = ? OR (upload_key IS NULL AND file_hash = ?)) ORDER BY batch_id LIMIT 1",
        [table, identity.key, identity.file_hash],
    ).fetchall()
    return int(rows[0][0]) if rows else None


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
    identity: UploadIdentity,
    mode: str,
    user: str,
    headers: list[str],
    *,
    save: bool,
) -> None:
    cur.execute(
        "INSERT INTO _batches (batch_id, table_name, file_name, file_hash, mode, rows_read, rows_loaded, inserted, "
        "updated, unchanged, rejected, mapping, user_name, created_at, sheet, upload_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            result.batch_id,
            result.table,
            result.file,
            identity.file_hash,
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
            identity.sheet,
            identity.key,
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
