"""The Market page runs on full data and on a flat export without quantity or market data."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from fixtures_market import MARKET_ROWS, insert, orders, rich_rows
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables

ROOT = Path(__file__).resolve().parent.parent


def _store(path: Path, with_quantity: bool, with_market: bool) -> Path:
    store = Store(path)
    frame = orders(rich_rows())
    if not with_quantity:
        frame = frame.drop(columns=["quantity", "product_name", "province"])
    insert(store, "orders", frame)
    if with_market:
        from fixtures_market import market

        insert(store, "market", market(MARKET_ROWS))
    store.close()
    return path


def _run(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    # The store and the figures are cached per process, keyed by data version, not by file.
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.switch_page("views/market.py")
    at.run()
    return at


def _expected(db: Path) -> dict:
    store = Store(db, read_only=True)
    try:
        return kpis(Tables.from_store(store), Filters())
    finally:
        store.close()


def test_page_on_full_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _store(tmp_path / "full.duckdb", with_quantity=True, with_market=True)
    expected = _expected(db)
    at = _run(monkeypatch, db)
    assert not at.exception
    # Labels are Chinese: AppTest formats widget labels outside the run, where the language is the default.
    shown = {m.label: m.value for m in at.metric}
    assert shown["销售额"] == fmt.money(expected["revenue"], "zh")
    assert shown["同比增长"] == fmt.percent(expected["growth_yoy"])
    assert shown["订单数"] == fmt.number(expected["orders"], "zh")
    at.segmented_control(key="market_section").set_value("growth").run()
    captions = " ".join(c.value for c in at.caption)
    assert f"整个期间的同比增长：{fmt.percent(expected['growth_yoy'])}" in captions
    at.segmented_control(key="market_section").set_value("share").run()
    assert not any("市场数据" in i.value for i in at.info)
    at.selectbox(key="market_share_by").set_value("region").run()
    assert not at.exception
    at.segmented_control(key="market_section").set_value("trend").run()
    for key, value in (("market_grain", "week"), ("market_measure", "volume")):
        at.selectbox(key=key).set_value(value)
    at.run()
    assert not at.exception
    at.segmented_control(key="market_section").set_value("mix").run()
    at.selectbox(key="market_dimension").set_value("product").run()
    assert not at.exception
    mix_table = at.dataframe[0].value
    assert sorted(mix_table.iloc[:, 0]) == ["A", "B"]


def test_page_on_flat_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _store(tmp_path / "flat.duckdb", with_quantity=False, with_market=False)
    at = _run(monkeypatch, db, market_section="pvm")  # a link may open any section
    assert not at.exception
    assert any("数量" in i.value for i in at.info)  # price-volume-mix says what is missing
    at.segmented_control(key="market_section").set_value("share").run()
    assert any("市场数据" in i.value for i in at.info)  # share says which upload unlocks it
    at.segmented_control(key="market_section").set_value("trend").run()
    at.selectbox(key="market_measure").set_value("volume").run()
    assert sum("数量" in i.value for i in at.info) == 1  # the trend says so too
