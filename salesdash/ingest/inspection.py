"""Looking at a file before loading it: sample rows, the guessed table and mapping, date formats, required fields."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from salesdash.errors import InputError
from salesdash.ingest.dates import DateFormat, detect_date_format
from salesdash.ingest.mapping import MappingGuess, guess_mapping, setting_key
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.numbers import decide_decimals
from salesdash.ingest.readers import DEFAULT_MAX_BYTES, ROW_COLUMN, Source, duckdb_error, open_source
from salesdash.ingest.results import FileInspection
from salesdash.ingest.sqltext import quote_ident
from salesdash.ingest.unit_prices import drop_unlike_unit_price
from salesdash.schema import DATE, INTEGER, MONEY, NUMBER, TABLES
from salesdash.store import Store

__all__ = ["SAMPLE_ROWS", "as_path", "check_required", "date_formats_for", "guess_for", "inspect_file", "sample_rows"]


SAMPLE_ROWS = 100_000  # date formats are judged on the distinct values of the first rows


@contextmanager
def as_path(path_or_bytes: str | os.PathLike[str] | bytes, name: str | None) -> Iterator[tuple[Path, str]]:
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


def sample_rows(con: duckdb.DuckDBPyConnection, source: Source, limit: int) -> pd.DataFrame:
    try:
        return con.execute(f"SELECT * FROM ({source.sql}) LIMIT {int(limit)}", source.params).fetchdf()
    except duckdb.Error as exc:
        raise duckdb_error(exc, source.name) from None


def guess_for(
    store: Store | None,
    source: Source,
    sample: pd.DataFrame,
    table: str | None,
    overrides: Mapping[str, str] | None,
    year: int | None = None,
) -> MappingGuess:
    values = {h: [v for v in sample[h].tolist()[:1000] if isinstance(v, str)] for h in source.headers}
    saved = store.setting(setting_key(source.headers)) if store is not None else None
    guess = guess_mapping(
        source.headers,
        values,
        table=table,
        overrides=overrides,
        saved=saved,
        file=source.name,
        sheet=source.sheet,
        year=year,
    )
    drop_unlike_unit_price(guess, {h: sample[h].tolist()[:1000] for h in source.headers}, overrides)
    return guess


def date_formats_for(
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


def check_required(guess: MappingGuess, headers: list[str], file: str) -> list[str]:
    refusal = guess.refusal(file)  # a close second table kind, an unsure column, a missing year (docs/uploads.md)
    if refusal is not None:
        raise refusal
    table = TABLES[guess.table]
    have = set(guess.mapping.values()) | ({"period", "target", "market_size"} if guess.wide else set())
    warnings: list[str] = []
    for name in table.required:
        if name in have:
            continue
        if table.name == "orders" and name == "order_id":
            warnings.append(Notice("ingest.notice.derived_order_id"))
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
    if table.name == "orders" and "revenue" not in have and not {"quantity", "unit_price"} <= have:
        # quantity alone cannot give revenue: refuse once, not row by row (docs/uploads.md, "What is derived")
        refused = "".join(f" ({w})" for w in guess.warnings if any(f"as {g}:" in w for g in ("revenue", "unit_price")))
        raise IngestError(
            "ingest.error.no_revenue", file=file, column="revenue", refused=refused, columns=", ".join(headers)
        )
    unmapped = [h for h in headers if h not in guess.mapping and h not in guess.wide]
    if unmapped:
        warnings.append(Notice("ingest.notice.not_loaded", columns=", ".join(unmapped)))
    return warnings


def _decimal_of(
    con: duckdb.DuckDBPyConnection, source: Source, guess: MappingGuess, choice: str | None
) -> tuple[str, str | None]:
    """The decimal mark the number columns will be read with ("?" and the refusal's text when ambiguous)."""
    table = TABLES[guess.table]
    numbers = {
        f: h
        for h, f in guess.mapping.items()
        if f in table.field_names and table.field(f).dtype in (MONEY, NUMBER, INTEGER)
    }
    head = f"SELECT * FROM ({source.sql}) LIMIT {SAMPLE_ROWS}"
    try:
        found = decide_decimals(
            con,
            head,
            source.params,
            numbers,
            file=source.name,
            delimiter=source.delimiter,
            choice=choice,
            typed=source.typed_numbers,
        )
    except IngestError as exc:
        return "?", Notice(exc.key, **exc.values)
    return ("," if "," in found.values() else "."), None


def _candidates(guess: MappingGuess) -> list[dict[str, object]]:
    """The proposed table and, when it is too close to call, the second one, each with its mapping."""
    found = [guess] + ([guess.alternative] if guess.alternative is not None else [])
    return [{"table": g.table, "mapping": dict(g.mapping), "confidence": g.confidence_json()} for g in found]


def inspect_file(
    path_or_bytes: str | os.PathLike[str] | bytes,
    name: str | None = None,
    sheet: str | None = None,
    *,
    store: Store | None = None,
    table: str | None = None,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    decimal: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    year: int | None = None,
) -> FileInspection:
    """Look at a file without loading it: format, sheets, proposed table kind and mapping, ≤ 20 preview rows.

    Date columns that cannot be told apart (day/month), and number columns whose decimal mark the first
    SAMPLE_ROWS rows leave ambiguous (`decimal` "?"), are reported in `warnings` instead of raising.
    """
    con = duckdb.connect() if store is None else store.cursor()
    with as_path(path_or_bytes, name) as (path, label):
        source = open_source(con, path, label, sheet=sheet, max_bytes=max_bytes)
        try:
            sample = sample_rows(con, source, 1000)
            guess = guess_for(store, source, sample, table, mapping, year)
            warnings = list(guess.warnings)
            try:
                formats = {k: v.label for k, v in date_formats_for(con, source, guess, date_format).items()}
            except InputError as exc:
                formats, warnings = {}, [*warnings, str(exc)]
            decimal_found, warning = _decimal_of(con, source, guess, decimal)
            warnings += [warning] if warning else []
            preview = sample.drop(columns=[ROW_COLUMN], errors="ignore").head(20)
            samples = {h: [str(v) for v in sample[h].dropna().head(5)] for h in source.headers}
            return FileInspection(
                label,
                source.container,
                source.encoding,
                source.delimiter,
                decimal_found,
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
                guess.confidence_json(),
                _candidates(guess),
                guess.refusal(label),
            )
        finally:
            source.close()
