"""Legacy .xls workbooks: sheet choice, Excel dates and text dates, exact values (fixture: make_xls.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import LOCAL

from salesdash.errors import InputError
from salesdash.ingest import ingest_file, inspect_file
from tests.conftest import FIXTURES

XLS = FIXTURES / "orders_zh.xls"


def test_first_sheet_is_offered_with_its_mapping():
    info = inspect_file(XLS)
    assert (info.container, info.sheets, info.sheet, info.table) == ("xls", ("订单", "客户"), "订单", "orders")
    assert info.mapping == {
        "订单号": "order_id",
        "行号": "line_id",
        "订单日期": "order_date",
        "客户名称": "customer_name",
        "数量": "quantity",
        "金额": "revenue",
    }
    assert info.date_formats == {"order_date": "ISO"}  # Excel date cells arrive as real dates


def test_orders_sheet_loads_exact_values(store):
    result = ingest_file(store, XLS, user=LOCAL)
    assert (result.table, result.rows_read, result.rows_loaded, result.rows_rejected) == ("orders", 4, 4, 0)
    rows = store.cursor().execute(
        "SELECT order_id, line_id, order_date, customer_id, customer_name, quantity, revenue FROM orders "
        "ORDER BY order_id, line_id"
    )
    assert rows.fetchall() == [
        ("1001", "1", dt.date(2025, 3, 1), "华为", "华为", 2.0, 1234.5),
        ("1001", "2", dt.date(2025, 3, 1), "华为", "华为", 1.0, 99.0),
        ("1002", "1", dt.date(2025, 3, 15), "小米", "小米", 10.0, 8800.25),
        ("A-1003", "1", dt.date(2024, 12, 31), "比亚迪", "比亚迪", 3.0, 450.0),
    ]


def test_second_sheet_by_name_with_text_dates(store):
    info = inspect_file(XLS, sheet="客户")
    assert (info.sheet, info.table, info.date_formats) == ("客户", "customers", {"created_date": "Y年M月D日"})
    result = ingest_file(store, XLS, sheet="客户", user=LOCAL)
    assert (result.table, result.rows_loaded) == ("customers", 3)
    rows = store.cursor().execute("SELECT customer_id, customer_name, created_date FROM customers ORDER BY 1")
    assert rows.fetchall() == [
        ("C01", "华为", dt.date(2024, 1, 15)),
        ("C02", "小米", dt.date(2024, 2, 3)),
        ("C03", "比亚迪", dt.date(2023, 11, 30)),
    ]
    assert store.cursor().execute("SELECT count(*) FROM orders").fetchall() == [(0,)]


def test_unknown_sheet_names_the_sheets(store):
    with pytest.raises(InputError) as err:
        ingest_file(store, XLS, sheet="Sheet1", user=LOCAL)
    assert "订单, 客户" in str(err.value) and "orders_zh.xls" in str(err.value)
