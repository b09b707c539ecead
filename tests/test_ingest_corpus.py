"""Real exports written by others (tests/fixtures/SOURCE_corpus.md), loaded through the CLI into a fresh store,
each checked against pandas on the same file: rows loaded + rejected = data rows, the total (revenue, pipeline
amount or target), distinct customers, first and last date, and won/lost deals for CRM files. Files salesdash
must refuse are checked for the exact refusal and an unchanged store.

The pandas side is written from each file's own columns, independently of salesdash's recognition: which column
is revenue, which rows cannot give revenue (their revenue stays empty), which date format a column is in.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from salesdash.cli import main
from salesdash.store import Store
from tests.conftest import FIXTURES, table_checksums

CORPUS = FIXTURES / "corpus"
CANCELLED = (
    "; salesdash loads such lines as sales like the others (a cancellation counts only as a negative line):"
    " take them out of the file if they did not sell"
)

Figures = dict[str, Any]


@dataclass(frozen=True)
class Export:
    """One corpus file: the flags a person passes, the table it becomes, and its figures by pandas."""

    path: Path
    flags: tuple[str, ...]
    table: str
    expected: Callable[[Path], Figures]
    rejected: tuple[str, ...] = ()  # the exact reject messages, in row order
    warns: tuple[str, ...] = ()  # warnings the upload must give (among others)


def _day(values: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(values, format=fmt).dt.date


def _customers(values: pd.Series | None) -> int | None:
    return None if values is None else int(values.dropna().nunique())


def _orders(df: pd.DataFrame, revenue: pd.Series, customer: pd.Series | None, days: pd.Series) -> Figures:
    """Lines whose revenue is known load; a line whose revenue is empty and cannot be derived is rejected."""
    kept = revenue.notna()
    return {
        "read": len(df),
        "rows": int(kept.sum()),
        "total": round(float(revenue[kept].sum()), 2),
        "customers": _customers(None if customer is None else customer[kept]),
        "first": min(days[kept]),
        "last": max(days[kept]),
    }


def _deals(
    df: pd.DataFrame,
    amount: pd.Series,
    customer: pd.Series | None,
    stage: pd.Series,
    won: str,
    lost: str,
    close: pd.Series,
) -> Figures:
    return {
        "read": len(df),
        "rows": len(df),
        "total": round(float(amount.sum()), 2),
        "customers": _customers(customer),
        "won": int((stage == won).sum()),
        "lost": int((stage == lost).sum()),
        "first": min(close.dropna()),
        "last": max(close.dropna()),
    }


# ---------------------------------------------------------------- pandas, file by file


def superstore(path: Path) -> Figures:
    df = pd.read_csv(path, encoding="utf-8-sig")
    return _orders(df, df["Sales"], df["Customer ID"], _day(df["Order Date"], "%m/%d/%Y"))


def superstore_canada(path: Path) -> Figures:
    df = pd.read_csv(path, encoding="utf-8-sig")
    return _orders(df, df["Sales"], df["Customer ID"], _day(df["Order Date"], "%d/%m/%y"))


def superstore_semicolon(path: Path) -> Figures:
    df = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    return _orders(df, df["Sales"], df["Customer Name"], _day(df["Ship Date"], "%Y-%m-%d"))


def reseller_sales(path: Path) -> Figures:
    df = pd.read_csv(path, encoding="utf-16")
    return _orders(df, df["SalesAmount"], df["ResellerKey"], _day(df["OrderDate"], "%Y-%m-%d"))


def supermarket(path: Path) -> Figures:
    df = pd.read_excel(path, sheet_name=0, engine="openpyxl")
    return _orders(df, df["交易额"], None, _day(df["日期"], "%Y-%m-%d"))


def tmall(path: Path) -> Figures:
    df = pd.read_csv(path)
    return _orders(df, df["买家实际支付金额"], None, _day(df["订单创建时间"], "%Y/%m/%d %H:%M"))


def shopify(path: Path) -> Figures:
    df = pd.read_csv(path)  # the second line of order #71737 carries only its item and quantity
    revenue = df["Lineitem quantity"] * df["Lineitem price"]
    return _orders(df, revenue, df["Billing Name"], _day(df["Created at"].str[:10], "%Y-%m-%d"))


def classic_models(path: Path) -> Figures:
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])  # TERRITORY 'NA' is North America
    return _orders(df, df["SALES"], df["CUSTOMERNAME"], _day(df["ORDERDATE"], "%m/%d/%Y %H:%M"))


def amazon(path: Path) -> Figures:
    df = pd.read_csv(path)
    return _orders(df, df["Amount"], None, _day(df["Date"], "%m-%d-%y"))


def uci(path: Path) -> Figures:
    df = pd.read_csv(path)
    return _orders(df, df["TotalPrice"], df["CustomerID"], _day(df["InvoiceDate"], "%m/%d/%y %H:%M"))


def meal_info(path: Path) -> Figures:
    df = pd.read_csv(path)
    return _orders(df, df["accounts_payable"], df["emp_id"], _day(df["use_start_time"], "%Y/%m/%d %H:%M"))


def daily_zh(path: Path) -> Figures:
    df = pd.read_csv(path)
    return _orders(df, df["销售额"], None, _day(df["日期"], "%Y-%m-%d"))


def wayfair(path: Path) -> Figures:
    df = pd.read_csv(path)
    revenue = df["Quantity"] * df["Wholesale Price"]
    return _orders(df, revenue, None, _day(df["PO Date & Time"], "%m/%d/%Y %H:%M:%S"))


def maven_pipeline(path: Path) -> Figures:
    df = pd.read_csv(path)
    close = _day(df["close_date"].dropna(), "%d-%m-%y")
    return _deals(df, df["close_value"], df["account"], df["deal_stage"], "Won", "Lost", close)


def crm_opportunity(path: Path) -> Figures:
    df = pd.read_csv(path)
    close = _day(df["CloseDate"], "%Y-%m-%d")
    return _deals(df, df["EstimatedValue"], None, df["OpportunityStage"], "Closed Won", "Closed Lost", close)


def salesforce(path: Path) -> Figures:
    df = pd.read_csv(path)
    close = _day(df["CloseDate"], "%Y-%m-%d")
    return _deals(df, df["Amount"], df["AccountId"], df["StageName"], "Closed Won", "Closed Lost", close)


def pipeline_es(path: Path) -> Figures:
    df = pd.read_csv(path)
    close = _day(df["cierre_previsto"], "%Y-%m-%d")
    return _deals(df, df["importe_eur"], df["empresa"], df["etapa"], "Cerrado ganado", "Cerrado perdido", close)


def bitrix(path: Path) -> Figures:
    df = pd.read_csv(path)
    close = _day(df["CLOSEDATE"].str[:10], "%Y-%m-%d")
    return _deals(df, df["OPPORTUNITY"], df["COMPANY_ID"].astype(str), df["STAGE_ID"], "WON", "LOSE", close)


def ecommerce_target(path: Path) -> Figures:
    df = pd.read_csv(path)
    start = pd.to_datetime(df["Month of Order Date"], format="%b-%y")
    return {
        "read": len(df),
        "rows": len(df),
        "total": round(float(df["Target"].sum()), 2),
        "first": min(start).date(),
        "last": max(start + pd.offsets.MonthEnd(0)).date(),
    }


def reseller_targets(path: Path) -> Figures:
    df = pd.read_csv(path, encoding="utf-16")
    long = df.melt(id_vars=["Year", "EmployeeID"], var_name="month", value_name="target")
    long = long[long["target"] != "-"]
    start = pd.to_datetime(long["Year"].astype(str) + long["month"].str[1:], format="%Y%m")
    return {
        "read": len(df),
        "rows": len(long),
        "total": round(float(long["target"].astype(float).sum() * 1000), 2),  # the file is in thousands
        "first": min(start).date(),
        "last": max(start + pd.offsets.MonthEnd(0)).date(),
    }


# ---------------------------------------------------------------- the corpus

LOADED = [
    Export(FIXTURES / "superstore.csv", (), "orders", superstore),
    Export(FIXTURES / "superstore_canada_500.csv", (), "orders", superstore_canada),
    # Ship Date is the only date: a person says it stands for the order date
    Export(
        FIXTURES / "superstore_semicolon_500.csv", ("--map", "Ship Date=order_date"), "orders", superstore_semicolon
    ),
    Export(FIXTURES / "ResellerSales_202006_300.csv", (), "orders", reseller_sales),
    Export(FIXTURES / "ResellerSalesTargets.csv", ("--units", "1000"), "targets", reseller_targets),
    Export(
        FIXTURES / "supermarket.xlsx",
        ("--max-reject", "3"),
        "orders",
        supermarket,
        tuple(
            f"file supermarket.xlsx, row {r}, column '交易额': revenue is empty (and cannot be derived)"
            for r in (112, 126, 170)
        ),
    ),
    # two date columns (created, paid): which one is the order date is asked, not guessed
    Export(CORPUS / "tmall_order_report_zh.csv", ("--map", "订单创建时间=order_date"), "orders", tmall),
    Export(
        CORPUS / "shopify_orders_export.csv",
        (),
        "orders",
        shopify,
        warns=(
            "column 'Discount Amount' holds discounts in money (400.00 in total) that are not taken off: revenue is"
            " quantity × unit price before them; map a net line amount as revenue if the export has one",
        ),
    ),
    Export(
        CORPUS / "sales_data_sample.csv",
        (),
        "orders",
        classic_models,
        warns=(
            "column 'TERRITORY': 19 cells holding 'NA' are read as no value (a missing-value token); if 'NA' is a"
            " real value in this column (NA for North America), an admin can take it off the setting missing_values",
        ),
    ),
    Export(
        CORPUS / "amazon_sale_report_in.csv",
        ("--max-reject", "2"),
        "orders",
        amazon,
        tuple(
            f"file amazon_sale_report_in.csv, row {r}, column 'Amount': revenue is empty (and cannot be derived)"
            for r in (10, 31)
        ),
        warns=(
            "column 'totla price' is not taken as unit_price: revenue is about 0.00498 × quantity × its values, so it"
            " is not the line's unit price (to load it anyway, choose unit_price for it in the mapping, or --map it)",
            "column 'Status' marks 5 lines as cancelled" + CANCELLED,
        ),
    ),
    # every invoice of the sample is dated 12/1/10: day and month cannot be told apart without the flag
    Export(CORPUS / "uci_online_retail.csv", ("--date-format", "MDY"), "orders", uci),
    Export(
        CORPUS / "meal_order_info_zh.csv",
        (
            "--map",
            "use_start_time=order_date",
            "--map",
            "accounts_payable=revenue",
            "--map",
            "info_id=order_id",
            "--map",
            "emp_id=customer_id",
        ),
        "orders",
        meal_info,
    ),
    Export(CORPUS / "daily_sales_zh.csv", (), "orders", daily_zh),
    Export(
        CORPUS / "wayfair_supplier_orders.csv",
        ("--max-reject", "1"),
        "orders",
        wayfair,
        ("file wayfair_supplier_orders.csv, row 17, column 'Quantity': revenue cannot be derived: quantity is empty",),
        warns=("column 'Order Status' marks 1 lines as cancelled" + CANCELLED,),
    ),
    Export(CORPUS / "maven_crm_sales_pipeline.csv", (), "opportunities", maven_pipeline),
    Export(CORPUS / "crm_sample_opportunity.csv", (), "opportunities", crm_opportunity),
    Export(
        CORPUS / "salesforce_opportunities_mock.csv",
        (),
        "opportunities",
        salesforce,
        warns=(
            "column 'Probability' was not taken as probability: its values are percentages (10 … 100), and"
            " salesdash's probability is a fraction (0.7)",
        ),
    ),
    Export(CORPUS / "pipeline_ventas_es.csv", (), "opportunities", pipeline_es),
    # Bitrix24's own pipeline stages: where they sit in the standard process is the company's call
    Export(
        CORPUS / "bitrix24_deals_ru.csv",
        ("--stage", "EXECUTING=negotiation", "--stage", "FINAL_INVOICE=negotiation"),
        "opportunities",
        bitrix,
    ),
    Export(
        CORPUS / "ecommerce_sales_target.csv",
        (),
        "targets",
        ecommerce_target,
        warns=(
            "column 'Category' spells the same label in several ways ('CLOTHING', 'Clothing', 'clothing';"
            " 'Electronics', 'electronics'; 'FURNITURE', 'Furniture', 'furniture'): they are loaded as written, as"
            " separate groups; correct the file if they are one",
        ),
    ),
]

STORE_FIGURES = {
    "orders": "SELECT count(*), round(sum(revenue), 2), CASE WHEN count(customer_id) = 0 THEN NULL"
    " ELSE count(DISTINCT customer_id) END, min(order_date), max(order_date) FROM orders",
    "opportunities": "SELECT count(*), round(sum(amount), 2), CASE WHEN count(customer_id) = 0 THEN NULL"
    " ELSE count(DISTINCT customer_id) END, count(*) FILTER (status = 'won'), count(*) FILTER (status = 'lost'),"
    " min(coalesce(closed_date, expected_close_date)), max(coalesce(closed_date, expected_close_date))"
    " FROM opportunities",
    "targets": "SELECT count(*), round(sum(target), 2), min(period_start), max(period_end) FROM targets",
}
NAMES = {
    "orders": ("rows", "total", "customers", "first", "last"),
    "opportunities": ("rows", "total", "customers", "won", "lost", "first", "last"),
    "targets": ("rows", "total", "first", "last"),
}


def _ingest(path: Path, db: Path, flags: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> tuple[int, Figures]:
    code = main(["ingest", str(path), "--db", str(db), *flags, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def fresh_db(tmp_path: Path, empty_db: Path) -> Path:
    db = tmp_path / "corpus.duckdb"
    shutil.copy(empty_db, db)
    return db


@pytest.mark.parametrize("export", LOADED, ids=lambda e: e.path.name)
def test_corpus_file_matches_pandas(export: Export, fresh_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = export.expected(export.path)
    code, out = _ingest(export.path, fresh_db, export.flags, capsys)
    assert (code, out["table"], out["errors"]) == (0, export.table, list(export.rejected))
    assert [w for w in export.warns if w not in out["warnings"]] == []
    # a long file's rows are loaded or rejected; a wide target sheet loads one row per month cell
    assert (out["rows_read"], out["rows_loaded"], out["rows_rejected"]) == (
        expected["read"],
        expected["rows"],
        len(export.rejected),
    )
    with duckdb.connect(str(fresh_db), read_only=True) as con:
        row = con.execute(STORE_FIGURES[export.table]).fetchone()
    assert row is not None
    got = dict(zip(NAMES[export.table], row, strict=True))
    assert got == {k: expected[k] for k in NAMES[export.table]}
    assert all(isinstance(got[k], date) for k in ("first", "last"))


@dataclass(frozen=True)
class Refused:
    path: Path
    flags: tuple[str, ...]
    error: str | tuple[str, ...]  # one refusal, or the rows rejected (in row order)


_BRAND = "file brand_sales_zh.csv, row {}, column '销售日期': order_date is empty; it is required"

REFUSED = [
    # the date is written on the first line of each day only (merged cells): filling it down is the person's
    # call, not salesdash's; the last line has neither quantity nor revenue
    Refused(
        CORPUS / "brand_sales_zh.csv",
        (),
        (
            *(_BRAND.format(r) for r in (3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 16, 17, 19, 20)),
            "file brand_sales_zh.csv, row 21, column '销售额': revenue is empty (and cannot be derived)",
        ),
    ),
    # the till export has a checkout time but no date: no order can be dated
    Refused(
        CORPUS / "meal_order_detail_en.csv",
        (),
        "file meal_order_detail_en.csv, column 'order_date': no column for the required field 'order_date' of orders."
        " Columns are: Order ID, Checkout Time, Dishes ID, Dishes Name, Counts, Unit Price, Adding Info."
        " Map one with --map 'COLUMN=order_date' (or choose it on the Data page).",
    ),
    Refused(
        CORPUS / "uci_online_retail.csv",
        (),
        "file uci_online_retail.csv, column 'InvoiceDate': the dates (e.g. '12/1/10 8:26') read both as day/month and"
        " as month/day; choose the order with --date-format DMY or --date-format MDY (on the Data page: the"
        " date-format choice).",
    ),
    # with the order date given but not the amount, the restaurant file has no revenue: refused once, not per row
    Refused(
        CORPUS / "meal_order_info_zh.csv",
        ("--map", "use_start_time=order_date"),
        "file meal_order_info_zh.csv, column 'revenue': no column gives revenue: orders need a revenue column, or both"
        " quantity and unit price to derive it. Columns are: info_id, emp_id, number_consumers, dining_table_id,"
        " dining_table_name, expenditure, dishes_count, accounts_payable, use_start_time, lock_time, org_id,"
        " order_status, phone. Map one with --map 'COLUMN=revenue' (or choose it on the Data page).",
    ),
    Refused(
        CORPUS / "bitrix24_deals_ru.csv",
        (),
        "file bitrix24_deals_ru.csv, column 'STAGE_ID': stage names not in the standard process: EXECUTING,"
        " FINAL_INVOICE. Map each one with --stage 'NAME=STAGE' (stages: contact, needs_analysis, proposal,"
        " negotiation, won, lost, after_sales), or on the Data page; the mapping is saved.",
    ),
]


@pytest.mark.parametrize("refused", REFUSED, ids=lambda r: f"{r.path.name}{''.join(r.flags)}")
def test_corpus_file_refused_with_its_exact_messages(
    refused: Refused, fresh_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(fresh_db) as store:
        before = table_checksums(store)
    code, out = _ingest(refused.path, fresh_db, refused.flags, capsys)
    errors = [refused.error] if isinstance(refused.error, str) else list(refused.error)
    assert (code, out["errors"], out["rows_loaded"]) == (1, errors, 0)
    with Store(fresh_db) as store:
        assert table_checksums(store) == before
