"""Downloads: CSV and XLSX with formula injection made inert."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- every cell, every hostile start (docs/access.md) ----------------------------------------------------------

LEADS = ["", " ", "  ", "\u00a0", "\x01", "\x7f", " \x02 "]
STARTS = ["=", "+", "-", "@", "\t", "\r", "\n"]


def _risky(text: str) -> bool:
    """What a spreadsheet could run or split: a formula start after leading blanks or controls, or a leading
    tab/CR/LF (computed independently of salesdash.export: by stripping and looking)."""
    blanks = "".join(chr(c) for c in range(33) if chr(c) not in "\t\r\n") + "\u00a0\x7f"
    return text.lstrip(blanks)[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")


@given(
    st.lists(
        st.tuples(st.sampled_from(LEADS), st.sampled_from(STARTS), st.text(alphabet="ab1(),\r\n\"'=@", max_size=8)),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=60, deadline=None)
def test_csv_reads_back_one_record_per_row_with_no_live_formula(cells: list[tuple[str, str, str]]) -> None:
    names = [lead + start + rest for lead, start, rest in cells]
    frame = pd.DataFrame({"customer": names, "note": list(reversed(names)), "revenue": range(len(names))})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert len(rows) == len(names) + 1  # the header and one record per row, whatever CR/LF the names hold
    for row, name in zip(rows[1:], names, strict=True):
        assert row[0] == ("'" + name if _risky(name) else name)
        assert not _risky(row[0]) and not _risky(row[1])
        assert row[2].isdigit()


def test_the_reported_name_stays_in_its_cell() -> None:
    frame = pd.DataFrame({"customer": ["Beta\r@SUM(1+1)", "\n=1+1", " =cmd", "Gamma"], "revenue": [1, 2, 3, 4]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows == [
        ["customer", "revenue"],
        ["Beta\r@SUM(1+1)", "1"],
        ["'\n=1+1", "2"],
        ["' =cmd", "3"],
        ["Gamma", "4"],
    ]


@given(
    st.lists(st.tuples(st.sampled_from(LEADS), st.sampled_from(STARTS), st.text(max_size=6)), min_size=1, max_size=5)
)
@settings(max_examples=30, deadline=None)
def test_xlsx_cells_are_inert_text(cells: list[tuple[str, str, str]]) -> None:
    names = [lead + start + rest for lead, start, rest in cells]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"customer": names}))))
    values = [c.value for c in book.active["A"]][1:]
    assert len(values) == len(names)  # one record per row
    assert all(cell.data_type == "s" for row in book.active.iter_rows() for cell in row)
    for value in values:
        assert isinstance(value, str) and value.startswith("'")  # every start here is risky: all neutralised
