"""Open an uploaded file as a DuckDB relation of text columns, in file order.

CSV/TSV/pipe files are read by DuckDB's own `read_csv` (all columns VARCHAR; typed conversion happens
later in SQL). Text that is not UTF-8 is first transcoded, streaming, to a temporary UTF-8 file.
Workbooks (`.xlsx`, `.xls`, `.ods`) are opened by `salesdash.ingest.workbook`; Parquet is read by
`read_parquet`. Nothing here evaluates a formula: a cell `=SUM(A1:A3)` stays that text.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from salesdash.errors import InputError
from salesdash.ingest.messages import IngestError
from salesdash.ingest.sniff import (
    SAMPLE_BYTES,
    UTF8_SEQUENCE,
    common_hanzi,
    detect_container,
    detect_text_format,
    line_of,
)
from salesdash.ingest.sqltext import quote_ident

__all__ = ["DEFAULT_MAX_BYTES", "ROW_COLUMN", "Source", "duckdb_error", "open_source"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Column carrying the spreadsheet row number of each data row (Excel sources; CSV rows use rowid).
ROW_COLUMN = "__row"
_CHUNK = 1 << 20
# A three-byte UTF-8 character (hanzi and most CJK text): what a UTF-8 line pasted into a GB18030 file holds.
UTF8_HANZI = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}")
# One Windows-1252 accented letter inside a Latin word (Müller, Zürich): never a GBK character between letters.
LATIN_IN_WORD = re.compile(rb"[A-Za-z][\xc0-\xff][A-Za-z]")
# Longest line a text file may hold, in characters (a quote left open swallows the file into one "line").
MAX_LINE_CHARS = 4 * _CHUNK
_CSV_OPTIONS = (
    "all_varchar = true, header = true, delim = $delim, quote = '\"', escape = '\"', null_padding = false, "
    f"skip = 0, comment = '', max_line_size = {4 * MAX_LINE_CHARS + 1024}"
)


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
    """Text read by DuckDB after the whole file was checked: every line in the detected encoding, no NUL
    byte, no line beyond MAX_LINE_CHARS (docs/uploads.md#encodings). `comment = ''`: a value starting
    with '#' is data, never a comment line dropped."""
    try:
        fmt = detect_text_format(head, name)
    except IngestError as exc:  # a pasted line found in the sample (docs/uploads.md#encodings)
        raise _at_row(exc, path, "utf-8", 0) from None
    temps: list[Path] = []
    if fmt.encoding not in ("utf-8", "utf-8-sig") or fmt.skip:
        path = _transcode(path, name, fmt.encoding, fmt.skip)
        temps.append(path)
    else:
        _scan(path, name, fmt.encoding, 0, None)
    sql = f"SELECT * FROM read_csv($path, {_CSV_OPTIONS})"
    return Source(
        name,
        "csv",
        sql,
        {"path": str(path), "delim": fmt.delimiter},
        [],
        fmt.encoding,
        fmt.delimiter,
        ".",  # decided per number column later (salesdash.ingest.numbers)
        temp_files=temps,
    )


def _transcode(path: Path, name: str, encoding: str, skip: int = 0) -> Path:
    """Stream the file into a temporary UTF-8 copy, checked as `_scan` checks it."""
    fd, tmp = tempfile.mkstemp(prefix="salesdash-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            _scan(path, name, encoding, skip, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _scan(path: Path, name: str, encoding: str, skip: int, dst: Any) -> None:
    """Decode the whole file (writing the text to `dst` when given); refuse, naming the row a person counts
    (header = row 1), a byte that does not decode, a NUL, a line longer than MAX_LINE_CHARS, or (Windows-1252,
    GB18030) a line that is UTF-8 text."""
    try:
        _scan_lines(path, name, encoding, skip, dst)
    except IngestError as exc:
        raise _at_row(exc, path, encoding, skip) from None


def _at_row(exc: IngestError, path: Path, encoding: str, skip: int) -> IngestError:
    """The same refusal, naming the row that holds the physical line it named."""
    if exc.row is None:
        return exc
    row = _row_of_line(path, encoding, skip, exc.row)
    return IngestError(exc.key, file=exc.file, row=row, column=exc.column, **exc.values)


def _row_of_line(path: Path, encoding: str, skip: int, physical: int) -> int:
    """The row (header = 1) that holds physical line `physical`: a line break inside a quoted field (RFC 4180)
    continues its row. Read again only when a file is refused, so the scan itself stays one pass."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    row, quoted, number, rest = 1, False, 1, ""
    with path.open("rb") as src:
        src.seek(skip)
        while number < physical and (chunk := src.read(_CHUNK)):
            lines = (rest + decoder.decode(chunk)).split("\n")
            rest = lines.pop()
            for line in lines:
                if number == physical:
                    return row
                quoted ^= line.count('"') % 2 == 1
                row += not quoted
                number += 1
    return row


def _scan_lines(path: Path, name: str, encoding: str, skip: int, dst: Any) -> None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line, since_newline = 1, 0
    with path.open("rb") as src:
        src.seek(skip)
        while chunk := src.read(_CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                row = line + chunk[: exc.start].decode(encoding, errors="ignore").count("\n")
                key = "ingest.error.mixed_encoding" if encoding.startswith("utf-8") else "ingest.error.bad_byte"
                raise IngestError(key, file=name, row=row, encoding=encoding.upper()) from None
            if "\x00" in text:
                raise IngestError("ingest.error.binary", file=name, row=line + text.count("\n", 0, text.index("\x00")))
            if encoding == "cp1252":
                _check_utf8_lines(chunk, name, line)
            elif encoding == "gb18030":
                _check_utf8_lines(chunk, name, line, "GB18030", UTF8_HANZI)
                _check_latin_lines(chunk, name, line)
            since_newline = _check_line_lengths(text, name, line, since_newline)
            if dst is not None:
                dst.write(text.lstrip("\ufeff") if line == 1 else text)
            line += text.count("\n")
        try:
            rest = decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise IngestError("ingest.error.cut_short", file=name, row=line, encoding=encoding) from None
        if dst is not None:
            dst.write(rest)


def _check_line_lengths(text: str, name: str, line: int, since_newline: int) -> int:
    """Characters since the last line break after this chunk; refuses a line beyond MAX_LINE_CHARS."""
    first = text.find("\n")
    if first == -1:
        since_newline += len(text)
    elif since_newline + first > MAX_LINE_CHARS:
        since_newline += first
    else:
        since_newline = len(text) - text.rfind("\n") - 1
    if since_newline > MAX_LINE_CHARS:  # lines inside one chunk are shorter than MAX_LINE_CHARS
        raise IngestError("ingest.error.line_too_long", file=name, row=line, limit=MAX_LINE_CHARS)
    return since_newline


def _check_utf8_lines(
    chunk: bytes, name: str, line: int, encoding: str = "CP1252", pattern: re.Pattern[bytes] = UTF8_SEQUENCE
) -> None:
    """A line of a Windows-1252 (or GB18030) file that is valid UTF-8 with non-ASCII text (three-byte characters
    such as hanzi, for GB18030) was pasted from a UTF-8 export: GB18030 would decode it without error, as
    mojibake. A GB18030 line of hanzi alone is not valid UTF-8 with three-byte characters (docs/uploads.md#encodings)."""
    for match in pattern.finditer(chunk):
        start = chunk.rfind(b"\n", 0, match.start()) + 1
        end = chunk.find(b"\n", match.end())
        try:
            chunk[start : end if end != -1 else len(chunk)].decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise IngestError("ingest.error.mixed_encoding", file=name, row=line_of(chunk, start, line), encoding=encoding)


def _check_latin_lines(chunk: bytes, name: str, line: int) -> None:
    """A Windows-1252 line in a GB18030 file that GB18030 decodes without error (Müller: one accented byte between
    ASCII letters reads as a rare hanzi) is refused naming its row, as the sample check does for the first
    256 KiB; a line holding common (GB2312) hanzi is Chinese text (docs/uploads.md#encodings)."""
    for match in LATIN_IN_WORD.finditer(chunk):
        start = chunk.rfind(b"\n", 0, match.start()) + 1
        end = chunk.find(b"\n", match.end())
        text = chunk[start : end if end != -1 else len(chunk)].decode("gb18030", errors="replace")
        if not any(common_hanzi(c) for c in text if ord(c) > 127):
            raise IngestError(
                "ingest.error.mixed_encoding", file=name, row=line_of(chunk, start, line), encoding="GB18030"
            )


def _rewrite_with_python_csv(source: Source) -> None:
    """Copy the text through csv.reader/csv.writer; a row whose width differs from the header's refuses the
    file naming that row."""
    fd, tmp = tempfile.mkstemp(prefix="salesdash-", suffix=".csv")
    source.temp_files.append(Path(tmp))
    with (
        open(source.params["path"], encoding="utf-8-sig", newline="") as src,
        os.fdopen(fd, "w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.reader(src, delimiter=source.params["delim"])
        writer = csv.writer(dst, lineterminator="\n")
        width = None
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            width = len(row) if width is None else width
            if len(row) != width:
                raise IngestError(
                    "ingest.error.ragged", file=source.name, row=reader.line_num, found=len(row), expected=width
                )
            writer.writerow(row)
    source.params = {**source.params, "path": tmp}


def _explicit_csv(source: Source) -> str:
    """A read_csv with the header taken by Python's csv module and DuckDB's automatic detection off."""
    with open(source.params["path"], encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=source.params["delim"]), [])
    names: list[str] = []
    for i, raw in enumerate(header):
        base = raw.strip() or f"column{i}"
        names.append(base if base not in names else f"{base}_{i}")
    columns = "{" + ", ".join(f"{_sql_text(n)}: 'VARCHAR'" for n in names) + "}"
    return f"SELECT * FROM read_csv($path, {_CSV_OPTIONS}, auto_detect = false, columns = {columns})"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _parquet(path: Path, name: str) -> Source:
    return Source(name, "parquet", "SELECT * FROM read_parquet($path)", {"path": str(path)}, [])


def _headers(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    try:
        described = con.execute(f"DESCRIBE {source.sql}", source.params).fetchall()
    except duckdb.Error as exc:
        if source.container != "csv" or "sniff" not in str(exc):
            raise duckdb_error(exc, source.name) from None
        # DuckDB's sniffer gave up: Python's csv module reads the file (RFC 4180, any line ends) into a
        # normalised copy, which DuckDB then reads with that dialect and no sniffing.
        _rewrite_with_python_csv(source)
        source.sql = _explicit_csv(source)
        try:
            described = con.execute(f"DESCRIBE {source.sql}", source.params).fetchall()
        except duckdb.Error as again:
            raise duckdb_error(again, source.name) from None
    headers = [row[0] for row in described]
    if source.container == "parquet":
        types = {row[0]: str(row[1]) for row in described}
        source.sql = f"SELECT {', '.join(_parquet_text(h, types[h]) for h in headers)} FROM read_parquet($path)"
        source.typed_numbers = tuple(h for h in headers if _is_number_type(types[h]))
    return [h for h in headers if h != ROW_COLUMN]


def _is_number_type(sql_type: str) -> bool:
    return sql_type in ("DOUBLE", "FLOAT", "REAL") or sql_type.startswith(
        (
            "DECIMAL",
            "BIGINT",
            "INTEGER",
            "SMALLINT",
            "TINYINT",
            "HUGEINT",
            "UBIGINT",
            "UINTEGER",
            "USMALLINT",
            "UTINYINT",
        )
    )


def _parquet_text(column: str, sql_type: str) -> str:
    """A Parquet column as text; a floating NaN becomes 'NaN' (rejected as not a number), never the
    missing-value token 'nan' (docs/uploads.md#numbers)."""
    q = quote_ident(column)
    if sql_type in ("DOUBLE", "FLOAT", "REAL"):
        return f"CASE WHEN isnan({q}) THEN 'NaN' ELSE CAST({q} AS VARCHAR) END AS {q}"
    return f"CAST({q} AS VARCHAR) AS {q}"


def duckdb_error(exc: duckdb.Error, name: str) -> InputError:
    """A DuckDB reader error as an InputError naming the line, without the engine's jargon."""
    text = str(exc)
    line = re.search(r"[Ll]ine:? (\d+)", text)
    first = text.splitlines()[0] if text else type(exc).__name__
    return IngestError("ingest.error.unreadable", file=name, row=int(line.group(1)) if line else None, detail=first)
