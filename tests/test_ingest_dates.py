"""Date formats are judged per column from its values; ambiguity asks the user."""

from __future__ import annotations

import pytest
from conftest import LOCAL

from salesdash.errors import InputError
from salesdash.ingest import ingest_file
from salesdash.ingest.dates import detect_date_format


@pytest.mark.parametrize(
    ("values", "label"),
    [
        (["2025-03-01", "2025-12-31"], "ISO"),
        (["2025/3/1", "2025/12/31"], "Y/M/D"),
        (["3/1/2025", "12/31/2025"], "M/D/Y"),
        (["31/12/25", "01/02/25"], "D/M/Y"),
        (["31.12.2025"], "D/M/Y"),
        (["2025年3月1日", "2025年12月31日"], "Y年M月D日"),
        (["45658", "45659.5"], "Excel serial"),
        (["2019-03-01 00:00:00", "43525"], "ISO+Excel serial"),
        (["01-Mar-2025", "15-Apr-2025"], "D-Mon-Y"),
    ],
)
def test_detected_format(values, label):
    assert detect_date_format(values, file="f", column="c").label == label


def test_every_day_at_most_twelve_is_ambiguous():
    with pytest.raises(InputError) as err:
        detect_date_format(["01/02/2025", "03/04/2025"], file="f.csv", column="Date")
    assert err.value.column == "Date" and "--date-format DMY" in str(err.value)
    assert detect_date_format(["01/02/2025"], file="f", column="c", choice="DMY").label == "D/M/Y"
    assert detect_date_format(["01/02/2025"], file="f", column="c", choice="%d/%m/%Y").patterns == ("%d/%m/%Y",)


@pytest.mark.parametrize(
    ("choice", "expected"), [("DMY", ["2025-02-01", "2025-04-03"]), ("MDY", ["2025-01-02", "2025-03-04"])]
)
def test_date_format_choice_on_load(store, tmp_path, choice, expected):
    path = tmp_path / "amb.csv"
    path.write_text("order_id,order_date,revenue\nA,01/02/2025,1\nB,03/04/2025,2\n")
    ingest_file(store, path, date_format=choice, user=LOCAL)
    got = store.cursor().execute("SELECT order_date::VARCHAR FROM orders ORDER BY order_id").fetchall()
    assert [r[0] for r in got] == expected


def test_mixed_two_and_four_digit_years(store, tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("order_id,order_date,revenue\nA,25/12/19,1\nB,26/12/2019,2\n")
    ingest_file(store, path, user=LOCAL)
    got = store.cursor().execute("SELECT order_date::VARCHAR FROM orders ORDER BY order_id").fetchall()
    assert got == [("2019-12-25",), ("2019-12-26",)]


def test_excel_serials_and_text_dates_in_one_column(store, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单号", "日期", "金额"])
    sheet.append(["A", 45658, 1])  # a serial without date format
    sheet.append(["B", "2025-01-03", 2])  # a date stored as text
    path = tmp_path / "d.xlsx"
    book.save(path)
    ingest_file(store, path, user=LOCAL)
    got = store.cursor().execute("SELECT order_date::VARCHAR FROM orders ORDER BY order_id").fetchall()
    assert got == [("2025-01-01",), ("2025-01-03",)]
