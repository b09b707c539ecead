"""One upload from file to committed batch: open, map, stage, validate, write, record.

Detection runs outside the write transaction; staging, validation and writing run inside one
`store.transaction()`, so an upload commits whole or not at all. The steps live in their own modules:
`inspection` (detect), `fastload` (empty table, one INSERT … SELECT), `staging` (validate in a temp table),
`load` (write and undo), `records` (batch record, saved choices); `results` holds what is reported.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

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
from salesdash.ingest.lost_digits import collapsed_ids, collapsed_notices, reject_collapsed_ids
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.numbers import DEFAULT_MISSING, MISSING_KEY
from salesdash.ingest.quality import (
    cancelled_notices,
    discount_notices,
    label_notices,
    token_notices,
    upload_notices,
)
from salesdash.ingest.readers import DEFAULT_MAX_BYTES, Source, open_source
from salesdash.ingest.records import (
    batch_commit,
    earlier_batch,
    get_stage_map,
    record_batch,
    save_mapping,
    set_stage_map,
    upload_identity,
)
from salesdash.ingest.results import FileInspection, IngestResult, UploadRejected
from salesdash.ingest.stages import STAGE_MAP_KEY, check_stages
from salesdash.ingest.staging import count_staged, csv_row_expr, derive_line_ids, staging_query
from salesdash.ingest.validate import STAGED, collect_rejects, mark_duplicate_keys
from salesdash.ingest.workbook import same_header_sheets, sheet_list
from salesdash.schema import TABLES
from salesdash.store import Store

__all__ = [
    "FileInspection",
    "IngestResult",
    "UploadRejected",
    "get_stage_map",
    "ingest_file",
    "ingest_sheets",
    "inspect_file",
    "save_mapping",
    "set_stage_map",
    "sheets_sharing_header",
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
    decimal: str | None = None,
    units: float = 1,
    max_reject: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user: Identity,
    dry_run: bool = False,
    year: int | None = None,
) -> IngestResult:
    """Load one file into its canonical table as one batch (all or nothing).

    `decimal` ("," or ".") is the decimal mark of every number column when the file leaves it ambiguous
    (docs/uploads.md#numbers). The same content (file hash, sheet, table, mapping, units, decimal mark, date
    formats: docs/uploads.md, "Uploading again") loaded twice changes nothing and says so (`already_loaded`).
    Raises InputError (or UploadRejected, which carries the result) when the file is refused.
    """
    actor = authorize(user, "upload")
    with as_path(path, name) as (file_path, label):
        source = open_source(store.cursor(), file_path, label, sheet=sheet, max_bytes=max_bytes)
        try:
            return _ingest(
                store,
                source,
                file_path,
                table,
                mapping,
                mode,
                date_format,
                decimal,
                units,
                max_reject,
                actor,
                dry_run,
                year,
            )
        finally:
            source.close()


def ingest_sheets(
    store: Store,
    path: str | os.PathLike[str] | bytes,
    sheets: Sequence[str | None] | str,
    *,
    name: str | None = None,
    user: Identity,
    **options: Any,
) -> list[IngestResult]:
    """Load several sheets of one workbook, each as its own batch (undone on its own), in workbook order.

    `sheets` is a list of sheet names, or "all": every sheet whose header row is the first sheet's (unless
    a sheet is named "all"). A file that is not a workbook loads as one upload. Every sheet is checked (a
    dry run) before any is loaded, so a refused sheet leaves the store as it was; with `dry_run=True` only
    the check runs. With several sheets, messages name the file as `book.xlsx [sheet]`; `replace-all`
    empties the table before the first sheet only, and `replace-period` is refused (each sheet would
    remove the rows of the sheets before it in its period). `options` are those of `ingest_file`.
    Raises InputError (UploadRejected for rejected rows).
    """
    dry_run = bool(options.pop("dry_run", False))
    mode = options.pop("mode", "upsert")
    with as_path(path, name) as (file_path, label):
        names = _sheet_list(file_path, label, sheets)
        if len(names) > 1 and mode == "replace-period":
            raise IngestError("workbook.error.sheets_replace_period", file=label)

        def one(sheet: str | None, first: bool, check: bool) -> IngestResult:
            shown = f"{label} [{sheet}]" if len(names) > 1 else label
            sheet_mode = mode if first or mode != "replace-all" else "upsert"
            return ingest_file(
                store, file_path, name=shown, sheet=sheet, mode=sheet_mode, user=user, dry_run=check, **options
            )

        if dry_run or len(names) > 1:  # one upload alone is all or nothing already
            checked = [one(sheet, n == 0, True) for n, sheet in enumerate(names)]
            if dry_run:
                return checked
        return [one(sheet, n == 0, False) for n, sheet in enumerate(names)]


def sheets_sharing_header(path: str | os.PathLike[str] | bytes, name: str | None, sheet: str | None) -> list[str]:
    """The sheets of a workbook whose header row is that of `sheet` (default: the first), in workbook order;
    [] for a file that is not a workbook. For the Data page's choice of several sheets."""
    with as_path(path, name) as (file_path, label):
        return same_header_sheets(file_path, label, sheet) or []


def _sheet_list(path: Path, name: str, sheets: Sequence[str | None] | str) -> list[str | None]:
    if sheets != "all":
        return [sheets] if isinstance(sheets, str) else list(dict.fromkeys(sheets))
    names = sheet_list(path, name)
    if names is None:
        return [None]  # a CSV or Parquet file has no sheets
    if "all" in names:
        return ["all"]
    return [*(same_header_sheets(path, name) or names[:1])]


def _ingest(
    store: Store,
    source: Source,
    path: Path,
    table: str | None,
    mapping: Mapping[str, str] | None,
    mode: str,
    date_format: str | None,
    decimal: str | None,
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
    tokens = store.setting(MISSING_KEY, list(DEFAULT_MISSING))
    warnings += token_notices(con, source.sql, source.params, guess.mapping, guess.table, sample, tokens)
    warnings += discount_notices(con, source.sql, source.params, source.headers, guess.mapping, guess.table)
    warnings += label_notices(con, source.sql, source.params, guess.mapping, sample)
    warnings += cancelled_notices(con, source.sql, source.params, source.headers, guess.mapping, guess.table, sample)
    formats = date_formats_for(con, source, guess, date_format)
    check_stages(con, source, guess, store.setting(STAGE_MAP_KEY, {}))
    hashing = ThreadPoolExecutor(1).submit(_file_hash, path)  # overlaps with the validation pass
    result = IngestResult(
        None,
        guess.table,
        source.name,
        sheet=source.sheet,
        mapping=dict(guess.mapping),
        warnings=warnings,
        encoding=source.encoding,
        delimiter=source.delimiter,
        date_formats={k: v.label for k, v in formats.items()},
        dry_run=dry_run,
        confidence=guess.confidence_json(),
    )
    collapsed = collapsed_ids(source, guess)
    result.warnings.extend(collapsed_notices(collapsed))
    fast = fast_path_possible(store, guess) and not collapsed
    identity = upload_identity(
        hashing.result(), source.sheet, guess.table, guess.mapping, units, result.date_formats, year, decimal
    )
    earlier = earlier_batch(con, identity, guess.table)
    if earlier is not None:
        result.batch_id, result.already_loaded = earlier, True
        result.warnings.append(Notice("ingest.notice.already_loaded", batch=earlier))
        return result
    if fast:
        try:
            return load_fast(
                store, source, guess, formats, units, decimal, result, identity, mode, user, bool(table or mapping)
            )
        except NeedRowCheck:
            pass  # repeated keys: the staged path below names their rows
    with batch_commit(store, result, source.name) as cur:
        sql, values = staging_query(cur, store, source, guess, formats, units, decimal, result.decimal_marks)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS {sql}", values)
        row_expr = '"__row"' if source.has_row_column or guess.wide else csv_row_expr(cur)
        derive_line_ids(cur, guess, row_expr)
        reject_collapsed_ids(cur, collapsed)
        mark_duplicate_keys(cur, TABLES[guess.table], row_expr)
        count_staged(cur, source, guess, result)
        source_of = {f: h for h, f in guess.mapping.items()}
        result.rows_rejected, result.rejects = collect_rejects(cur, source.name, source_of, row_expr)
        result.warnings += upload_notices(cur, guess.table, f'FROM {STAGED} WHERE "__err" IS NULL', source_of)
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
        record_batch(cur, store, result, identity, mode, user, source.headers, save=bool(table or mapping))
        cur.execute(f"DROP TABLE IF EXISTS {STAGED}; DROP TABLE IF EXISTS __raw")
    return result
