"""Hostile and broken files: each is refused with file, row and column, and no table changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import LOCAL

from salesdash.errors import InputError
from salesdash.ingest import ingest_file
from salesdash.store import Store
from tests.conftest import FIXTURES, table_checksums

HEAD = "order_id,order_date,revenue\n"


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    import io

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


# (file name, content, load options, expected words in the message, expected row, expected column)
CASES: list[tuple[str, bytes, dict[str, object], str, int | None, str | None]] = [
    ("empty.csv", b"", {}, "empty", None, None),
    ("blank.csv", b"\r\n\r\n  \n", {}, "empty", None, None),
    ("header_only.csv", csv(HEAD), {}, "no data rows", 2, None),
    ("junk.csv", bytes(range(256)) * 40, {}, "binary", None, None),
    ("junk_nul.csv", b"order_id,order_date\x00\x01\x02\n\x00\x00", {}, "not a text table", None, None),
    ("no_date.csv", csv("order_id,revenue\nA,1\n"), {}, "order_date", None, "order_date"),
    ("words_amount.csv", csv(HEAD + "A,2025-01-01,one\n"), {}, "not numbers", None, None),
    ("no_amount.csv", csv("order_id,order_date,customer\nA,2025-01-01,x\n"), {}, "revenue", None, None),
    ("bad_date.csv", csv(HEAD + "A,2025-01-01,1\nB,2025-13-45,2\n"), {}, "not a date", 3, "order_date"),
    ("word_date.csv", csv(HEAD + "A,2025-01-01,1\nB,yesterday,2\nC,2025-01-03,1\n"), {}, "not a date", 3, "order_date"),
    ("ambiguous.csv", csv(HEAD + "A,01/02/2025,1\nB,03/04/2025,2\n"), {}, "--date-format", None, "order_date"),
    ("mixed_dm.csv", csv(HEAD + "A,13/02/2025,1\nB,03/14/2025,2\n"), {}, "mixes day-first", None, "order_date"),
    (
        "text_amount.csv",
        csv(HEAD + "A,2025-01-01,1\nB,2025-01-02,abc\nC,2025-01-03,3\n" * 1),
        {},
        "not a number",
        3,
        "revenue",
    ),
    ("empty_key.csv", csv(HEAD + "A,2025-01-01,1\n,2025-01-02,2\n"), {}, "required", 3, "order_id"),
    ("empty_amount.csv", csv(HEAD + "A,2025-01-01,1\nB,2025-01-02,\n"), {}, "revenue", 3, "revenue"),
    (
        "dup_key.csv",
        csv("order_id,line,order_date,revenue\nA,1,2025-01-01,1\nA,1,2025-01-02,2\n"),
        {},
        "repeats the key of row 2",
        3,
        "order_id",
    ),
    ("future.csv", csv(HEAD + "A,2025-01-01,1\nB,2099-01-01,2\n"), {}, "future", 3, "order_date"),
    ("ancient.csv", csv(HEAD + "A,1850-01-01,1\n"), {}, "before 1900", 2, "order_date"),
    (
        "discount.csv",
        csv("order_id,order_date,quantity,unit_price,discount\nA,2025-01-01,1,10,1.5\n"),
        {},
        "fraction",
        2,
        "discount",
    ),
    ("ragged.csv", csv(HEAD + "A,2025-01-01,1\nB,2025-01-02,2,9,9\n"), {}, "cannot be read", None, None),
    ("formula.csv", csv(HEAD + "A,2025-01-01,1\nB,2025-01-01,=1+1\n"), {}, "not a number", 3, "revenue"),
    (
        "formula.xlsx",
        xlsx([["order_id", "order_date", "revenue"], ["A", "2025-01-01", 1], ["B", "2025-01-01", "=SUM(1,2)"]]),
        {},
        "not a number",
        3,
        "revenue",
    ),
    ("bomb.xlsx", zip_bomb(), {}, "unsafe", None, None),
    ("not_excel.xlsx", b"PK\x03\x04" + b"\0" * 100, {}, "damaged", None, None),
    ("plain.zip.xlsx", None, {}, "not an Excel workbook", None, None),  # filled below
    ("too_big.csv", csv(HEAD + "A,2025-01-01,1\n" * 100), {"max_bytes": 100}, "over the limit", None, None),
    (
        "sql_header.csv",
        csv('order_id,"order_date""); DROP TABLE orders; --",revenue\nA,2025-01-01,1\n'),
        {},
        "order_date",
        None,
        None,
    ),
    (
        "sql_value.csv",
        csv(HEAD + "A,2025-01-01,1\nB,2025-01-01,1); DROP TABLE orders; --\n"),
        {},
        "not a number",
        3,
        "revenue",
    ),
    ("bad_map.csv", csv(HEAD + "A,2025-01-01,1\n"), {"mapping": {"nope": "revenue"}}, "does not have", None, None),
    (
        "bad_field.csv",
        csv(HEAD + "A,2025-01-01,1\n"),
        {"table": "orders", "mapping": {"revenue": "salary"}},
        "no field",
        None,
        None,
    ),
    ("bad_table.csv", csv(HEAD + "A,2025-01-01,1\n"), {"table": "invoices"}, "unknown table", None, None),
    ("bad_mode.csv", csv(HEAD + "A,2025-01-01,1\n"), {"mode": "merge"}, "unknown mode", None, None),
    (
        "bad_sheet.xlsx",
        xlsx([["order_id", "order_date", "revenue"], ["A", "2025-01-01", 1]]),
        {"sheet": "Nope"},
        "no sheet",
        None,
        None,
    ),
    (
        "gbk_broken.csv",
        "订单号,日期,金额\nA,2025-01-01,1\n".encode("gbk") + b"B,2025-01-02,\x81\x20\n",
        {},
        "",
        None,
        None,
    ),
    (
        "gbk_late_break.csv",
        "订单号,日期,金额,客户\n".encode("gbk")
        + "".join(f"A{i},2025-01-01,1,华为\n" for i in range(15000)).encode("gbk")
        + b"B,2025-01-02,1,\x81\x20\n",
        {},
        "mixes encodings",
        15002,
        None,
    ),
    (
        "unknown_stage.csv",
        csv("opportunity_id,stage\nO1,contact\nO2,Wizardry\n"),
        {"table": "opportunities"},
        "stage names not in the standard process: Wizardry",
        None,
        "stage",
    ),
    (
        "bad_period.csv",
        csv("period,target\n2025-03,1\nnext year,2\n"),
        {"table": "targets"},
        "not a period",
        3,
        "period",
    ),
    ("negative_target.csv", csv("period,target\n2025-03,-5\n"), {"table": "targets"}, "negative", 2, "target"),
    (
        "replace_period_customers.csv",
        csv("customer_id,customer_name\nC1,x\n"),
        {"mode": "replace-period"},
        "replace-period",
        None,
        None,
    ),
    (
        "utf16_junk.csv",
        b"\xff\xfe" + "order_id,order_date,revenue\r\nA,2025-01-01,1\r\n".encode("utf-16-le")[:-1] + b"\x00\xd8",
        {},
        "",
        None,
        None,
    ),
]


def _plain_zip() -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


CASES = [(n, c if c is not None else _plain_zip(), o, w, r, col) for n, c, o, w, r, col in CASES]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """One store shared by every case: since no case may change it, sharing also checks that."""
    with Store(tmp_path_factory.mktemp("bad") / "shared.duckdb") as shared:
        ingest_file(shared, FIXTURES / "superstore_canada_500.csv", user=LOCAL)
        ingest_file(shared, FIXTURES / "ResellerSalesTargets.csv", units=1000, user=LOCAL)
        yield shared


@pytest.mark.parametrize(("name", "content", "options", "words", "row", "column"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(loaded, tmp_path: Path, name, content, options, words, row, column):
    before = table_checksums(loaded)
    version = loaded.data_version()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        ingest_file(loaded, path, **options, user=LOCAL)
    message = str(err.value)
    assert message.startswith(f"file {name}") and err.value.file == name
    assert words.lower() in message.lower()
    if row is not None:
        assert err.value.row == row and f"row {row}" in message
    if column is not None:
        assert err.value.column == column
    assert table_checksums(loaded) == before
    assert loaded.data_version() == version


def test_at_least_thirty_bad_inputs():
    assert len(CASES) >= 30


def test_sql_header_is_data_not_code(store, tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text('Order ID,Order Date,"Sales""); DROP TABLE orders; --"\nA,2025-01-01,1\n')
    result = ingest_file(store, path, mapping={'Sales"); DROP TABLE orders; --': "revenue"}, user=LOCAL)
    assert result.rows_loaded == 1 and store.row_count("orders") == 1


def test_formula_text_stays_text(store, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEAD.replace("revenue", "revenue,customer_name") + 'A,2025-01-01,1,=HYPERLINK("x")\n')
    ingest_file(store, path, user=LOCAL)
    assert store.scalar("SELECT customer_name FROM orders") == '=HYPERLINK("x")'


def test_rejects_within_allowance_load_the_rest(store, tmp_path):
    path = tmp_path / "some_bad.csv"
    path.write_text(HEAD + "A,2025-01-01,1\nB,2025-01-02,x\nC,2025-01-03,3\n")
    result = ingest_file(store, path, max_reject=1, user=LOCAL)
    assert (result.rows_loaded, result.rows_rejected, result.errors) == (
        2,
        1,
        ["file some_bad.csv, row 3, column 'revenue': revenue is not a number (value 'x')"],
    )
    assert store.scalar("SELECT sum(revenue) FROM orders") == 4.0
