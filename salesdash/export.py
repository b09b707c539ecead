"""Tables to CSV and XLSX for download, with spreadsheet formula injection made inert."""

from __future__ import annotations

import io

import pandas as pd

__all__ = ["inert", "to_csv_bytes", "to_xlsx_bytes"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell (and header) that a spreadsheet would run as a formula starts with a quote."""
    out = frame.copy()
    out.columns = [_inert_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_inert_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel opens Chinese text correctly."""
    return inert(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        inert(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
