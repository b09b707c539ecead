"""Open one sheet of a workbook (`.xlsx`, `.xls`, `.ods`) as text columns, through python-calamine.

The sheet is written row by row to a temporary UTF-8 CSV whose first column, `__row`, is the spreadsheet
row number (a BIGINT, so rows sort 2 before 10); every other column is text, as for a CSV upload. Cells
become text without guessing (docs/uploads.md, "Workbooks"):

- a formula is never evaluated: calamine reads the value the workbook saved, never the formula text;
- a date or date-time cell becomes ISO text (`2025-03-01`, `2025-03-01 11:05:36`);
- a whole number stored as an Excel number becomes its integer text (`947722267893174272`, not
  `9.477222678931743e+17`), so an id is the same key from Excel and from CSV. Excel keeps 15 to 17
  significant digits, so several ids above 2**53 can collapse onto one number: such collapsed values are
  recorded per column (`WorkbookSource.collapsed`) for the upload to warn about and reject.

Before calamine builds a sheet (as one dense grid of first to last cell) its used range is measured from the
sheet's XML; a sheet spanning more than `MAX_COLUMNS` columns or `MAX_CELLS` cells is refused in seconds,
whatever it claims in its `<dimension>`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import struct
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import duckdb
import python_calamine

from salesdash.ingest.mapping import MappingGuess
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.readers import ROW_COLUMN, Source
from salesdash.ingest.validate import STAGED

REJECT_SEP = chr(31)  # the field separator of a staged row's "__err" (salesdash.ingest.validate)

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "WORKBOOK_SUFFIXES",
    "WorkbookSource",
    "collapsed_ids",
    "collapsed_notices",
    "open_workbook",
    "reject_collapsed_ids",
    "same_header_sheets",
    "sheet_list",
    "workbook_kind",
]

# A sheet's used range (first to last cell holding a value) may span at most this many columns and cells.
# 2**24 cells is the whole .xls grid (65,536 × 256); calamine holds the range at 32 bytes a cell.
MAX_COLUMNS = 1024
MAX_CELLS = 1 << 24
# An archive whose parts expand beyond this, or by more than this ratio, is refused before parsing.
MAX_EXPANDED = 1024 * 1024 * 1024
MAX_RATIO = 200
EXACT_INTEGERS = 2**53  # float64 holds every integer below this exactly
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 1 << 20
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# A cell holding something (not self-closing) and its reference; the reference is the first attribute
# for every writer seen (Excel, openpyxl, LibreOffice, xlsxwriter, calamine's tests).
_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>')
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[ >]")
# The quick pass: patterns that start with a literal run at C speed (about 0.1 s for 35 MB of XML each).
_REFLESS_CELL = (re.compile(rb"<c(?:>| (?!r=))"), re.compile(rb":c(?:>| (?!r=))"))
_FULL_ROW = re.compile(rb'row r="([0-9]{1,7})"')
_WIDE_CELL = re.compile(rb' r="([A-Z]{3})[0-9]')
_TWO_LETTERS = re.compile(rb' r="[A-Z]{2}[0-9]')
# A formula cell without a saved value (written by a library, never opened in Excel): kept as its text.
_UNSAVED_FORMULA = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>\s*<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>'
)
_ROW = re.compile(rb'<(?:\w+:)?row r="([0-9]{1,7})"[^>]*?(?<!/)>(.*?)</(?:\w+:)?row>', re.S)
# An error cell (#DIV/0!, #N/A …), with or without its formula: calamine gives it as empty, so it is kept
# as its text (a number column then rejects the row, naming the value).
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\bt="e"[^>]*>'
    rb"(?:\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>"
)
# OpenDocument rows and cells, with their repeat counts in the attributes.
_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)/?>")
_ODS_TEXT = re.compile(rb"\s*<text:p>([^<]*)</text:p>")


@dataclass
class WorkbookSource(Source):
    """A sheet opened as a Source; `collapsed` = {column position: {integer text: rows}} for integer cells
    above 2**53 that several rows share (Excel may have merged different ids onto one number)."""

    collapsed: dict[int, dict[str, list[int]]] = field(default_factory=dict)


def workbook_kind(path: Path, head: bytes, name: str) -> str | None:
    """'xlsx', 'xls' or 'ods' judged by content; None for a file that is no workbook container.

    A zip that is neither an Excel nor an OpenDocument workbook is refused, and so is a file named like a
    workbook (`.xlsx`, `.xls`, `.ods`) whose content is something else (a PNG renamed, say).
    """
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, name)
    if name.lower().endswith(WORKBOOK_SUFFIXES):
        raise IngestError("workbook.error.not_a_workbook", file=name)
    return None


def _zip_kind(path: Path, name: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError):
        raise IngestError("ingest.error.zip_damaged", file=name) from None
    expanded = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if expanded > MAX_EXPANDED or (expanded > 10 * _CHUNK and expanded / packed > MAX_RATIO):
        raise IngestError("ingest.error.bomb", file=name, expanded=expanded, ratio=expanded / packed)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mime.startswith(_ODS_MIME):
        return "ods"
    raise IngestError("ingest.error.zip_not_excel", file=name)


def sheet_list(path: Path, name: str) -> list[str] | None:
    """The workbook's worksheets in workbook order (chart sheets left out); None for another kind of file."""
    with path.open("rb") as handle:
        kind = workbook_kind(path, handle.read(8), name)
    if kind is None:
        return None
    if kind == "ods":
        _scan_ods(path, name)
    with _open(path, name) as book:
        return _worksheets(book)


def same_header_sheets(path: Path, name: str, sheet: str | None = None) -> list[str] | None:
    """The worksheets whose header row (first non-empty row) is that of `sheet` (default: the first
    sheet), in workbook order; None when the file is not a workbook. Each sheet is measured before it is
    read, as in `open_workbook`; a sheet that cannot be read, or is empty, is left out."""
    with path.open("rb") as handle:
        kind = workbook_kind(path, handle.read(8), name)
    if kind is None:
        return None
    if kind == "ods":
        _scan_ods(path, name)
    with _open(path, name) as book:
        sheets = _worksheets(book)
        chosen = _choose_sheet(sheets, sheet, name)
        headers = {s: _header_row(path, name, kind, book, s) for s in sheets}
    return [s for s in sheets if headers[s] is not None and headers[s] == headers[chosen]]


def _header_row(
    path: Path, name: str, kind: str, book: python_calamine.CalamineWorkbook, sheet: str
) -> list[str] | None:
    try:
        if kind == "xlsx":
            _scan_xlsx(path, name, sheet)
        grid = book.get_sheet_by_name(sheet)
        _check_extent(name, sheet, grid.height, grid.width)
    except (IngestError, python_calamine.CalamineError):
        return None
    for cells in grid.iter_rows():
        text = [cell_text(c) for c in cells]
        if any(text):
            return text
    return None


def open_workbook(path: Path, name: str, kind: str, sheet: str | None) -> WorkbookSource:
    """The sheet `sheet` (default: the first) as a Source over a temporary CSV with a `__row` column.

    Raises IngestError when the workbook cannot be opened, the sheet does not exist, is empty, or spans
    more than MAX_COLUMNS columns or MAX_CELLS cells.
    """
    ods_errors = _scan_ods(path, name) if kind == "ods" else {}
    with _open(path, name) as book:
        sheets = _worksheets(book)
        chosen = _choose_sheet(sheets, sheet, name)
        kept = _scan_xlsx(path, name, chosen) if kind == "xlsx" else ods_errors.get(chosen, {})
        if kind == "xls":
            kept = _xls_errors(path, chosen)
        try:
            grid = book.get_sheet_by_name(chosen)
        except python_calamine.CalamineError as exc:
            raise IngestError("workbook.error.unreadable", file=name, detail=_first_line(exc)) from None
        _check_extent(name, chosen, grid.height, grid.width)
        source = _write_rows(name, kind, _numbered(grid, kept), chosen)
    source.sheets = tuple([chosen, *[s for s in sheets if s != chosen]] if sheet else sheets)
    return source


def _open(path: Path, name: str) -> python_calamine.CalamineWorkbook:
    try:
        # By content, not by name: a browser upload's temporary file has no extension.
        with path.open("rb") as handle:
            return python_calamine.CalamineWorkbook.from_filelike(handle)
    except python_calamine.PasswordError:
        raise IngestError("workbook.error.password", file=name) from None
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise IngestError("workbook.error.unreadable", file=name, detail=_first_line(exc)) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _worksheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    chart = python_calamine.SheetTypeEnum.ChartSheet
    return [m.name for m in book.sheets_metadata if m.typ != chart]


def _choose_sheet(sheets: list[str], sheet: str | None, name: str) -> str:
    if not sheets:
        raise IngestError("workbook.error.no_sheets", file=name)
    if sheet is None:
        return sheets[0]
    if sheet not in sheets:
        raise IngestError("ingest.error.no_sheet", file=name, sheet=sheet, sheets=", ".join(sheets))
    return sheet


# --- the used range, measured before calamine allocates it -----------------------------------------
def _check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise IngestError(
            "workbook.error.too_large",
            file=name,
            sheet=sheet,
            rows=rows,
            columns=columns,
            max_columns=MAX_COLUMNS,
            max_cells=MAX_CELLS,
        )


def _scan_xlsx(path: Path, name: str, sheet: str) -> dict[tuple[int, int], str]:
    """Refuse the sheet when its cells that hold something span too much: one far cell makes calamine
    allocate the whole grid from the first cell to it (a 5 KB file can ask for 500 GB). Returns the text
    of the cells calamine reads as empty but are not (formulas without a saved value, error values such
    as `#DIV/0!`), by (row, column), 1-based.

    A quick pass bounds the range from the rows and the rare wide column references; only when that bound
    is over the limits does an exact pass measure every cell (a formatted but empty far row is no refusal).
    """
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        if part is None:
            return {}  # calamine finds no such part either and says so
        with archive.open(part) as stream:
            bound = _Bound()
            for body in _pieces(stream):
                bound.add(body)
        if _over(*bound.extent()) or bound.refless:
            with archive.open(part) as stream:
                exact = _Span()
                for body in _pieces(stream):
                    exact.add(body)
            _check_extent(name, sheet, *exact.extent())
    return bound.kept


def _scan_ods(path: Path, name: str) -> dict[str, dict[tuple[int, int], str]]:
    """Refuse an OpenDocument workbook with a sheet whose repeated rows and cells (`number-rows-repeated`,
    `number-columns-repeated`) span too much up to its last cell holding a value; trailing empty repeats,
    which LibreOffice writes to the sheet's end, do not count (calamine skips them too). calamine reads
    every sheet of an .ods when it opens it, so every sheet is measured first.

    Returns, per sheet, the error cells by (row, column), 1-based, with their shown text (`#DIV/0!`):
    LibreOffice saves an error as the number 0 marked `calcext:value-type="error"`, which calamine reads as 0.
    """
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml") if "content.xml" in archive.namelist() else b""
    errors: dict[str, dict[tuple[int, int], str]] = {}
    for table in _ODS_TABLE.finditer(content):
        sheet = html.unescape(table.group(1).decode("utf-8", "replace"))
        end = content.find(b"</table:table>", table.end())
        rows = columns = row = 0
        for attributes, inner in _ODS_ROW.findall(content, table.end(), end if end > 0 else len(content)):
            repeat = _repeat(attributes, b"rows")
            width = _ods_width(inner, row + 1, errors.setdefault(sheet, {}))
            if width:
                rows, columns = row + repeat, max(columns, width)
            row += repeat
            if _over(rows, columns):
                break
        _check_extent(name, sheet, rows, columns)
    return errors


def _ods_width(row: bytes, number: int, errors: dict[tuple[int, int], str]) -> int:
    """Columns from the row's start to its last cell with a value (0: none); error cells go to `errors`."""
    width = position = 0
    for cell in _ODS_CELL.finditer(row):
        attributes = cell.group(1)
        if b'value-type="error"' in attributes:
            shown = _ODS_TEXT.match(row, cell.end())
            errors[number, position + 1] = (
                html.unescape(shown.group(1).decode("utf-8", "replace")) if shown else "#ERROR"
            )
        position += _repeat(attributes, b"columns")
        if b"value-type" in attributes:
            width = position
    return width


def _repeat(attributes: bytes, what: bytes) -> int:
    found = re.search(rb"number-" + what + rb'-repeated="([0-9]{1,9})"', attributes)
    return int(found.group(1)) if found else 1


def _over(rows: int, columns: int) -> bool:
    return columns > MAX_COLUMNS or rows * columns > MAX_CELLS


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(
        (s.get(f"{{{_NS['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", _NS) if s.get("name") == sheet),
        None,
    )
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels.iterfind("rel:Relationship", _NS) if r.get("Id") == rel_id), "")
    if not target:
        return None
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return part if part in archive.namelist() else None


def _pieces(stream: Any) -> Iterator[bytes]:
    """The decompressed XML in about 1 MiB pieces, each cut after a whole row (else before a tag), so a
    regular expression over a piece sees whole elements (C speed, constant memory)."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        text = tail + chunk
        cut = text.rfind(b"row>") + 4
        cut = cut if cut > 4 else text.rfind(b"<")
        body, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        yield body
    yield tail


class _Bound:
    """An upper bound of the used range read from row numbers (one match a row, not a cell) and from
    three-letter column references (column 703 and beyond, rare); also the cells calamine gives as empty
    but are not: formulas without a saved value, error values."""

    def __init__(self) -> None:
        self.low, self.high, self.widest, self.refless = 1 << 30, 0, 26, False  # 26: columns A to Z
        self.kept: dict[tuple[int, int], str] = {}

    def add(self, body: bytes) -> None:
        rows = _FULL_ROW.findall(body)
        if rows:
            numbers = [int(r) for r in rows]
            self.low, self.high = min(self.low, *numbers), max(self.high, *numbers)
        wide = _WIDE_CELL.findall(body)
        self.widest = max(self.widest, *(_column_number(c) for c in wide)) if wide else self.widest
        if self.widest < 702 and _TWO_LETTERS.search(body):
            self.widest = 702
        self.refless = self.refless or any(p.search(body) for p in _REFLESS_CELL)
        if b"</f>" in body or b":f>" in body:
            for column, row, formula in _UNSAVED_FORMULA.findall(body):
                text = html.unescape(formula.decode("utf-8", "replace"))
                self.kept[int(row), _column_number(column)] = "=" + text
        if b't="e"' in body:
            for column, row, error in _ERROR_CELL.findall(body):
                self.kept[int(row), _column_number(column)] = html.unescape(error.decode("utf-8", "replace"))

    def extent(self) -> tuple[int, int]:
        return (self.high - self.low + 1, self.widest) if self.high else (0, 0)


class _Span:
    """The rows and column letters of referenced cells seen so far. Cells without a reference (allowed,
    rare) take their place from the row's `r` and their order, so for them each row's cells are counted."""

    def __init__(self) -> None:
        self.low, self.high, self.letters, self.widest = 1 << 30, 0, set[bytes](), 0

    def add(self, body: bytes) -> None:
        found = _CELL.findall(body)
        if found:
            numbers = [int(r) for _, r in found]
            self.low, self.high = min(self.low, *numbers), max(self.high, *numbers)
            self.letters.update(c for c, _ in found)
        if len(_ANY_CELL.findall(body)) > len(found):
            for row, cells in _ROW.findall(body):
                self.low, self.high = min(self.low, int(row)), max(self.high, int(row))
                self.widest = max(self.widest, len(_ANY_CELL.findall(cells)))

    def extent(self) -> tuple[int, int]:
        if self.high == 0:
            return 0, 0
        numbers = [_column_number(c) for c in self.letters] or [1]
        return self.high - self.low + 1, max(max(numbers) - min(numbers) + 1, self.widest)


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


# --- cells to text ----------------------------------------------------------------------------------
def _numbered(grid: python_calamine.CalamineSheet, kept: dict[tuple[int, int], str]) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells), with the `kept` texts put in place. calamine 0.9.1's `iter_rows`
    starts at row 1 (empty rows above the data included) but at the first column holding data
    (tests/test_ingest_workbook.py proves both)."""
    left = (grid.start or (0, 0))[1]
    by_row: defaultdict[int, dict[int, str]] = defaultdict(dict)
    for (row, column), text in kept.items():
        by_row[row][column - left - 1] = text
    for offset, cells in enumerate(grid.iter_rows()):
        number = offset + 1
        for position, text in by_row.get(number, {}).items():
            if 0 <= position < len(cells):
                cells[position] = text
        yield number, cells


def _write_rows(name: str, kind: str, rows: Iterator[tuple[int, list[Any]]], sheet: str) -> WorkbookSource:
    fd, tmp = tempfile.mkstemp(prefix="salesdash-", suffix=".csv")
    written, seen = 0, _Collapse()
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for number, cells in rows:
                text = [cell_text(c) for c in cells]
                if not any(text):
                    continue
                if written:
                    seen.add(number, cells, text)
                writer.writerow([ROW_COLUMN if written == 0 else str(number), *text])
                written += 1
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    source = _source(Path(tmp), name, kind, sheet, seen.collapsed())
    if written == 0:
        source.close()
        raise IngestError("ingest.error.empty_sheet", file=name, sheet=sheet)
    return source


def _source(path: Path, name: str, kind: str, sheet: str, collapsed: dict[int, dict[str, list[int]]]) -> WorkbookSource:
    sql = (
        "SELECT * FROM read_csv($path, all_varchar = true, types = {'__row': 'BIGINT'}, header = true, "
        "delim = ',', quote = '\"', escape = '\"')"
    )
    return WorkbookSource(
        name,
        kind,
        sql,
        {"path": str(path)},
        [],
        "utf-8",
        None,
        ".",
        sheet=sheet,
        has_row_column=True,
        temp_files=[path],
        collapsed=collapsed,
    )


def cell_text(value: Any) -> str:
    """A calamine cell value as the text a CSV export of the sheet would hold (see the module docstring)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


class _Collapse:
    """Integer cells above 2**53, per column: which rows hold which value."""

    def __init__(self) -> None:
        self.rows: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))

    def add(self, number: int, cells: list[Any], text: list[str]) -> None:
        for position, value in enumerate(cells):
            if isinstance(value, float) and value.is_integer() and abs(value) >= EXACT_INTEGERS:
                self.rows[position][text[position]].append(number)

    def collapsed(self) -> dict[int, dict[str, list[int]]]:
        out = {p: {v: rows for v, rows in values.items() if len(rows) > 1} for p, values in self.rows.items()}
        return {p: values for p, values in out.items() if values}


# --- ids that Excel collapsed -----------------------------------------------------------------------
def collapsed_ids(source: Source, guess: MappingGuess) -> dict[str, tuple[str, dict[str, list[int]]]]:
    """{source column: (id field, {integer text: rows})} for the columns mapped to an id field (`…_id`)
    whose Excel numbers above 2**53 are shared by several rows: Excel keeps 15 to 17 digits, so different
    ids may have become one number there, and no reader can tell them apart again."""
    if not isinstance(source, WorkbookSource):
        return {}
    out = {}
    for position, values in source.collapsed.items():
        header = source.headers[position] if position < len(source.headers) else None
        target = guess.mapping.get(header or "", "")
        if header and target.endswith("_id"):
            out[header] = (target, values)
    return out


def collapsed_notices(collapsed: dict[str, tuple[str, dict[str, list[int]]]]) -> list[Notice]:
    """One warning per column, naming the first shared number and its rows."""
    notices = []
    for header, (_, values) in collapsed.items():
        value, rows = next(iter(values.items()))
        shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        notices.append(Notice("workbook.notice.collapsed_ids", column=header, value=value, rows=shown))
    return notices


def reject_collapsed_ids(
    cur: duckdb.DuckDBPyConnection, collapsed: dict[str, tuple[str, dict[str, list[int]]]]
) -> None:
    """Mark the staged rows holding a collapsed id as rejected (reason `excel_digits`)."""
    for target, values in collapsed.values():
        for value, rows in values.items():
            err = f"{target}{REJECT_SEP}excel_digits{REJECT_SEP}{value}"
            cur.execute(
                f'UPDATE {STAGED} SET "__err" = ? WHERE "__err" IS NULL AND "__row" IN (SELECT unnest(?))',
                [err, rows],
            )


# --- error cells of .xls workbooks --------------------------------------------------------------------
_XLS_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


def _xls_errors(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The error cells of one sheet of a BIFF8 `.xls` by (row, column), 1-based: calamine reads them as
    empty. BOOLERR records hold an error value; FORMULA records an error result (OpenOffice's
    "Microsoft Excel 97-2007 binary file format" §5.10, §5.50). Older BIFF versions are not scanned."""
    from xlrd.compdoc import CompDoc  # the OLE2 container reader only; the cells are calamine's

    try:
        doc = CompDoc(path.read_bytes(), logfile=io.StringIO())
        mem, base, size = doc.locate_named_stream("Workbook")
    except Exception:  # calamine reports an unreadable file itself
        return {}
    if mem is None:
        return {}
    stream = memoryview(mem)[base : base + size]
    start = _xls_sheet_offset(stream, sheet)
    return {} if start is None else _xls_sheet_errors(stream, start)


def _xls_sheet_offset(stream: memoryview, sheet: str) -> int | None:
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        data = stream[position + 4 : position + 4 + length]
        if kind == 0x0809 and position == 0 and struct.unpack_from("<H", data)[0] != 0x0600:
            return None  # not BIFF8
        if kind == 0x0085 and length >= 8:
            count, wide = data[6], data[7] & 1
            raw = bytes(data[8 : 8 + count * (2 if wide else 1)])
            if raw.decode("utf-16-le" if wide else "latin-1") == sheet:
                return int(struct.unpack_from("<I", data)[0])
        if kind == 0x000A:  # the end of the workbook globals
            return None
        position += 4 + length
    return None


def _xls_sheet_errors(stream: memoryview, position: int) -> dict[tuple[int, int], str]:
    errors: dict[tuple[int, int], str] = {}
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        data = stream[position + 4 : position + 4 + length]
        if kind == 0x0205 and length >= 8 and data[7] == 1:
            row, column = struct.unpack_from("<HH", data)
            errors[row + 1, column + 1] = _XLS_ERRORS.get(data[6], "#ERROR")
        elif kind == 0x0006 and length >= 14 and data[6] == 2 and bytes(data[12:14]) == b"\xff\xff":
            row, column = struct.unpack_from("<HH", data)
            errors[row + 1, column + 1] = _XLS_ERRORS.get(data[8], "#ERROR")
        elif kind == 0x000A:
            break
        position += 4 + length
    return errors
