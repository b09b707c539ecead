"""Downloads: CSV and XLSX with formula injection made inert."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from salesdash.export import inert, to_csv_bytes, to_xlsx_bytes

HOSTILE = pd.DataFrame(
    {
        "customer": ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tcmd", "\rx", "华东 客户", "a=b"],
        "revenue": [1.5, -2.0, 3.0, 0.0, 5.0, 6.0, 7.0, 8.0],
    }
)


def test_formula_cells_start_with_a_quote_and_numbers_stay_numbers() -> None:
    out = inert(HOSTILE)
    assert list(out["customer"]) == [
        '\'=HYPERLINK("http://x")',
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "'\tcmd",
        "'\rx",
        "华东 客户",
        "a=b",
    ]
    assert list(out["revenue"]) == [1.5, -2.0, 3.0, 0.0, 5.0, 6.0, 7.0, 8.0]


def test_hostile_header_is_inert() -> None:
    assert list(inert(pd.DataFrame({"=cmd|' /C calc'!A0": [1]})).columns) == ["'=cmd|' /C calc'!A0"]


def test_csv_has_a_bom_and_inert_cells() -> None:
    data = to_csv_bytes(HOSTILE)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert {"'+1+2", "'@SUM(A1)", "华东 客户"} <= set(back["customer"])


def test_xlsx_holds_no_formula() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(HOSTILE)))
    cells = [c.value for c in book.active["A"]][1:]
    assert cells[0] == '\'=HYPERLINK("http://x")'
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
