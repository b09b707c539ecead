"""One upload from file to committed batch: open, map, stage, validate, write, record.

Detection runs outside the write transaction; staging, validation and writing run inside one
`store.transaction()`, so an upload commits whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from salesdash.access import Identity, authorize
from salesdash.errors import InputError
from salesdash.i18n import t
from salesdash.ingest.convert import StagePlan, stage_select
from salesdash.ingest.dates import DateFormat, detect_date_format
from salesdash.ingest.load import check_mode, write_rows
from salesdash.ingest.mapping import MappingGuess, guess_mapping, setting_key
from salesdash.ingest.messages import IngestError
from salesdash.ingest.readers import DEFAULT_MAX_BYTES, ROW_COLUMN, Source, duckdb_error, open_source
from salesdash.ingest.sqltext import Params, quote_ident
from salesdash.ingest.stages import DEFAULT_STAGE_MAP, STAGE_MAP_KEY
from salesdash.ingest.validate import STAGED, Reject, collect_rejects, mark_duplicate_keys
from salesdash.ingest.wide import unpivot_sql
from salesdash.schema import DATE, TABLES
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

SAMPLE_ROWS = 100_000  # date formats are judged on the distinct values of the first rows


@dataclass
class FileInspection:
    """What a file looks like before loading: format, sheets, proposed table and mapping, a preview."""

    name: str
    container: str
    encoding: str | None
    delimiter: str | None
    decimal: str
    sheets: tuple[str, ...]
    sheet: str | None
    headers: list[str]
    table: str
    mapping: dict[str, str]
    samples: dict[str, list[str]]
    date_formats: dict[str, str]
    warnings: list[str]
    preview: pd.DataFrame
    saved_mapping: bool = False


@dataclass
class IngestResult:
    """The outcome of one upload (SPEC §5 `ingest --json` plus counts and detected format)."""

    batch_id: int | None
    table: str
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    already_loaded: bool = False
    dry_run: bool = False

    @property
    def errors(self) -> list[str]:
        return [r.message() for r in self.rejects]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("rejects")
        out["errors"] = self.errors
        return out


class UploadRejected(IngestError):
    """More rows were rejected than allowed; nothing was loaded. `result` lists the rejects."""

    def __init__(self, result: IngestResult, max_reject: int) -> None:
        self.result = result
        first = result.rejects[0] if result.rejects else None
        super().__init__(
            "ingest.error.rejected",
            file=result.file,
            row=first.row if first else None,
            column=first.column if first else None,
            rejected=result.rows_rejected,
            read=result.rows_read,
            allowed=max_reject,
        )

    def localized(self, lang: str) -> str:
        return super().localized(lang) + self._first(lang)

    def __str__(self) -> str:
        return super().__str__() + self._first("en")

    def _first(self, lang: str) -> str:
        if not self.result.rejects:
            return ""
        first = self.result.rejects[0]
        value = t("ingest.value", lang, value=repr(first.value)) if first.value else ""
        return t("ingest.error.first", lang, reason=first.text(lang), value=value)


@contextmanager
def _as_path(path_or_bytes: str | os.PathLike[str] | bytes, name: str | None) -> Iterator[tuple[Path, str]]:
    if isinstance(path_or_bytes, bytes):
        fd, tmp = tempfile.mkstemp(prefix="salesdash-upload-")
        with os.fdopen(fd, "wb") as out:
            out.write(path_or_bytes)
        try:
            yield Path(tmp), name or "upload"
        finally:
            Path(tmp).unlink(missing_ok=True)
    else:
        path = Path(path_or_bytes)
        if not path.is_file():
            raise IngestError("ingest.error.no_file", file=str(path))
        yield path, name or path.name


def _samples(con: duckdb.DuckDBPyConnection, source: Source, limit: int) -> pd.DataFrame:
    try:
        return con.execute(f"SELECT * FROM ({source.sql}) LIMIT {int(limit)}", source.params).fetchdf()
    except duckdb.Error as exc:
        raise duckdb_error(exc, source.name) from None


def _guess(
    store: Store | None, source: Source, sample: pd.DataFrame, table: str | None, overrides: Mapping[str, str] | None
) -> MappingGuess:
    values = {h: [v for v in sample[h].tolist()[:1000] if isinstance(v, str)] for h in source.headers}
    saved = store.setting(setting_key(source.headers)) if store is not None else None
    return guess_mapping(source.headers, values, table=table, overrides=overrides, saved=saved, file=source.name)


def _date_formats(
    con: duckdb.DuckDBPyConnection, source: Source, guess: MappingGuess, choice: str | None
) -> dict[str, DateFormat]:
    table = TABLES[guess.table]
    out: dict[str, DateFormat] = {}
    for header, name in guess.mapping.items():
        if table.field(name).dtype != DATE:
            continue
        col = quote_ident(header)
        rows = con.execute(
            f"SELECT DISTINCT {col} FROM (SELECT {col} FROM ({source.sql}) LIMIT {SAMPLE_ROWS}) LIMIT 20000",
            source.params,
        ).fetchall()
        out[name] = detect_date_format(
            [r[0] for r in rows if r[0] is not None], file=source.name, column=header, choice=choice
        )
    return out


def _check_required(guess: MappingGuess, headers: list[str], file: str) -> list[str]:
    table = TABLES[guess.table]
    have = set(guess.mapping.values()) | ({"period", "target", "market_size"} if guess.wide else set())
    warnings = []
    for name in table.required:
        if name in have:
            continue
        if table.name == "orders" and name == "order_id":
            warnings.append("no order id column: each line's id is derived from its content (order_id 'R…')")
            continue
        if table.name == "targets" and name == "period" and guess.wide:
            continue
        refused = "".join(f" ({w})" for w in guess.warnings if f"as {name}:" in w)
        raise IngestError(
            "ingest.error.no_required",
            file=file,
            column=name,
            field=name,
            table=table.name,
            refused=refused,
            columns=", ".join(headers),
        )
    for group in table.one_of:
        if not have & set(group):
            refused = "".join(f" ({w})" for w in guess.warnings if any(f"as {g}:" in w for g in group))
            raise IngestError(
                "ingest.error.one_of", file=file, table=table.name, fields=", ".join(group), refused=refused
            )
    unmapped = [h for h in headers if h not in guess.mapping and h not in guess.wide]
    if unmapped:
        warnings.append(f"columns not loaded: {', '.join(unmapped)}")
    return warnings


def inspect_file(
    path_or_bytes: str | os.PathLike[str] | bytes,
    name: str | None = None,
    sheet: str | None = None,
    *,
    store: Store | None = None,
    table: str | None = None,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileInspection:
    """Look at a file without loading it: format, sheets, proposed table kind and mapping, ≤ 20 preview rows.

    Date columns that cannot be told apart (day/month) are reported in `warnings` instead of raising.
    """
    con = duckdb.connect() if store is None else store.cursor()
    with _as_path(path_or_bytes, name) as (path, label):
        source = open_source(con, path, label, sheet=sheet, max_bytes=max_bytes)
        try:
            sample = _samples(con, source, 1000)
            guess = _guess(store, source, sample, table, mapping)
            warnings = list(guess.warnings)
            try:
                formats = {k: v.label for k, v in _date_formats(con, source, guess, date_format).items()}
            except InputError as exc:
                formats, warnings = {}, [*warnings, str(exc)]
            preview = sample.drop(columns=[ROW_COLUMN], errors="ignore").head(20)
            samples = {h: [str(v) for v in sample[h].dropna().head(5)] for h in source.headers}
            return FileInspection(
                label,
                source.container,
                source.encoding,
                source.delimiter,
                source.decimal,
                source.sheets,
                source.sheet,
                source.headers,
                guess.table,
                guess.mapping,
                samples,
                formats,
                warnings,
                preview,
                guess.saved,
            )
        finally:
            source.close()


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
    user: str | Identity | None = None,
    dry_run: bool = False,
) -> IngestResult:
    """Load one file into its canonical table as one batch (all or nothing).

    The same file (by content hash) loaded twice into the same table changes nothing and says so
    (`already_loaded`). Raises InputError (or UploadRejected, which carries the result) when the file is refused.
    """
    user = authorize(user or getpass.getuser(), "upload")
    with _as_path(path, name) as (file_path, label):
        source = open_source(store.cursor(), file_path, label, sheet=sheet, max_bytes=max_bytes)
        try:
            return _ingest(
                store, source, file_path, table, mapping, mode, date_format, units, max_reject, user, dry_run
            )
        finally:
            source.close()


class _DryRun(Exception):
    pass


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
) -> IngestResult:
    con = store.cursor()
    sample = _samples(con, source, 1000)
    if sample.empty:
        raise IngestError("ingest.error.header_only", file=source.name, row=2)
    guess = _guess(store, source, sample, table, mapping)
    check_mode(TABLES[guess.table], mode, source.name)
    warnings = [*guess.warnings, *_check_required(guess, source.headers, source.name)]
    formats = _date_formats(con, source, guess, date_format)
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
    )
    fast = _fast_path_possible(store, guess)
    file_hash = hashing.result()
    earlier = con.execute(
        "SELECT batch_id FROM _batches WHERE file_hash = ? AND table_name = ? AND undone_at IS NULL",
        [file_hash, guess.table],
    ).fetchall()
    if earlier:
        result.batch_id, result.already_loaded = int(earlier[0][0]), True
        result.warnings.append(f"this file was already loaded as batch {earlier[0][0]}; nothing changed.")
        return result
    if fast:
        try:
            return _load_fast(
                store, source, guess, formats, units, result, file_hash, mode, user, bool(table or mapping)
            )
        except _NeedRowCheck:
            pass  # repeated keys: the staged path below names their rows
    try:
        with store.transaction() as cur:
            sql, values = _stage_sql(cur, store, source, guess, formats, units)
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS {sql}", values)
            row_expr = '"__row"' if source.has_row_column or guess.wide else _csv_row_expr(cur)
            _derive_line_ids(cur, guess, row_expr)
            mark_duplicate_keys(cur, TABLES[guess.table], row_expr)
            _count(cur, source, guess, result)
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
            _record(cur, store, result, file_hash, mode, user, source.headers, save=bool(table or mapping))
            cur.execute(f"DROP TABLE IF EXISTS {STAGED}; DROP TABLE IF EXISTS __raw")
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.batch_id = None
    except duckdb.Error as exc:
        raise duckdb_error(exc, source.name) from None
    return result


def _stage_sql(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    source: Source,
    guess: MappingGuess,
    formats: Mapping[str, DateFormat],
    units: float,
) -> tuple[str, dict[str, Any]]:
    """The staging SELECT and its bound values (for wide files, after copying the raw sheet to `__raw`)."""
    p = Params()
    if not guess.wide:
        p.values.update(source.params)
    by_field = {f: h for h, f in guess.mapping.items()}
    source_sql = source.sql
    columns = tuple(source.headers) + ((ROW_COLUMN,) if source.has_row_column else ())
    if guess.wide:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE __raw AS {source.sql}", source.params)
        raw = "SELECT * FROM __raw" if source.has_row_column else 'SELECT rowid + 2 AS "__row", * FROM __raw'
        value_field = "target" if guess.table == "targets" else "market_size"
        source_sql = unpivot_sql(raw, guess.wide, by_field.get("period"), p)
        by_field = {**by_field, "period": "__period", value_field: "__value"}
        columns = (*[h for h in source.headers if h not in guess.wide], ROW_COLUMN, "__period", "__value")
    plan = StagePlan(
        TABLES[guess.table],
        by_field,
        formats,
        source.decimal,
        units,
        store.setting(STAGE_MAP_KEY, {}),
        dt.date.today(),
        synthesize_order_id=guess.table == "orders" and "order_id" not in by_field,
        all_columns=columns,
    )
    return stage_select(plan, source_sql, p), p.values


class _NeedRowCheck(Exception):
    pass


_REJECT_MARK = "salesdash-row-rejected"


def _fast_path_possible(store: Store, guess: MappingGuess) -> bool:
    """True when the file can go straight from the reader into its table: the table is empty and nothing
    needs a staged copy (wide sheets, derived order or line ids, matching stored rows)."""
    table = TABLES[guess.table]
    if guess.wide or store.row_count(table.name) > 0:
        return False
    return table.name != "orders" or {"order_id", "line_id"} <= set(guess.mapping.values())


def _load_fast(
    store: Store,
    source: Source,
    guess: MappingGuess,
    formats: Mapping[str, DateFormat],
    units: float,
    result: IngestResult,
    file_hash: str,
    mode: str,
    user: str,
    save: bool,
) -> IngestResult:
    """One INSERT … SELECT from the reader. The first rejected row, or a repeated key found afterwards,
    aborts it (rolled back) and the staged path takes over to name every rejected row."""
    table = TABLES[guess.table]
    fields = ", ".join(quote_ident(f) for f in table.field_names)
    keys = ", ".join(quote_ident(k) for k in table.key)
    try:
        with store.transaction() as cur:
            sql, values = _stage_sql(cur, store, source, guess, formats, units)
            result.batch_id = store.next_batch_id(cur)
            try:
                inserted = cur.execute(
                    f"INSERT INTO {quote_ident(table.name)} SELECT {fields}, {int(result.batch_id)} FROM ({sql}) "
                    f"WHERE CASE WHEN \"__err\" IS NULL THEN true ELSE error('{_REJECT_MARK}') END",
                    values,
                ).fetchall()[0][0]
            except duckdb.Error as exc:
                if _REJECT_MARK in str(exc):
                    raise _NeedRowCheck from None
                raise
            result.rows_read = int(inserted)
            if _may_repeat_keys(cur, table.name, keys):
                raise _NeedRowCheck
            result.rows_loaded = result.inserted = result.rows_read
            _record(cur, store, result, file_hash, mode, user, source.headers, save=save)
            if result.dry_run:
                raise _DryRun
    except _DryRun:
        result.batch_id = None
    except duckdb.Error as exc:
        raise duckdb_error(exc, source.name) from None
    return result


def _may_repeat_keys(cur: duckdb.DuckDBPyConnection, table: str, keys: str) -> bool:
    """Whether the (just filled) table may hold a key twice.

    Distinct key hashes prove distinct keys, and counting 64-bit hashes costs less time and memory than
    grouping the key strings; only when two hashes meet are the keys themselves compared.
    """
    t = quote_ident(table)
    rows, hashes = cur.execute(f"SELECT count(*), count(DISTINCT hash({keys})) FROM {t}").fetchall()[0]
    if rows == hashes:
        return False
    return bool(
        cur.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {t} GROUP BY ALL HAVING count(*) > 1)").fetchall()[0][0]
    )


def _csv_row_expr(cur: duckdb.DuckDBPyConnection) -> str:
    """Spreadsheet row of a staged CSV line (header = row 1).

    Rows staged inside a transaction get transaction-local rowids: contiguous and in file order, but
    starting at a large base, so the base is subtracted.
    """
    base = cur.execute(f"SELECT min(rowid) FROM {STAGED}").fetchall()[0][0]
    return f"(rowid - {int(base or 0)} + 2)"


def _derive_line_ids(cur: duckdb.DuckDBPyConnection, guess: MappingGuess, row_expr: str) -> None:
    """line_id, when the file has none, is the line's position within its order in file order (1, 2, …)."""
    if guess.table != "orders" or "line_id" in guess.mapping.values():
        return
    cur.execute(
        f"""UPDATE {STAGED} SET line_id = CAST(d.n AS VARCHAR)
            FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY order_id ORDER BY {row_expr}) AS n FROM {STAGED}) d
            WHERE {STAGED}.rowid = d.r"""
    )


def _count(cur: duckdb.DuckDBPyConnection, source: Source, guess: MappingGuess, result: IngestResult) -> None:
    staged = int(cur.execute(f"SELECT count(*) FROM {STAGED}").fetchall()[0][0])
    if guess.wide:
        result.rows_read = int(cur.execute("SELECT count(*) FROM __raw").fetchall()[0][0])
        result.rows_loaded = int(cur.execute(f'SELECT count(*) FROM {STAGED} WHERE "__err" IS NULL').fetchall()[0][0])
    else:
        result.rows_read = staged


def _record(
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
        _put_setting(cur, setting_key(headers), {"table": result.table, "mapping": result.mapping})
    store.audit(cur, user, "ingest", {"batch_id": result.batch_id, "file": result.file, "table": result.table})


def _put_setting(cur: duckdb.DuckDBPyConnection, key: str, value: Any) -> None:
    cur.execute("INSERT OR REPLACE INTO _settings VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)])


def save_mapping(
    store: Store, headers: list[str], table: str, mapping: Mapping[str, str], user: str | Identity = "local"
) -> None:
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


def set_stage_map(store: Store, mapping: Mapping[str, str], user: str | Identity = "local") -> None:
    """Save company stage names → standard stages (merged over the built-in synonyms)."""
    from salesdash.ingest.stages import normalize_stage
    from salesdash.schema import STAGES

    bad = [v for v in mapping.values() if v not in STAGES]
    if bad:
        raise IngestError("ingest.error.not_standard_stage", stage=bad[0], stages=", ".join(STAGES))
    store.set_setting(STAGE_MAP_KEY, {normalize_stage(k): v for k, v in mapping.items()}, user=user, action="map")
