"""One upload from file to committed batch: open, map, stage, validate, write, record.

Detection runs outside the write transaction; staging, validation and writing run inside one
`store.transaction()`, so an upload commits whole or not at all. The steps live in their own modules:
`inspection` (detect), `fastload` (empty table, one INSERT … SELECT), `staging` (validate in a temp table),
`load` (write and undo), `records` (batch record, saved choices); `results` holds what is reported.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from salesdash.access import Identity, authorize
from salesdash.ingest.fastload import NeedRowCheck, fast_path_possible, load_fast
from salesdash.ingest.inspection import (
    as_path,
    check_required,
    date_formats_for,
    guess_for,
    inspect_file,
    sample_rows,
)
from salesdash.ingest.load import check_mode, write_rows
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.readers import DEFAULT_MAX_BYTES, Source, open_source
from salesdash.ingest.records import batch_commit, get_stage_map, record_batch, save_mapping, set_stage_map
from salesdash.ingest.results import FileInspection, IngestResult, UploadRejected
from salesdash.ingest.stages import STAGE_MAP_KEY, check_stages
from salesdash.ingest.staging import count_staged, csv_row_expr, derive_line_ids, staging_query
from salesdash.ingest.validate import STAGED, collect_rejects, mark_duplicate_keys
from salesdash.schema import TABLES
from salesdash.store import Store

__all__ = [
    "FileInspection",
    "IngestResult",
    "UploadRejected",
    "get_stage_map",
    "ingest_file",
    "inspect_file",
    "save_mapping",
    "set_stage_map",
]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    store: Store,
    path: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    table: str | None = None,
    mapping: Mapping[str, str] | None = None,
    mode: str = "upsert",
    sheet: str | None = None,
    date_format: str | None = None,
    units: float = 1,
    max_reject: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user: Identity,
    dry_run: bool = False,
    year: int | None = None,
) -> IngestResult:
    """Load one file into its canonical table as one batch (all or nothing).

    The same file (by content hash) loaded twice into the same table changes nothing and says so
    (`already_loaded`). Raises InputError (or UploadRejected, which carries the result) when the file is refused.
    """
    actor = authorize(user, "upload")
    with as_path(path, name) as (file_path, label):
        source = open_source(store.cursor(), file_path, label, sheet=sheet, max_bytes=max_bytes)
        try:
            return _ingest(
                store, source, file_path, table, mapping, mode, date_format, units, max_reject, actor, dry_run, year
            )
        finally:
            source.close()


def _ingest(
    store: Store,
    source: Source,
    path: Path,
    table: str | None,
    mapping: Mapping[str, str] | None,
    mode: str,
    date_format: str | None,
    units: float,
    max_reject: int,
    user: str,
    dry_run: bool,
    year: int | None = None,
) -> IngestResult:
    con = store.cursor()
    sample = sample_rows(con, source, 1000)
    if sample.empty:
        raise IngestError("ingest.error.header_only", file=source.name, row=2)
    guess = guess_for(store, source, sample, table, mapping, year)
    check_mode(TABLES[guess.table], mode, source.name)
    warnings = [*guess.warnings, *check_required(guess, source.headers, source.name)]
    formats = date_formats_for(con, source, guess, date_format)
    check_stages(con, source, guess, store.setting(STAGE_MAP_KEY, {}))
    hashing = ThreadPoolExecutor(1).submit(_file_hash, path)  # overlaps with the validation pass
    result = IngestResult(
        None,
        guess.table,
        source.name,
        mapping=dict(guess.mapping),
        warnings=warnings,
        encoding=source.encoding,
        delimiter=source.delimiter,
        date_formats={k: v.label for k, v in formats.items()},
        dry_run=dry_run,
        confidence=guess.confidence_json(),
    )
    fast = fast_path_possible(store, guess)
    file_hash = hashing.result()
    earlier = con.execute(
        "SELECT batch_id FROM _batches WHERE file_hash = ? AND table_name = ? AND undone_at IS NULL",
        [file_hash, guess.table],
    ).fetchall()
    if earlier:
        result.batch_id, result.already_loaded = int(earlier[0][0]), True
        result.warnings.append(Notice("ingest.notice.already_loaded", batch=earlier[0][0]))
        return result
    if fast:
        try:
            return load_fast(
                store, source, guess, formats, units, result, file_hash, mode, user, bool(table or mapping)
            )
        except NeedRowCheck:
            pass  # repeated keys: the staged path below names their rows
    with batch_commit(store, result, source.name) as cur:
        sql, values = staging_query(cur, store, source, guess, formats, units)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS {sql}", values)
        row_expr = '"__row"' if source.has_row_column or guess.wide else csv_row_expr(cur)
        derive_line_ids(cur, guess, row_expr)
        mark_duplicate_keys(cur, TABLES[guess.table], row_expr)
        count_staged(cur, source, guess, result)
        source_of = {f: h for h, f in guess.mapping.items()}
        result.rows_rejected, result.rejects = collect_rejects(cur, source.name, source_of, row_expr)
        if result.rows_rejected > max_reject:
            raise UploadRejected(result, max_reject)
        result.batch_id = store.next_batch_id(cur)
        counts = write_rows(cur, TABLES[guess.table], result.batch_id, mode, source.name)
        result.inserted, result.updated, result.unchanged, result.deleted = (
            counts.inserted,
            counts.updated,
            counts.unchanged,
            counts.deleted,
        )
        result.rows_loaded = result.rows_read - result.rows_rejected if not guess.wide else result.rows_loaded
        record_batch(cur, store, result, file_hash, mode, user, source.headers, save=bool(table or mapping))
        cur.execute(f"DROP TABLE IF EXISTS {STAGED}; DROP TABLE IF EXISTS __raw")
    return result
