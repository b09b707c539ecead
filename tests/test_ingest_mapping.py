"""Table kind and field mapping from synonyms and values; saved mappings; derivations of docs/tables.md."""

from __future__ import annotations

from conftest import LOCAL

from salesdash.ingest import get_stage_map, ingest_file, inspect_file, save_mapping, set_stage_map
from salesdash.ingest.mapping import guess_mapping


def test_name_match_refused_when_values_contradict():
    guess = guess_mapping(
        ["Order ID", "Date", "Amount", "Note date"],
        {"Order ID": ["1", "2"], "Date": ["soon", "later"], "Amount": ["12", "13"], "Note date": []},
        table="orders",
    )
    assert "Date" not in guess.mapping and guess.mapping["Amount"] == "revenue"
    assert guess.warnings == ["column 'Date' was not taken as order_date: its values are not dates"]


def test_table_kind_from_headers():
    kinds = {
        ("客户编号", "客户名称", "行业"): "customers",
        ("商机编号", "阶段", "商机金额"): "opportunities",
        ("Year", "EmployeeID", "M01", "M02", "M03"): "targets",
        ("期间", "区域", "市场规模"): "market",
        ("SKU", "Product", "List Price"): "products",
    }
    for headers, kind in kinds.items():
        assert guess_mapping(list(headers), {}, file="plan_2025.csv").table == kind, headers


def test_saved_mapping_is_reused_for_same_headers(store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Ref,When,Value\nA,2025-01-01,5\n")
    save_mapping(
        store,
        ["Ref", "When", "Value"],
        "orders",
        {"Ref": "order_id", "When": "order_date", "Value": "revenue"},
        user=LOCAL,
    )
    info = inspect_file(path, store=store)
    assert (info.table, info.saved_mapping, info.mapping) == (
        "orders",
        True,
        {"Ref": "order_id", "When": "order_date", "Value": "revenue"},
    )
    assert ingest_file(store, path, user=LOCAL).rows_loaded == 1


def test_explicit_mapping_is_saved_after_load(store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Ref,When,Value\nA,2025-01-01,5\n")
    ingest_file(
        store, path, table="orders", mapping={"Ref": "order_id", "When": "order_date", "Value": "revenue"}, user=LOCAL
    )
    other = tmp_path / "odd2.csv"
    other.write_text("Ref,When,Value\nB,2025-02-01,6\n")
    assert ingest_file(store, other, user=LOCAL).mapping == {
        "Ref": "order_id",
        "When": "order_date",
        "Value": "revenue",
    }


def test_ids_from_names_and_revenue_from_quantity_price_discount(store, tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text("订单号,日期,客户名称,销售员,产品,数量,单价,折扣\nA,2025-01-01,华为,张三,笔记本,2,100,0.25\n")
    ingest_file(store, path, user=LOCAL)
    row = (
        store.cursor()
        .execute("SELECT customer_id, customer_name, rep_id, rep_name, product_id, revenue FROM orders")
        .fetchall()
    )
    assert row == [("华为", "华为", "张三", "张三", "笔记本", 150.0)]


def test_opportunity_stages_status_and_snapshot(store, tmp_path):
    import datetime as dt

    path = tmp_path / "opps.csv"
    path.write_text(
        "商机编号,销售阶段,金额\nO1,客户接触,10\nO2,Closed Won,20\nO3,3 - Proposal/Price Quote,30\nO4,商务谈判,40\n"
        "O5,closed lost,50\nO6,售后服务,60\nO7,Discovery,70\nO8,Pilot,80\n"
    )
    set_stage_map(store, {"Pilot": "negotiation"}, user=LOCAL)
    assert get_stage_map(store)["pilot"] == "negotiation"
    ingest_file(store, path, user=LOCAL)
    rows = (
        store.cursor()
        .execute("SELECT opportunity_id, stage, status, snapshot_date FROM opportunities ORDER BY 1")
        .fetchall()
    )
    today = dt.date.today()
    assert rows == [
        ("O1", "contact", "open", today),
        ("O2", "won", "won", today),
        ("O3", "proposal", "open", today),
        ("O4", "negotiation", "open", today),
        ("O5", "lost", "lost", today),
        ("O6", "after_sales", "won", today),
        ("O7", "needs_analysis", "open", today),
        ("O8", "negotiation", "open", today),
    ]


def test_target_levels_and_periods(store, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("期间,销售团队,区域,目标\n2025-Q1,华东一组,华东,100\n2025/03/01,,华南,50\n2025,,,900\n")
    ingest_file(store, path, user=LOCAL)
    rows = (
        store.cursor()
        .execute(
            "SELECT period, level, level_id, metric, period_start::VARCHAR, period_end::VARCHAR FROM targets ORDER BY 1"
        )
        .fetchall()
    )
    assert rows == [
        ("2025", "company", "", "revenue", "2025-01-01", "2025-12-31"),
        ("2025-03", "region", "华南", "revenue", "2025-03-01", "2025-03-31"),
        ("2025-Q1", "team", "华东一组", "revenue", "2025-01-01", "2025-03-31"),
    ]


def test_wide_chinese_months(store, tmp_path):
    path = tmp_path / "销售目标.csv"
    path.write_text("年份,工号,1月,2月,3月\n2025,E1,10,-,30\n")
    result = ingest_file(store, path, user=LOCAL)
    rows = store.cursor().execute("SELECT period, rep_id, target FROM targets ORDER BY 1").fetchall()
    assert (result.table, rows) == ("targets", [("2025-01", "E1", 10.0), ("2025-03", "E1", 30.0)])
