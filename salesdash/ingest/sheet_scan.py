"""A sheet measured before calamine reads it, and the cells calamine would misread.

calamine builds a sheet as one dense grid from its first to its last cell holding something, so one far
cell in a 5 KB `.xlsx` asks for 512 GiB (the process aborts). The used range is therefore measured first,
from the sheet's own XML (`.xlsx`, `.xlsm`) or content (`.ods`), by regular expressions over the
decompressed bytes (C speed, constant memory), and a sheet over `MAX_COLUMNS` columns or `MAX_CELLS`
cells is refused, whatever its `<dimension>` claims (docs/uploads.md, "Workbooks and sheets").

The same pass finds the cells calamine reads wrong, to be kept as their text: formulas saved without a
value and error values (`#DIV/0!`), which calamine gives as empty, and LibreOffice's error cells, which it
gives as 0; for `.xls`, the error records of the sheet's BIFF8 stream.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from salesdash.ingest.messages import IngestError

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "Kept", "check_extent", "scan_ods", "scan_xlsx", "xls_errors"]

# A sheet's used range (first to last cell holding a value) may span at most this many columns and cells.
# 2**24 cells is the whole .xls grid (65,536 × 256); calamine holds the range at 32 bytes a cell.
MAX_COLUMNS = 1024
MAX_CELLS = 1 << 24
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

Kept = dict[tuple[int, int], str]  # text by (row, column), 1-based


def check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet of `rows` × `columns` over the limits (IngestError naming the sheet and its span)."""
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


def scan_xlsx(path: Path, name: str, sheet: str) -> Kept:
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
            check_extent(name, sheet, *exact.extent())
    return bound.kept


def scan_ods(path: Path, name: str) -> dict[str, Kept]:
    """Refuse an OpenDocument workbook with a sheet whose repeated rows and cells (`number-rows-repeated`,
    `number-columns-repeated`) span too much up to its last cell holding a value; trailing empty repeats,
    which LibreOffice writes to the sheet's end, do not count (calamine skips them too). calamine reads
    every sheet of an .ods when it opens it, so every sheet is measured first.

    Returns, per sheet, the error cells by (row, column), 1-based, with their shown text (`#DIV/0!`):
    LibreOffice saves an error as the number 0 marked `calcext:value-type="error"`, which calamine reads as 0.
    """
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml") if "content.xml" in archive.namelist() else b""
    errors: dict[str, Kept] = {}
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
        check_extent(name, sheet, rows, columns)
    return errors


def _ods_width(row: bytes, number: int, errors: Kept) -> int:
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


def _last_row_end(text: bytes) -> int:
    """The position just after the last `</row>` (or `</x:row>`) end tag, 0 when there is none. Cell text
    may hold "row>", never "</": XML escapes "<" in text."""
    plain = text.rfind(b"</row>")
    prefixed = text.rfind(b":row>")
    if prefixed > plain:
        start = text.rfind(b"</", 0, prefixed)
        if start >= 0 and text[start + 2 : prefixed].isalnum():
            return prefixed + 5
    return plain + 6 if plain >= 0 else 0


def _pieces(stream: Any) -> Iterator[bytes]:
    """The decompressed XML in about 1 MiB pieces, each cut after a whole row (else before a tag), so a
    regular expression over a piece sees whole elements (C speed, constant memory)."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        text = tail + chunk
        cut = _last_row_end(text) or text.rfind(b"<")
        body, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        yield body
    yield tail


class _Bound:
    """An upper bound of the used range read from row numbers (one match a row, not a cell) and from
    three-letter column references (column 703 and beyond, rare); also the cells calamine gives as empty
    but are not: formulas without a saved value, error values."""

    def __init__(self) -> None:
        self.low, self.high, self.widest, self.refless = 1 << 30, 0, 26, False  # 26: columns A to Z
        self.kept: Kept = {}

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


_XLS_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


def xls_errors(path: Path, sheet: str) -> Kept:
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


def _xls_sheet_errors(stream: memoryview, position: int) -> Kept:
    errors: Kept = {}
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
