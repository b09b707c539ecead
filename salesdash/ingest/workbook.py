"""Open one sheet of a workbook (`.xlsx`, `.xls`, `.ods`) as text columns, through python-calamine.

The sheet is written row by row to a temporary UTF-8 CSV whose first column, `__row`, is the spreadsheet
row number (a BIGINT, so rows sort 2 before 10); every other column is text, as for a CSV upload. Cells
become text without guessing (docs/uploads.md, "Workbooks and sheets"):

- a formula is never evaluated: it gives the value the workbook saved, or its own text (`=SUM(C2:C9)`)
  when none was saved; an error value stays its text (`#DIV/0!`);
- a date or date-time cell becomes ISO text (`2025-03-01`, `2025-03-01 11:05:36`);
- a whole number stored as an Excel number becomes its integer text (`947722267893174272`, not
  `9.477222678931743e+17`), so an id is the same key from Excel and from CSV. Excel keeps 15 to 17
  significant digits, so several ids above 2**53 can collapse onto one number: such collapsed values are
  recorded per column (`WorkbookSource.collapsed`) for the upload to warn about and reject.

Before calamine builds a sheet (as one dense grid of first to last cell) its used range is measured
(`salesdash.ingest.sheet_scan`); a sheet spanning more than `MAX_COLUMNS` columns or `MAX_CELLS` cells is
refused in seconds, whatever it claims in its `<dimension>`. Cells that calamine misreads (error values,
formulas saved without a value) are kept as their text.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from salesdash.ingest.messages import IngestError
from salesdash.ingest.readers import MAX_LINE_CHARS, ROW_COLUMN, Source
from salesdash.ingest.sheet_scan import Kept, check_extent, scan_ods, scan_xlsx, xls_errors

__all__ = [
    "WORKBOOK_SUFFIXES",
    "WorkbookSource",
    "cell_text",
    "open_workbook",
    "same_header_sheets",
    "sheet_list",
    "workbook_kind",
]

# An archive whose parts expand beyond this, or by more than this ratio, is refused before parsing.
MAX_EXPANDED = 1024 * 1024 * 1024
MAX_RATIO = 200
EXACT_INTEGERS = 2**53  # float64 holds every integer below this exactly
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# Pictures, PDF and archives: what a file wrongly named .xlsx most often is.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
_CHUNK = 1 << 20


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
    if name.lower().endswith(WORKBOOK_SUFFIXES) and not _looks_like_text(head):
        raise IngestError("workbook.error.not_a_workbook", file=name)
    return None  # text named .xls (many systems export tab-separated text so) is read as text


def _looks_like_text(head: bytes) -> bool:
    """Whether the first bytes are text (any encoding the text reader knows) rather than binary data."""
    sample = head[:4096]
    if sample.startswith(_BINARY_MAGIC):
        return False
    if not sample or sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    halves = (sample[0::2], sample[1::2])
    if any(half.count(0) > 0.9 * len(half) for half in halves):
        return True  # UTF-16 without a byte order mark
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls <= len(sample) // 100


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


def _measured_kind(path: Path, name: str) -> str | None:
    """The workbook kind of the file (None when it is no workbook), an ODS measured before calamine reads it."""
    with path.open("rb") as handle:
        kind = workbook_kind(path, handle.read(8), name)
    if kind == "ods":
        scan_ods(path, name)
    return kind


def sheet_list(path: Path, name: str) -> list[str] | None:
    """The workbook's worksheets in workbook order (chart sheets left out); None for another kind of file."""
    if _measured_kind(path, name) is None:
        return None
    with _open(path, name) as book:
        return _worksheets(book)


def same_header_sheets(path: Path, name: str, sheet: str | None = None) -> list[str] | None:
    """The worksheets whose header row (first non-empty row) is that of `sheet` (default: the first
    sheet), in workbook order; None when the file is not a workbook. Each sheet is measured before it is
    read, as in `open_workbook`; a sheet that cannot be read, or is empty, is left out."""
    kind = _measured_kind(path, name)
    if kind is None:
        return None
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
            scan_xlsx(path, name, sheet)
        grid = book.get_sheet_by_name(sheet)
        check_extent(name, sheet, grid.height, grid.width)
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
    ods_errors = scan_ods(path, name) if kind == "ods" else {}
    with _open(path, name) as book:
        sheets = _worksheets(book)
        chosen = _choose_sheet(sheets, sheet, name)
        if kind == "xlsx":
            kept = scan_xlsx(path, name, chosen)  # refuses a sheet over the limits before calamine reads it
        else:
            kept = xls_errors(path, chosen) if kind == "xls" else ods_errors.get(chosen, {})
        try:
            grid = book.get_sheet_by_name(chosen)
        except python_calamine.CalamineError as exc:
            raise IngestError("workbook.error.unreadable", file=name, detail=_first_line(exc)) from None
        check_extent(name, chosen, grid.height, grid.width)
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


# --- cells to text ----------------------------------------------------------------------------------
def _numbered(grid: python_calamine.CalamineSheet, kept: Kept) -> Iterator[tuple[int, list[Any]]]:
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
    written, seen, header = 0, _Columns(), list[str]()
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for number, cells in rows:
                text = [cell_text(c) for c in cells]
                if not any(text):
                    continue
                _check_cell_lengths(name, number, header, text)
                if written:
                    seen.add(number, cells, text)
                else:
                    header = text
                writer.writerow([ROW_COLUMN if written == 0 else str(number), *text])
                written += 1
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    source = _source(Path(tmp), name, kind, sheet, seen.collapsed())
    # Columns of number cells only are written with a point and no grouping (docs/uploads.md#numbers).
    source.typed_numbers = tuple(h for j, h in enumerate(header) if seen.kinds.get(j) == {True})
    if written == 0:
        source.close()
        raise IngestError("ingest.error.empty_sheet", file=name, sheet=sheet)
    return source


def _check_cell_lengths(name: str, number: int, header: list[str], text: list[str]) -> None:
    """Refuse a cell longer than a text file's line may be (MAX_LINE_CHARS), naming its row and column: the
    same limit for every file type (docs/uploads.md#encodings)."""
    for j, value in enumerate(text):
        if len(value) > MAX_LINE_CHARS:
            column = header[j] if j < len(header) else None
            raise IngestError("ingest.error.cell_too_long", file=name, row=number, column=column, limit=MAX_LINE_CHARS)


def _source(path: Path, name: str, kind: str, sheet: str, collapsed: dict[int, dict[str, list[int]]]) -> WorkbookSource:
    sql = (
        "SELECT * FROM read_csv($path, all_varchar = true, types = {'__row': 'BIGINT'}, header = true, "
        f"delim = ',', quote = '\"', escape = '\"', max_line_size = {4 * MAX_LINE_CHARS + 1024})"
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


class _Columns:
    """What the data cells of each column were: numbers only or not (`kinds`, over non-empty cells), and
    which rows hold which integer above 2**53."""

    def __init__(self) -> None:
        self.kinds: dict[int, set[bool]] = {}
        self.rows: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))

    def add(self, number: int, cells: list[Any], text: list[str]) -> None:
        for position, value in enumerate(cells):
            if text[position]:
                is_number = isinstance(value, int | float) and not isinstance(value, bool)
                self.kinds.setdefault(position, set()).add(is_number)
            if isinstance(value, float) and value.is_integer() and abs(value) >= EXACT_INTEGERS:
                self.rows[position][text[position]].append(number)

    def collapsed(self) -> dict[int, dict[str, list[int]]]:
        out = {p: {v: rows for v, rows in values.items() if len(rows) > 1} for p, values in self.rows.items()}
        return {p: values for p, values in out.items() if values}
