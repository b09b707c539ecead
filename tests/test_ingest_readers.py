"""Real exports load as they are: encodings, delimiters, decimal commas, sheets, wide targets."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import LOCAL

from salesdash.errors import InputError
from salesdash.ingest import ingest_file, inspect_file
from tests.conftest import FIXTURES


def totals(store, table="orders", column="revenue"):
    return store.cursor().execute(f"SELECT count(*), round(sum({column}), 2) FROM {table}").fetchall()[0]


def test_superstore_loads_whole_with_no_mapping(store):
    expected = pd.read_csv(FIXTURES / "superstore.csv", encoding="utf-8-sig")
    result = ingest_file(store, FIXTURES / "superstore.csv", user=LOCAL)
    assert (result.table, result.rows_read, result.rows_loaded, result.rows_rejected) == ("orders", 9994, 9994, 0)
    assert totals(store) == (len(expected), round(expected["Sales"].sum(), 2)) == (9994, 2297200.86)
    assert result.encoding == "utf-8-sig" and result.date_formats == {"order_date": "M/D/Y"}
    first = store.cursor().execute("SELECT min(order_date), max(order_date), count(DISTINCT order_id) FROM orders")
    assert [str(v) for v in first.fetchall()[0]] == ["2016-01-03", "2019-12-30", "5009"]


def test_day_first_canada_variant(store):
    raw = pd.read_csv(FIXTURES / "superstore_canada_500.csv", encoding="utf-8-sig")
    result = ingest_file(store, FIXTURES / "superstore_canada_500.csv", user=LOCAL)
    assert result.date_formats == {"order_date": "D/M/Y"}
    assert totals(store) == (500, round(raw["Sales"].sum(), 2))
    expected = pd.to_datetime(raw["Order Date"], format="%d/%m/%y").dt.date
    got = store.cursor().execute("SELECT order_date FROM orders ORDER BY CAST(line_id AS INTEGER)").fetchdf()
    assert list(got["order_date"].dt.date) == list(expected)
    assert result.mapping["Country/Region"] == "country" and result.mapping["State/Province"] == "province"


def test_semicolon_windows_1252_without_order_date_takes_the_ship_date_and_says_so(store):
    path = FIXTURES / "superstore_semicolon_500.csv"
    result = ingest_file(store, path, user=LOCAL)  # Ship Date stands in for the missing order date (docs/uploads.md)
    assert result.mapping["Ship Date"] == "order_date"
    assert "column 'Ship Date' is taken as order_date: the file has no better column for it" in result.warnings
    raw = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert totals(store) == (500, round(raw["Sales"].sum(), 2))
    names = store.cursor().execute(
        "SELECT count(*) FROM orders WHERE product_name LIKE '%é%' OR product_name LIKE '%“%'"
    )
    assert names.fetchall()[0][0] == raw["Product Name"].str.contains("é|“").sum()


def test_wide_targets_in_thousands_unpivot(store):
    raw = pd.read_csv(FIXTURES / "ResellerSalesTargets.csv", encoding="utf-16")
    long = raw.melt(id_vars=["Year", "EmployeeID"], var_name="month", value_name="t")
    long = long[long["t"].str.strip() != "-"]
    result = ingest_file(store, FIXTURES / "ResellerSalesTargets.csv", units=1000, user=LOCAL)
    assert (result.table, result.rows_read, result.rows_loaded) == ("targets", 81, len(long))
    assert totals(store, "targets", "target") == (len(long), round(long["t"].astype(float).sum() * 1000, 2))
    row = (
        store.cursor()
        .execute(
            "SELECT period, level, level_id, metric, target, period_start, period_end FROM targets "
            "WHERE rep_id = '112432117' AND period = '2017-07'"
        )
        .fetchall()
    )
    assert [tuple(str(v) for v in r) for r in row] == [
        ("2017-07", "rep", "112432117", "revenue", "500000.0", "2017-07-01", "2017-07-31")
    ]


def test_reseller_sales_utf16_slice(store):
    path = FIXTURES / "ResellerSales_202006_300.csv"
    raw = pd.read_csv(path, encoding="utf-16")
    result = ingest_file(store, path, user=LOCAL)
    assert (result.table, result.encoding, result.rows_loaded) == ("orders", "utf-16-le", 300)
    assert totals(store) == (300, round(raw["SalesAmount"].sum(), 2))
    assert totals(store, column="cost") == (300, round(raw["TotalProductCost"].sum(), 2))


def test_chinese_xlsx_sheets(store):
    path = FIXTURES / "supermarket.xlsx"
    info = inspect_file(path)
    assert info.sheets == ("Sheet1", "Sheet2", "Sheet3") and info.table == "orders"
    assert info.mapping == {
        "工号": "rep_id",
        "姓名": "rep_name",
        "日期": "order_date",
        "交易额": "revenue",
        "柜台": "category",
    }
    with pytest.raises(InputError) as err:  # three takings are empty
        ingest_file(store, path, user=LOCAL)
    assert "交易额" in str(err.value) and "row" in str(err.value)
    raw = pd.read_excel(path, sheet_name="Sheet1")
    result = ingest_file(store, path, max_reject=3, user=LOCAL)
    assert (result.rows_loaded, result.rows_rejected) == (246, 3)
    assert sorted(r.row for r in result.rejects) == [i + 2 for i in raw.index[raw["交易额"].isna()]]
    assert totals(store) == (246, round(raw["交易额"].sum(), 2))
    assert any("order id" in w for w in result.warnings)
    reps = ingest_file(store, path, sheet="Sheet3", user=LOCAL)
    assert (reps.table, reps.rows_loaded, reps.mapping) == (
        "reps",
        7,
        {"工号": "rep_id", "姓名": "rep_name", "职级": "level"},
    )


ROWS = [
    ("订单号", "日期", "客户名称", "金额"),
    ("A1", "2025年3月1日", "华为", "1,234.50"),
    ("A2", "2025年3月2日", "小米", " 99 "),
]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16-be", "utf-16", "gb18030", "utf-8"])
def test_generated_chinese_encodings(store, tmp_path, encoding):
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in ROWS) + "\r\n"
    path = tmp_path / "cn.csv"
    path.write_bytes(text.encode(encoding))
    result = ingest_file(store, path, user=LOCAL)
    assert result.rows_loaded == 2
    got = store.cursor().execute("SELECT order_id, order_date::VARCHAR, customer_id, revenue FROM orders ORDER BY 1")
    assert got.fetchall() == [("A1", "2025-03-01", "华为", 1234.5), ("A2", "2025-03-02", "小米", 99.0)]


@pytest.mark.parametrize("delimiter", ["\t", "|", ";"])
def test_other_delimiters(store, tmp_path, delimiter):
    path = tmp_path / "x.txt"
    path.write_text(f"Order ID{delimiter}Order Date{delimiter}Sales\nA1{delimiter}2025-01-31{delimiter}10.5\n")
    assert ingest_file(store, path, user=LOCAL).delimiter == delimiter
    assert totals(store) == (1, 10.5)


def test_parquet_by_content_not_extension(store, tmp_path):
    frame = pd.DataFrame(
        {"order_id": ["a", "b"], "order_date": pd.to_datetime(["2025-01-02", "2025-02-03"]), "revenue": [1.5, 2.0]}
    )
    path = tmp_path / "orders.csv"  # the wrong extension on purpose
    frame.to_parquet(path)
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 2
    assert totals(store) == (2, 3.5)


def test_inspect_from_bytes_gives_preview(tmp_path):
    data = (FIXTURES / "superstore.csv").read_bytes()
    info = inspect_file(data, "export.csv")
    assert (info.table, info.encoding, info.delimiter, len(info.preview)) == ("orders", "utf-8-sig", ",", 20)
    assert info.date_formats == {"order_date": "M/D/Y"}
    assert info.samples["Order ID"][:2] == ["CA-2018-152156", "CA-2018-152156"]
    assert isinstance(info.preview, pd.DataFrame) and "__row" not in info.preview.columns
