"""Tables to CSV and XLSX for download, with spreadsheet formula injection made inert (docs/access.md).

A spreadsheet runs a cell as a formula when its text starts with `=`, `+`, `-` or `@` (also after leading
spaces or control characters, which some programs skip), and splits a row at a bare CR or LF. Every text
cell and header that could start a formula gets a leading apostrophe (the OWASP "CSV injection" advice);
CSV fields holding a CR, LF, quote or comma are quoted, so each record stays one row when read back.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

__all__ = ["inert", "inert_cell", "to_csv_bytes", "to_xlsx_bytes"]

# A tab, CR or LF is neutralised itself: programs that trim the cell would then see what follows.
_RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 (so XLSX) cannot hold: C0 controls other than tab, LF and CR.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _blank(char: str) -> bool:
    """Whitespace or a control character, but not a tab, CR or LF (which are risky starts themselves)."""
    return char not in "\t\r\n" and (char.isspace() or ord(char) < 32 or 0x7F <= ord(char) < 0xA0)


def _lead_stripped(text: str) -> str:
    """The text after any leading whitespace and control characters other than tab, CR and LF."""
    index = 0
    while index < len(text) and _blank(text[index]):
        index += 1
    return text[index:]


def inert_cell(value: object) -> object:
    """A text value that no spreadsheet will run: `'` before text that could start a formula; other values as
    they are."""
    if isinstance(value, str) and _lead_stripped(value).startswith(_RISKY_STARTS):
        return "'" + value
    return value


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell (and header) that a spreadsheet would run as a formula starts with a quote."""
    out = frame.copy()
    out.columns = [inert_cell(str(c)) for c in out.columns]
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)):
            out.isetitem(position, column.astype(object).map(inert_cell))
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel opens Chinese text correctly; CRLF rows, fields with CR/LF quoted."""
    text = inert(frame).to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return text.encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet; text cells are inert and characters XLSX cannot store become U+FFFD."""
    safe = inert(frame)
    safe.columns = [_NOT_IN_XML.sub("\ufffd", str(c)) for c in safe.columns]
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)):
            safe.isetitem(position, column.map(lambda v: _NOT_IN_XML.sub("\ufffd", v) if isinstance(v, str) else v))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
