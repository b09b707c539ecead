"""Real exports recognised without hints: header words and vocabulary, value evidence, the table kind with a margin,
confidence, periods and dates as people write them, CRM stage names, and category targets (docs/uploads.md)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdash.cli import main
from salesdash.filters import Filters, Window
from salesdash.ingest import ingest_file, inspect_file
from salesdash.ingest.dates import detect_date_format, parse_period, parse_periods
from salesdash.ingest.mapping import guess_mapping
from salesdash.metrics.targets.attainment import attainment_by
from salesdash.metrics.targets.targets import target_for
from salesdash.tables import Tables
from tests.conftest import FIXTURES, LOCAL

CASES = FIXTURES / "recognition"
CORPUS = json.loads((FIXTURES / "recognition_corpus.json").read_text(encoding="utf-8"))


def _guess(e: dict) -> object:
    return guess_mapping(e["headers"], e["samples"], file=e["file"], sheet=e.get("sheet"))


def test_corpus_recognition_rate_and_misses():
    """Exact match = the right table, the whole expected mapping and nothing else, and no doubt left to ask."""
    misses = []
    for e in CORPUS:
        g = _guess(e)
        if (g.table, g.mapping, g.alternative) != (e["table"], e["mapping"], None):
            misses.append(f"{e['id']}: got {g.table} {g.mapping}, want {e['table']} {e['mapping']}")
    rate = 1 - len(misses) / len(CORPUS)
    print(f"\nrecognition: {len(CORPUS) - len(misses)}/{len(CORPUS)} = {rate:.0%}; misses: {misses or 'none'}")
    assert len(CORPUS) >= 25 and len({e["system"] for e in CORPUS}) >= 15
    assert rate >= 0.9, "\n".join(misses)


@pytest.mark.parametrize(
    ("headers", "samples", "file", "table", "expected"),
    [
        (
            ["Month of Order Date", "Target"],
            {"Month of Order Date": ["Apr-18"]},
            "t.csv",
            "targets",
            {"Month of Order Date": "period"},
        ),
        (
            ["Order ID", "Date Time", "Sales"],
            {"Date Time": ["2024-01-02 10:00"]},
            "x.csv",
            "orders",
            {"Date Time": "order_date"},
        ),
        (
            ["Opportunity ID", "Account", "Stage", "Close Date"],
            {"Stage": ["Won"]},
            "x.csv",
            "opportunities",
            {"Account": "customer_id", "Close Date": "expected_close_date"},
        ),
        (
            ["order_id", "dishes_name", "counts", "amounts", "place_order_time"],
            {"place_order_time": ["2016-08-01 11:05:36"], "counts": ["1"], "amounts": ["49"]},
            "x.xlsx",
            "orders",
            {
                "dishes_name": "product_name",
                "counts": "quantity",
                "amounts": "unit_price",
                "place_order_time": "order_date",
            },
        ),
        (
            ["购药时间", "社保卡号", "实收金额"],
            {"购药时间": ["2018-01-01 星期五"], "实收金额": ["69"]},
            "x.xlsx",
            "orders",
            {"购药时间": "order_date", "社保卡号": "customer_id", "实收金额": "revenue"},
        ),
        (
            ["订单号", "下单时间", "付款时间", "实付金额"],
            {"下单时间": ["2024-06-18 10:00:00"], "付款时间": ["2024-06-18 10:01:00"], "实付金额": ["99.9"]},
            "x.csv",
            "orders",
            {"订单号": "order_id", "下单时间": "order_date", "实付金额": "revenue"},
        ),
        (
            ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice"],
            {"InvoiceDate": ["12/1/2010 8:26"]},
            "x.csv",
            "orders",
            {"InvoiceNo": "order_id", "StockCode": "product_id", "InvoiceDate": "order_date"},
        ),
        (
            ["Oportunidad", "Nombre del cliente", "Etapa", "Monto", "Fecha de cierre", "Vendedor"],
            {"Etapa": ["Ganado", "Propuesta"], "Fecha de cierre": ["2024-03-01"], "Monto": ["1000"]},
            "oportunidades.csv",
            "opportunities",
            {
                "Nombre del cliente": "customer_id",
                "Etapa": "stage",
                "Monto": "amount",
                "Fecha de cierre": "expected_close_date",
                "Vendedor": "rep_id",
            },
        ),
    ],
)
def test_headers_named_in_the_issue(headers, samples, file, table, expected):
    g = guess_mapping(headers, samples, file=file)
    assert g.table == table
    assert {h: g.mapping.get(h) for h in expected} == expected


def test_wrong_table_guesses_seen_in_the_issue():
    targets_per_employee = guess_mapping(
        ["工号", "姓名", "月份", "目标"], {"工号": ["E1", "E1", "E2"], "月份": ["2025-01", "2025-02", "2025-01"]}
    )
    accounts = guess_mapping(
        ["account", "sector", "year_established", "revenue", "employees"],
        {"revenue": ["1100.04"], "year_established": ["1996"]},
        file="accounts.csv",
    )
    pharmacy = guess_mapping(
        ["购药时间", "商品编码", "商品名称", "销售数量", "实收金额"],
        {"商品编码": ["236701", "236701"], "购药时间": ["2018-01-01 星期五"]},
    )
    deals = guess_mapping(
        ["opportunity_id", "sales_agent", "account", "deal_stage", "engage_date", "close_date", "close_value"],
        {"deal_stage": ["Won", "Engaging", "Prospecting"]},
        file="sales_pipeline.csv",
    )
    assert [g.table for g in (targets_per_employee, accounts, pharmacy, deals)] == [
        "targets",
        "customers",
        "orders",
        "opportunities",
    ]
    actuals = guess_mapping(["Rep", "Jan", "Feb", "Mar"], {"Jan": ["100"]}, file="sales_by_month.csv")
    assert actuals.table != "targets" and actuals.refusal("sales_by_month.csv").key == "ingest.error.wide_not_targets"


def test_two_close_kinds_are_not_guessed(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text("ID,Name,Region\n1,Alpha,East\n2,Beta,West\n")
    assert main(["ingest", str(path), "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.count("salesdash:") == 1 and "could be" in err and err.count("--table") == 2
    info = inspect_file(path)
    assert len(info.candidates) == 2 and info.question is not None
    assert [c["table"] for c in info.candidates] == [info.table, info.candidates[1]["table"]]
    assert main(["ingest", str(path), "--db", str(tmp_path / "x.duckdb"), "--table", "customers"]) == 0


def test_unsure_column_asks_instead_of_loading(tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_text("Ref,When,Sales\nA,2025-01-03,10\nB,2025-01-04,20\n")
    db = str(tmp_path / "x.duckdb")
    assert main(["ingest", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "column 'When'" in err and "--map 'When=order_date'" in err
    assert main(["ingest", str(path), "--db", db, "--map", "When=order_date", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows_loaded"] == 2 and out["confidence"]["When"]["confidence"] == "sure"


def test_json_carries_confidence_with_deciding_samples(tmp_path, capsys):
    assert main(["ingest", str(CASES / "pharmacy_sales_2018.xlsx"), "--db", str(tmp_path / "x.duckdb"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["confidence"]["购药时间"] == {
        "field": "order_date",
        "confidence": "sure",
        "samples": ["2018-01-01 星期五", "2018-01-02 星期六", "2018-01-06 星期三"],
    }
    assert {c["confidence"] for c in out["confidence"].values()} <= {"sure", "likely"}


def test_months_without_a_year_ask_once_then_load_with_year(tmp_path, capsys):
    path = tmp_path / "销售目标.csv"
    path.write_text("工号,1月,2月,3月\nE1,10,20,30\nE2,5,-,7\n")
    db = str(tmp_path / "x.duckdb")
    assert main(["ingest", str(path), "--db", db, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["errors"]) == 1 and "--year" in out["errors"][0]
    assert main(["ingest", str(path), "--db", db, "--year", "2025"]) == 0
    import duckdb

    rows = duckdb.connect(db).execute("SELECT period, rep_id, target FROM targets ORDER BY 2, 1").fetchall()
    assert rows == [
        ("2025-01", "E1", 10.0),
        ("2025-02", "E1", 20.0),
        ("2025-03", "E1", 30.0),
        ("2025-01", "E2", 5.0),
        ("2025-03", "E2", 7.0),
    ]


def test_unknown_stages_in_one_message_then_mapped_and_saved(tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_text(
        "Deal ID,Stage,Amount\nD1,Pilot,10\nD2,Demo,20\nD3,Pilot,30\nD4,Closed Won,40\nD5,Engaging,5\nD6,Ganado,6\n"
    )
    db = str(tmp_path / "x.duckdb")
    assert main(["ingest", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Demo, Pilot" in err and "--stage" in err
    assert main(["ingest", str(path), "--db", db, "--stage", "Pilot=negotiation", "--stage", "Demo=proposal"]) == 0
    capsys.readouterr()
    again = tmp_path / "deals2.csv"
    again.write_text("Deal ID,Stage,Amount\nD7,Pilot,70\n")
    assert main(["ingest", str(again), "--db", db]) == 0
    import duckdb

    rows = duckdb.connect(db).execute("SELECT opportunity_id, stage, status FROM opportunities ORDER BY 1").fetchall()
    assert rows == [
        ("D1", "negotiation", "open"),
        ("D2", "proposal", "open"),
        ("D3", "negotiation", "open"),
        ("D4", "won", "won"),
        ("D5", "needs_analysis", "open"),
        ("D6", "won", "won"),
        ("D7", "negotiation", "open"),
    ]
    assert main(["ingest", str(path), "--db", db, "--stage", "Pilot=pilot"]) == 2


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@settings(max_examples=60, deadline=None)
@given(st.integers(1969, 2068), st.integers(1, 12), st.integers(1, 4))
def test_periods_in_the_forms_people_write(year, month, quarter):
    """Two-digit years follow strptime's pivot (69–99 → 1900s), so 1969–2068 round-trip."""
    yy = f"{year % 100:02d}"
    months = [f"{_MONTHS[month - 1]}-{yy}", f"{_LONG[month - 1]} {year}", f"{year}年{month}月", f"{year}-{month}"]
    months += [f"{yy}/{month:02d}"] if year % 100 > 12 else []
    quarters = [f"FY{year} Q{quarter}", f"{year}Q{quarter}", f"Q{quarter} {year}"]
    found = parse_periods(months + quarters)
    assert found == [f"{year}-{month:02d}"] * len(months) + [f"{year}-Q{quarter}"] * len(quarters)


def test_ambiguous_two_number_period_is_no_period():
    assert parse_period("04/03") is None and parse_period("43191") == "2018-04"


def test_weekday_suffix_and_time_zone_dates(store, tmp_path):
    fmt = detect_date_format(
        ["2018-01-01 星期五", "2026-04-05 21:06:21 +0400", "2024-03-01T10:00:00Z"], file="f", column="c"
    )
    assert fmt.cleanup and fmt.label == "ISO"
    path = tmp_path / "orders.csv"
    path.write_text(
        "Order ID,Order Date,Sales\nA,2018-01-01 星期五,1\nB,2026-04-05 21:06:21 +0400,2\nC,2024-03-01 (Fri),3\n"
    )
    ingest_file(store, path, user=LOCAL)
    rows = store.cursor().execute("SELECT order_id, order_date FROM orders ORDER BY 1").fetchall()
    assert rows == [("A", date(2018, 1, 1)), ("B", date(2026, 4, 5)), ("C", date(2024, 3, 1))]


def test_category_targets_and_attainment_per_category(store, tmp_path):
    ingest_file(store, CASES / "sales_target.csv", user=LOCAL)
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order ID,Order Date,Category,Sales\nA,2018-04-10,Furniture,5200\nB,2018-05-02,Furniture,10500\n"
        "C,2018-06-30,Clothing,9000\nD,2018-07-01,Clothing,999\n"
    )
    ingest_file(store, orders, user=LOCAL)
    levels = store.cursor().execute("SELECT DISTINCT level, level_id FROM targets ORDER BY 2").fetchall()
    assert levels == [("category", "Clothing"), ("category", "Furniture")]
    tables = Tables.from_store(store)
    q2 = Window(date(2018, 4, 1), date(2018, 6, 30))
    frame = attainment_by(tables, Filters(), q2, "category").set_index("level_id")
    assert frame.loc["Furniture", "target"] == pytest.approx(10400 + 10500 + 10600)
    assert frame.loc["Furniture", "attainment"] == pytest.approx((5200 + 10500) / 31500)
    assert frame.loc["Clothing", "attainment"] == pytest.approx(9000 / 36000)
    # With no company, region, team or rep targets, the company's target is the sum of the categories'.
    assert target_for(tables, Filters(), q2) == pytest.approx(31500 + 36000)


def test_company_targets_by_month_abbreviation(store, tmp_path):
    ingest_file(store, CASES / "sales_target_company.csv", user=LOCAL)
    orders = tmp_path / "orders.csv"
    orders.write_text("Order ID,Order Date,Sales\nA,2018-05-02,100\n")
    ingest_file(store, orders, user=LOCAL)
    tables = Tables.from_store(store)
    assert target_for(tables, Filters(), Window(date(2018, 4, 1), date(2018, 6, 30))) == pytest.approx(31500)


def test_a_store_of_targets_alone_gives_its_target_and_null_sales(tmp_path, capsys):
    # Targets are often uploaded before the first month's sales: nothing may fail for want of orders or reps.
    db = tmp_path / "targets.duckdb"
    assert main(["ingest", str(CASES / "sales_target_company.csv"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["kpis", "--db", str(db), "--json", "--start", "2018-04-01", "--end", "2018-06-30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["target"], out["revenue"], out["attainment"], out["pipeline"]["won"]) == (31500, None, None, None)


def test_pharmacy_lines_load_as_orders_with_amount_paid_as_revenue(store):
    result = ingest_file(store, CASES / "pharmacy_sales_2018.xlsx", user=LOCAL)
    frame = pd.read_excel(CASES / "pharmacy_sales_2018.xlsx", dtype=str)
    revenue = store.cursor().execute("SELECT sum(revenue) FROM orders WHERE year(order_date) = 2018").fetchall()[0][0]
    assert (result.table, result.rows_loaded) == ("orders", len(frame))
    assert revenue == pytest.approx(pd.to_numeric(frame["实收金额"]).sum()) == pytest.approx(316.64)


def test_meal_orders_load_without_a_map(store):
    """counts × amounts (the dish's unit price): 49 + 48 + 2 × 36 on the first sheet, orders 417 and 301."""
    result = ingest_file(store, CASES / "meal_orders_two_sheets.xlsx", sheet="2016-08-a", user=LOCAL)
    found = store.cursor().execute("SELECT sum(revenue), count(DISTINCT order_id) FROM orders").fetchall()[0]
    assert result.mapping == {
        "order_id": "order_id",
        "dishes_name": "product_name",
        "counts": "quantity",
        "amounts": "unit_price",
        "place_order_time": "order_date",
    }
    assert found == (169.0, 2)


def test_closed_deals_take_the_close_date(store):
    result = ingest_file(store, CASES / "opportunities.csv", user=LOCAL)
    assert any("close date of won and lost deals" in w for w in result.warnings)
    rows = store.cursor().execute("SELECT opportunity_id, status, closed_date FROM opportunities ORDER BY 1").fetchall()
    assert rows == [
        ("OPP-1", "won", date(2026, 6, 6)),
        ("OPP-2", "lost", date(2026, 6, 2)),
        ("OPP-3", "open", None),
        ("OPP-4", "open", None),
        ("OPP-5", "won", date(2026, 5, 15)),
    ]


def _sum(store, sql: str) -> float:
    return float(store.cursor().execute(sql).fetchall()[0][0])


@pytest.mark.parametrize(
    ("fixture", "read", "column", "kwargs"),
    [
        ("superstore.csv", {"encoding": "utf-8-sig"}, "Sales", {}),
        ("superstore_canada_500.csv", {"encoding": "utf-8-sig"}, "Sales", {}),
        ("superstore_semicolon_500.csv", {"sep": ";", "decimal": ",", "encoding": "cp1252"}, "Sales", {}),
        ("ResellerSales_202006_300.csv", {"encoding": "utf-16"}, "SalesAmount", {}),
        ("supermarket.xlsx", {"sheet_name": "Sheet1"}, "交易额", {"max_reject": 3}),  # three blank takings
    ],
)
def test_shared_datasets_load_without_hints_and_equal_pandas(store, fixture, read, column, kwargs):
    path = FIXTURES / fixture
    result = ingest_file(store, path, **kwargs, user=LOCAL)
    frame = pd.read_excel(path, **read) if fixture.endswith("xlsx") else pd.read_csv(path, **read)
    values = pd.to_numeric(frame[column])
    assert result.table == "orders" and result.rows_loaded == int(values.notna().sum())
    assert _sum(store, "SELECT sum(revenue) FROM orders") == pytest.approx(values.sum())


def test_shared_targets_and_staff_sheet_load_without_hints(store):
    result = ingest_file(store, FIXTURES / "ResellerSalesTargets.csv", user=LOCAL)
    frame = pd.read_csv(FIXTURES / "ResellerSalesTargets.csv", encoding="utf-16", thousands=",", na_values="-")
    months = frame[[f"M{m:02d}" for m in range(1, 13)]].apply(pd.to_numeric)
    assert result.table == "targets" and result.rows_loaded == int(months.notna().sum().sum())
    assert _sum(store, "SELECT sum(target) FROM targets") == pytest.approx(months.sum().sum())
    staff = ingest_file(store, FIXTURES / "supermarket.xlsx", sheet="Sheet3", user=LOCAL)
    assert (staff.table, staff.rows_loaded) == (
        "reps",
        len(pd.read_excel(FIXTURES / "supermarket.xlsx", sheet_name="Sheet3")),
    )


def test_a_file_that_is_no_sales_table_is_refused_in_one_message(tmp_path, capsys):
    assert main(["ingest", str(CASES / "ColorFormats.csv"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert capsys.readouterr().err.count("salesdash:") == 1


def test_a_database_made_before_category_targets_gets_the_column(tmp_path):
    from salesdash.store import Store

    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        ingest_file(store, CASES / "sales_target_company.csv", user=LOCAL)
        store.cursor().execute(
            "ALTER TABLE targets DROP COLUMN category; ALTER TABLE _replaced_targets DROP COLUMN category"
        )
    with Store(db) as store:
        ingest_file(store, CASES / "sales_target.csv", user=LOCAL)
        found = (
            store.cursor().execute("SELECT level, count(*), sum(target) FROM targets GROUP BY 1 ORDER BY 1").fetchall()
        )
    assert found == [("category", 6, 67500.0), ("company", 3, 31500.0)]


def test_contact_details_are_no_name_and_fiscal_years_are_said():
    g = guess_mapping(
        ["Order ID", "Order Date", "Sales", "Customer"],
        {"Customer": ["ann@example.com", "bo@example.org", "+1 415 555 0100"], "Order Date": ["2025-01-02"]},
    )
    assert "Customer" not in g.mapping
    plan = guess_mapping(["Quarter", "Target"], {"Quarter": ["FY2024 Q1", "FY2024 Q2"]}, file="plan.csv")
    assert plan.mapping == {"Quarter": "period", "Target": "target"}
    assert "periods such as 'FY2024 Q1' are read as calendar years" in " ".join(plan.warnings)


def test_amounts_with_cents_are_no_identifiers():
    from salesdash.ingest.evidence import value_fit

    assert value_fit("opportunity_id", "VARCHAR", ["100000.00", "10000.00", "90000.00"]) is None
    assert value_fit("opportunity_id", "VARCHAR", ["O0001", "O0002"]) == 0.0
    assert value_fit("order_id", "VARCHAR", ["10107", "10121"]) == 0.0


def test_stage_names_seen_in_the_corpus():
    from salesdash.ingest.stages import DEFAULT_STAGE_MAP, normalize_stage

    seen = {"Proposal Sent": "proposal", "Propuesta enviada": "proposal", "LOSE": "lost", "NEW": "contact"}
    assert {name: DEFAULT_STAGE_MAP[normalize_stage(name)] for name in seen} == seen
