"""Workbooks (.xlsx, .xls, .ods) read by calamine: bombs, non-workbooks, integer ids, sheets, row order.

Cases from the shared upload cases (tests/fixtures/cases, see SOURCE_workbooks.md); hostile files are
written by tests/fixtures_workbooks.py.
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdash.cli import main
from salesdash.errors import InputError
from salesdash.ingest import UploadRejected, ingest_file, ingest_sheets, inspect_file
from salesdash.ingest.sheet_scan import MAX_COLUMNS
from tests.conftest import FIXTURES, LOCAL, table_checksums
from tests.fixtures_workbooks import HEADER, far_cell_xlsx, ods, rows_xml, xlsx

CASES = FIXTURES / "cases"
MEAL = CASES / "meal_orders_two_sheets.xlsx"
MEAL_MAP = {
    "place_order_time": "order_date",
    "counts": "quantity",
    "amounts": "unit_price",
    "dishes_name": "product_name",
}


def revenue_and_orders(store, start: str, end: str) -> tuple[float, int]:
    row = (
        store.cursor()
        .execute(
            "SELECT sum(revenue), count(DISTINCT order_id) FROM orders WHERE order_date BETWEEN ? AND ?", [start, end]
        )
        .fetchall()
    )
    return float(row[0][0] or 0), int(row[0][1])


# --- the dimension bomb and other refusals -------------------------------------------------------------
def test_far_cell_is_refused_in_seconds_naming_the_span(store, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(far_cell_xlsx())
    assert path.stat().st_size < 5_000
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        ingest_file(store, path, user=LOCAL)
    assert time.perf_counter() - started < 5  # calamine alone would abort asking for 512 GiB
    assert str(err.value) == (
        "file bomb.xlsx: sheet 'Sheet1' spans 1,048,576 rows × 16,384 columns from its first to its last "
        "filled cell; salesdash reads at most 1,024 columns and 16,777,216 cells a sheet. Delete the stray "
        "cells far from the table (Ctrl+End shows the last one), or copy the table to a new sheet."
    )


def test_a_far_cell_after_megabytes_of_rows_is_found(store, tmp_path):
    """The sheet XML is read in 1 MiB pieces: a far cell beyond the first pieces still counts."""
    rows = [HEADER] + [(f"O{n}", "2025-01-01", n) for n in range(40_000)]
    table = rows_xml(rows) + '<row r="1048576"><c r="AMK1048576"><v>1</v></c></row>'
    assert len(table) > 3 * 2**20
    path = tmp_path / "long.xlsx"
    path.write_bytes(xlsx({"Sheet1": table}))
    with pytest.raises(InputError, match="spans 1,048,576 rows × 1,025 columns"):
        ingest_file(store, path, user=LOCAL)


def test_a_false_dimension_alone_does_not_refuse(store, tmp_path):
    """Only cells holding something count: a `<dimension>` claim and valueless styled cells do not."""
    table = rows_xml([HEADER, ("A", "2025-01-01", 5)]) + '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    path = tmp_path / "claim.xlsx"
    path.write_bytes(xlsx({"Sheet1": table}, dimension="A1:XFD1048576"))
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 1


def test_cells_without_references_are_measured_from_their_rows(store, tmp_path):
    """A cell may omit its reference (it then follows the row's `r` and the cells before it)."""
    header = "".join(f'<c t="inlineStr"><is><t>h{i}</t></is></c>' for i in range(20))
    path = tmp_path / "refless.xlsx"
    path.write_bytes(xlsx({"Sheet1": f'<row r="1">{header}</row><row r="1048576"><c><v>1</v></c></row>'}))
    with pytest.raises(InputError, match="spans 1,048,576 rows × 20 columns"):
        ingest_file(store, path, user=LOCAL)


def test_too_many_columns_is_refused(store, tmp_path):
    wide = "".join(f'<c r="{letters}1"><v>1</v></c>' for letters in ("A", "AMK"))  # AMK = column 1025
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx({"Sheet1": f'<row r="1">{wide}</row>'}))
    with pytest.raises(InputError, match=f"1 rows × {MAX_COLUMNS + 1:,} columns"):
        ingest_file(store, path, user=LOCAL)


ODS_FAR = (
    '<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" '
    'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
)


@pytest.mark.parametrize(
    ("rows", "cols", "span"), [(1_048_574, 16_384, "1,048,576 rows × 16,384"), (999_998, 90, "1,000,000 rows × 90")]
)
def test_ods_repeated_cells_are_refused_before_calamine_fills_them(store, tmp_path, rows, cols, span):
    """A repeated valued cell is a few bytes; calamine would fill (or refuse above 100 million) every copy."""
    path = tmp_path / "repeat.ods"
    path.write_bytes(ods({"S": [HEADER, ("A", "2025-01-01", 5)]}, tail=ODS_FAR.format(rows=rows, cols=cols)))
    started = time.perf_counter()
    with pytest.raises(InputError, match=f"spans {span} columns"):
        ingest_file(store, path, user=LOCAL)
    assert time.perf_counter() - started < 5


def test_ods_trailing_empty_repeats_are_not_refused(store, tmp_path):
    """LibreOffice ends each sheet with empty rows and cells repeated to the sheet's edge."""
    tail = '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    path = tmp_path / "libreoffice.ods"
    path.write_bytes(ods({"S": [HEADER, ("A", "2025-01-01", 5)]}, tail=tail))
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 1


@pytest.mark.parametrize("body", [bytes(range(256)) * 8, b"\0" * 2048], ids=["varied", "zeros"])
def test_png_named_xlsx_is_not_a_workbook(store, tmp_path, body):
    path = tmp_path / "chart.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    with pytest.raises(InputError) as err:
        ingest_file(store, path, user=LOCAL)
    assert str(err.value).startswith("file chart.xlsx: the file is named like a workbook but is not a workbook")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_text_named_xls_is_read_as_text(store, tmp_path, encoding):
    """Many systems save tab-separated text as `.xls`: that still loads."""
    path = tmp_path / "报表.xls"
    path.write_bytes("订单号\t订单日期\t金额\nA1\t2025-01-02\t12.5\nA2\t2025-01-03\t7.5\n".encode(encoding))
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 2
    assert revenue_and_orders(store, "2025-01-01", "2025-01-31") == (20.0, 2)


@pytest.mark.parametrize(
    "magic", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
)
def test_binary_named_xls_is_not_a_workbook(store, tmp_path, magic):
    path = tmp_path / "scan.xls"
    path.write_bytes(magic + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="is named like a workbook but is not a workbook"):
        ingest_file(store, path, user=LOCAL)


def refused_workbooks(tmp_path: Path) -> list[Path]:
    files = {
        "bomb.xlsx": far_cell_xlsx(),
        "chart.xlsx": b"\x89PNG\r\n\x1a\n" + b"\0" * 500,
        "damaged.xlsx": b"PK\x03\x04" + b"\0" * 200,
        "bad_dates.xlsx": (CASES / "orders_bad_dates.xlsx").read_bytes(),
        "ids.xlsx": (CASES / "orders_may.xlsx").read_bytes(),
        "chart.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return [tmp_path / n for n in files]


def test_store_is_byte_for_byte_unchanged_after_every_refused_workbook(store, tmp_path):
    ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)
    before, version = table_checksums(store), store.data_version()
    for path in refused_workbooks(tmp_path):
        with pytest.raises(InputError):
            ingest_file(store, path, user=LOCAL)
        with pytest.raises(InputError):
            ingest_sheets(store, path, "all", user=LOCAL)
        assert table_checksums(store) == before, path.name
    with pytest.raises(InputError, match="no sheet 'nope'"):
        ingest_file(store, MEAL, sheet="nope", mapping=MEAL_MAP, user=LOCAL)
    assert (table_checksums(store), store.data_version()) == (before, version)


# --- integer ids --------------------------------------------------------------------------------------
def test_excel_ids_are_integer_text_and_collapsed_ids_are_rejected(store):
    xlsx_path, csv_path = CASES / "orders_may.xlsx", CASES / "orders_may.csv"
    # What the file stores: Excel's 16 significant digits; the nearest float64 is the integer 947722267893174272
    # (float64 holds every integer only below 2**53, and this one is a multiple of 128).
    with zipfile.ZipFile(xlsx_path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>9.477222678931743e+17</v>" in sheet and sheet.count("<v>9.478712690244365e+17</v>") == 3
    assert int(9.477222678931743e17) == 947722267893174272
    assert inspect_file(xlsx_path).preview["订单编号"].tolist()[0] == "947722267893174272"
    # Three different orders became one number in Excel: refused by default, naming the column and rows.
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, xlsx_path, user=LOCAL)
    result = err.value.result
    assert [(r.row, r.column, r.code, r.value) for r in result.rejects] == [
        (row, "订单编号", "excel_digits", "947871269024436480") for row in (3, 4, 5)
    ]
    assert "column '订单编号' holds ids stored as Excel numbers" in result.warnings[-1]
    assert "rows 3, 4, 5" in result.warnings[-1]
    loaded = ingest_file(store, xlsx_path, max_reject=3, user=LOCAL)
    assert loaded.rows_loaded == 1
    again = ingest_file(store, csv_path, user=LOCAL)
    assert (again.inserted, again.unchanged) == (3, 1)  # the Excel id is the CSV's key
    assert revenue_and_orders(store, "2024-05-01", "2024-05-31") == (1000.0, 4)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1), min_size=1, max_size=30, unique=True))
def test_whole_numbers_load_as_the_same_key_as_their_csv_text(tmp_path_factory, ids):
    path = tmp_path_factory.mktemp("ids") / "ids.xlsx"
    rows = [HEADER] + [(n, "2025-01-01", 1) for n in ids]
    path.write_bytes(xlsx({"Sheet1": rows_xml(rows)}))
    shown = inspect_file(path).preview["order_id"].tolist()
    assert shown == [str(n) for n in ids][:20]


@settings(max_examples=8, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2)),
        min_size=1,
        max_size=25,
    )
)
def test_number_cells_load_back_exactly(tmp_path_factory, amounts):
    """Amounts stored as Excel numbers (any sign, whole or with cents, up to a trillion) are stored exactly."""
    folder = tmp_path_factory.mktemp("amounts")
    path = folder / "amounts.xlsx"
    path.write_bytes(xlsx({"Sheet1": rows_xml([HEADER] + [(f"O{i}", "2025-01-01", a) for i, a in enumerate(amounts)])}))
    from salesdash.store import Store

    with Store(folder / "a.duckdb") as store:
        ingest_file(store, path, user=LOCAL)
        stored = store.cursor().execute("SELECT revenue FROM orders ORDER BY CAST(substr(order_id, 2) AS INT)")
        assert [r[0] for r in stored.fetchall()] == amounts


# --- cells ----------------------------------------------------------------------------------------------
def test_saved_formula_values_are_read_and_unsaved_formulas_stay_text(store, tmp_path):
    """Nothing is evaluated: a formula gives the value the workbook saved, or its own text."""
    data = rows_xml([HEADER]) + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" t="inlineStr"><is><t>2025-01-01</t></is>'
        '</c><c r="C2"><f>SUM(1,2)</f><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c><c r="B3" t="inlineStr"><is><t>2025-01-01</t></is>'
        '</c><c r="C3"><f>SUM(1,2)</f><v/></c></row>'
    )
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(xlsx({"Sheet1": data}))
    assert inspect_file(path).preview["revenue"].tolist() == ["3", "=SUM(1,2)"]
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, path, user=LOCAL)
    assert [(r.row, r.column, r.value) for r in err.value.result.rejects] == [(3, "revenue", "=SUM(1,2)")]


def test_error_cells_are_rejected_not_read_as_empty(store, tmp_path):
    """calamine reads an error cell as empty, and an empty cell means "no value" (an empty revenue is
    derived from quantity × price): the reader keeps the error's text, which a number column rejects."""
    good = rows_xml([("order_id", "order_date", "quantity", "unit_price", "revenue"), ("A", "2025-01-01", 1, 5, 5)])
    bad = (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c><c r="B3" t="inlineStr"><is><t>2025-01-01</t>'
        '</is></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3"><v>5</v></c><c r="E3" t="e"><f>C3/0</f><v>#DIV/0!</v></c>'
        "</row>"
    )
    more = rows_xml([("C", "2025-01-02", 1, 7, 7)], first_row=4)
    path = tmp_path / "errors.xlsx"
    path.write_bytes(xlsx({"Sheet1": good + bad + more}))
    preview = inspect_file(path).preview
    assert (preview["quantity"].tolist(), preview["revenue"].tolist()) == (["1", "#N/A", "1"], ["5", "#DIV/0!", "7"])
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, path, user=LOCAL)
    assert [(r.row, r.value) for r in err.value.result.rejects] == [(3, "#DIV/0!")]


def test_xls_error_cells_keep_their_text():
    """errors.xls (make_xls.py): #DIV/0! in the revenue of row 3, which calamine alone reads as empty.
    (That a present but unreadable revenue then rejects its row is the number rules' part.)"""
    assert inspect_file(FIXTURES / "errors.xls").preview["revenue"].tolist() == ["5", "#DIV/0!", "7"]


def test_ods_error_cells_keep_their_text_not_zero(tmp_path):
    """LibreOffice saves an error as the number 0 marked as an error; calamine alone reads 0."""
    error = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>B</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>2025-01-02</text:p></table:table-cell>'
        '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>'
    )
    path = tmp_path / "errors.ods"
    path.write_bytes(ods({"S": [HEADER, ("A", "2025-01-01", 5)]}, tail=error))
    assert inspect_file(path).preview["revenue"].tolist() == ["5", "#DIV/0!"]


def test_a_table_away_from_a1_keeps_its_spreadsheet_rows(store, tmp_path):
    rows = [HEADER, ("A", "2025-01-01", 5), ("B", "2025-13-01", 6)]
    path = tmp_path / "offset.xlsx"
    path.write_bytes(xlsx({"Sheet1": rows_xml(rows, first_row=4, first_column="C")}))
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, path, user=LOCAL)
    assert [(r.row, r.column) for r in err.value.result.rejects] == [(6, "order_date")]


def test_ods_workbook_loads(store, tmp_path):
    path = tmp_path / "orders.ods"
    path.write_bytes(ods({"Orders": [HEADER, ("A", "2025-01-01", 5), ("B", "2025-01-02", 7.5)]}))
    info = inspect_file(path)
    assert (info.container, info.sheets) == ("ods", ("Orders",))
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 2
    assert revenue_and_orders(store, "2025-01-01", "2025-01-31") == (12.5, 2)


# --- rejects in row order ---------------------------------------------------------------------------
def test_excel_rejects_are_listed_by_row_number(store):
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, CASES / "orders_bad_dates.xlsx", user=LOCAL)
    assert [r.row for r in err.value.result.rejects] == [2, 10, 11, 12, 13]
    assert {r.column for r in err.value.result.rejects} == {"Order Date"}


@settings(max_examples=10, deadline=None)
@given(st.sets(st.integers(min_value=2, max_value=120), min_size=1, max_size=12))
def test_rejects_follow_the_spreadsheet_rows(tmp_path_factory, bad_rows):
    rows = [HEADER] + [(f"O{n}", "2025-02-30" if n in bad_rows else "2025-02-03", n) for n in range(2, 121)]
    path = tmp_path_factory.mktemp("order") / "rows.xlsx"
    path.write_bytes(xlsx({"Sheet1": rows_xml(rows)}))
    from salesdash.store import Store

    with Store(path.with_suffix(".duckdb")) as store, pytest.raises(UploadRejected) as err:
        ingest_file(store, path, user=LOCAL)
    assert [r.row for r in err.value.result.rejects] == sorted(bad_rows)


# --- sheets and the identity of an upload -----------------------------------------------------------
def test_second_sheet_is_another_upload(store):
    first = ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)
    second = ingest_file(store, MEAL, sheet="2016-08-b", mapping=MEAL_MAP, user=LOCAL)
    assert (first.already_loaded, second.already_loaded, second.batch_id) == (False, False, first.batch_id + 1)
    assert revenue_and_orders(store, "2016-08-01", "2016-08-31") == (378.0, 4)
    before = table_checksums(store)
    again = ingest_file(store, MEAL, sheet="2016-08-b", mapping=MEAL_MAP, user=LOCAL)
    assert (again.already_loaded, again.batch_id) == (True, second.batch_id)
    assert table_checksums(store) == before
    sheets = store.cursor().execute("SELECT sheet FROM _batches ORDER BY batch_id").fetchall()
    assert sheets == [("2016-08-a",), ("2016-08-b",)]


def test_batches_from_before_upload_keys_still_match_by_file_hash(store):
    """A store made before upload keys: its batches have no key, and the same file is still recognised."""
    first = ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)
    store.cursor().execute("UPDATE _batches SET upload_key = NULL, sheet = NULL")
    again = ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)
    assert (again.already_loaded, again.batch_id) == (True, first.batch_id)


def test_same_sheet_with_another_mapping_is_another_upload(store):
    ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)
    other = ingest_file(store, MEAL, sheet="2016-08-a", mapping={**MEAL_MAP, "dishes_name": ""}, user=LOCAL)
    assert (other.already_loaded, other.unchanged + other.updated) == (False, 3)


def test_all_sheets_sharing_the_header_load_in_one_go(store, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        xlsx(
            {
                "Jan": rows_xml([HEADER, ("A", "2025-01-05", 10)]),
                "Feb": rows_xml([HEADER, ("B", "2025-02-05", 20)]),
                "Notes": rows_xml([("note",), ("not orders",)]),
            }
        )
    )
    results = ingest_sheets(store, path, "all", user=LOCAL)
    assert [(r.sheet, r.rows_loaded) for r in results] == [("Jan", 1), ("Feb", 1)]
    assert revenue_and_orders(store, "2025-01-01", "2025-12-31") == (30.0, 2)


def test_a_refused_sheet_in_a_list_loads_none_and_is_named(store, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        xlsx({"Jan": rows_xml([HEADER, ("A", "2025-01-05", 10)]), "Feb": rows_xml([HEADER, ("B", "2025-02-30", 20)])})
    )
    before = table_checksums(store)
    with pytest.raises(UploadRejected) as err:
        ingest_sheets(store, path, ["Jan", "Feb"], user=LOCAL)
    assert err.value.result.errors == [
        "file book.xlsx [Feb], row 2, column 'order_date': order_date is not a date (value '2025-02-30')"
    ]
    assert table_checksums(store) == before


def test_replace_all_with_several_sheets_keeps_every_sheet(store, tmp_path):
    ingest_file(store, MEAL, sheet="2016-08-a", mapping=MEAL_MAP, user=LOCAL)  # to be replaced
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        xlsx({"Jan": rows_xml([HEADER, ("A", "2025-01-05", 10)]), "Feb": rows_xml([HEADER, ("B", "2025-02-05", 20)])})
    )
    results = ingest_sheets(store, path, "all", mode="replace-all", user=LOCAL)
    assert [r.rows_loaded for r in results] == [1, 1]
    assert revenue_and_orders(store, "2000-01-01", "2030-12-31") == (30.0, 2)
    with pytest.raises(InputError, match="replace-period loads one sheet at a time"):
        ingest_sheets(store, path, "all", mode="replace-period", user=LOCAL)


def test_cli_sheet_all_and_a_list(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    maps = [arg for pair in MEAL_MAP.items() for arg in ("--map", "=".join(pair))]
    assert main(["ingest", str(MEAL), "--db", db, "--sheet", "all", *maps, "--json"]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert [(r["sheet"], r["rows_loaded"]) for r in loaded] == [("2016-08-a", 3), ("2016-08-b", 3)]
    assert main(["ingest", str(MEAL), "--db", db, "--sheet", "2016-08-a", "--sheet", "2016-08-b", *maps]) == 0
    again = capsys.readouterr().out
    assert "[2016-08-a]: already loaded as batch 1" in again
    assert "[2016-08-b]: already loaded as batch 2" in again
    assert main(["kpis", "--db", db, "--start", "2016-08-01", "--end", "2016-08-31", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["revenue"], figures["orders"]) == (378, 4)


def test_columns_of_number_cells_only_are_marked_typed():
    """Columns whose every filled data cell is an Excel number need no decimal-mark guess (their text is
    written with a point and no grouping); a text or error cell among them takes the mark away."""
    from salesdash.ingest.workbook import open_workbook

    for path, typed in (
        (FIXTURES / "orders_zh.xls", ("行号", "数量", "金额")),  # 订单号 holds the text A-1003
        (FIXTURES / "errors.xls", ("quantity", "unit_price")),  # revenue holds #DIV/0!
    ):
        source = open_workbook(path, path.name, "xls", None)
        source.close()
        assert source.typed_numbers == typed


def test_a_cell_longer_than_a_text_line_may_be_is_refused_naming_row_and_column(tmp_path, capsys, monkeypatch):
    """The text files' line limit (MAX_LINE_CHARS) holds for workbook cells too (docs/uploads.md#encodings);
    lowered here so that the test stays fast."""
    monkeypatch.setattr("salesdash.ingest.workbook.MAX_LINE_CHARS", 1000)
    rows = [HEADER, ("A", "2025-01-01", 5), ("B", "2025-01-02", "x" * 1001), ("C", "2025-01-03", 7)]
    path = tmp_path / "long_cell.xlsx"
    path.write_bytes(xlsx({"Sheet1": rows_xml(rows)}))
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(path), "--db", str(db), "--json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors == [
        "file long_cell.xlsx, row 3, column 'revenue': this cell holds more than the 1,000 characters"
        " a value may hold; shorten it or leave it out of the sheet."
    ]


def test_a_cell_beyond_two_mib_is_read(tmp_path, capsys):
    """Below the limit, a long cell (beyond DuckDB's default 2 MB line) is read: a long note, not a refusal."""
    rows = [(*HEADER, "note"), ("A", "2025-01-01", 5, "n" * ((2 << 20) + 4096)), ("B", "2025-01-02", 7, "short")]
    path = tmp_path / "long_note.xlsx"
    path.write_bytes(xlsx({"Sheet1": rows_xml(rows)}))
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(path), "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rows_loaded"], out["errors"]) == (2, [])
