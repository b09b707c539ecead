"""Open an uploaded file as a DuckDB relation of text columns, in file order.

CSV/TSV/pipe files are read by DuckDB's own `read_csv` (all columns VARCHAR; typed conversion happens
later in SQL). Text that is not UTF-8 is first transcoded, streaming, to a temporary UTF-8 file.
Workbooks (`.xlsx`, `.xls`, `.ods`) are opened by `salesdash.ingest.workbook`; Parquet is read by
`read_parquet`. Nothing here evaluates a formula: a cell `=SUM(A1:A3)` stays that text.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from salesdash.errors import InputError
from salesdash.ingest.messages import IngestError
from salesdash.ingest.sniff import SAMPLE_BYTES, detect_container, detect_text_format
from salesdash.ingest.sqltext import quote_ident

__all__ = ["DEFAULT_MAX_BYTES", "ROW_COLUMN", "Source", "duckdb_error", "open_source"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Column carrying the spreadsheet row number of each data row (Excel sources; CSV rows use rowid).
ROW_COLUMN = "__row"
_CHUNK = 1 << 20


@dataclass
class Source:
    """An opened upload: a SELECT over VARCHAR columns, its headers, and how the file was written."""

    name: str
    container: str
    sql: str
    params: dict[str, Any]
    headers: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "."
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    has_row_column: bool = False
    typed_numbers: tuple[str, ...] = ()  # columns that were numbers already (written with a point, ungrouped)
    temp_files: list[Path] = field(default_factory=list)

    def close(self) -> None:
        for path in self.temp_files:
            path.unlink(missing_ok=True)


def open_source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    *,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Source:
    """Check size and type by content, then expose the file as text columns."""
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError("ingest.error.too_big", file=name, size=size, limit=max_bytes)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    from salesdash.ingest.workbook import open_workbook, workbook_kind  # it builds on Source

    kind = workbook_kind(path, head, name)
    if kind is not None:
        source: Source = open_workbook(path, name, kind, sheet)
    elif detect_container(head, name) == "parquet":
        source = _parquet(path, name)
    else:
        source = _csv(path, name, head)
    try:
        source.headers = _headers(con, source)
    except BaseException:
        source.close()
        raise
    return source


def _csv(path: Path, name: str, head: bytes) -> Source:
    fmt = detect_text_format(head, name)
    temps: list[Path] = []
    if fmt.encoding not in ("utf-8", "utf-8-sig"):
        path = _transcode(path, name, fmt.encoding)
        temps.append(path)
    sql = (
        "SELECT * FROM read_csv($path, all_varchar = true, header = true, delim = $delim, quote = '\"', "
        "escape = '\"', null_padding = false, skip = 0)"
    )
    return Source(
        name,
        "csv",
        sql,
        {"path": str(path), "delim": fmt.delimiter},
        [],
        fmt.encoding,
        fmt.delimiter,
        fmt.decimal,
        temp_files=temps,
    )


def _transcode(path: Path, name: str, encoding: str) -> Path:
    """Stream the file into a temporary UTF-8 copy; an undecodable byte names its line."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    fd, tmp = tempfile.mkstemp(prefix="salesdash-", suffix=".csv")
    line = 1
    try:
        with path.open("rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(_CHUNK):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    line += chunk[: exc.start].decode(encoding, errors="ignore").count("\n")
                    raise IngestError("ingest.error.bad_byte", file=name, row=line, encoding=encoding) from None
                dst.write(text.lstrip("\ufeff") if line == 1 else text)
                line += text.count("\n")
            try:
                dst.write(decoder.decode(b"", final=True))
            except UnicodeDecodeError:
                raise IngestError("ingest.error.cut_short", file=name, row=line, encoding=encoding) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _parquet(path: Path, name: str) -> Source:
    return Source(name, "parquet", "SELECT * FROM read_parquet($path)", {"path": str(path)}, [])


def _headers(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    try:
        described = con.execute(f"DESCRIBE {source.sql}", source.params).fetchall()
    except duckdb.Error as exc:
        raise duckdb_error(exc, source.name) from None
    headers = [row[0] for row in described]
    if source.container == "parquet":
        casts = ", ".join(f"CAST({quote_ident(h)} AS VARCHAR) AS {quote_ident(h)}" for h in headers)
        source.sql = f"SELECT {casts} FROM read_parquet($path)"
    return [h for h in headers if h != ROW_COLUMN]


def duckdb_error(exc: duckdb.Error, name: str) -> InputError:
    """A DuckDB reader error as an InputError naming the line, without the engine's jargon."""
    text = str(exc)
    line = re.search(r"[Ll]ine:? (\d+)", text)
    first = text.splitlines()[0] if text else type(exc).__name__
    return IngestError("ingest.error.unreadable", file=name, row=int(line.group(1)) if line else None, detail=first)
