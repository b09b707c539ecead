"""The Customers page runs on hand-made stores (full and flat export), shows the kpis figures, and its
controls (cohort measure, strategy, tier list, customer) work from widget keys and links."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import insert, small_opportunities, small_orders, small_reps
from fixtures_customers import flat_export_orders
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.metrics.customers.concentration import concentration
from salesdash.store import Store
from salesdash.tables import Tables

ROOT = Path(__file__).resolve().parent.parent


def _feedback() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"customer_id": ["C1", "C1"], "feedback_date": ["2025-02-01", "2025-05-01"], "score": [8.0, 6.0]}
    )
    frame["feedback_date"] = pd.to_datetime(frame["feedback_date"]).dt.date
    return frame


# The app's widgets format their options in the session's language, which AppTest reads outside a
# script run (where it falls back to Chinese): the page is driven in Chinese.
def _open(db: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in {"lang": "zh", **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/customers.py")
    at.run()
    assert not at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """The app keeps one store per process (st.cache_resource): each test opens its own database."""
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def full_db(tmp_path: Path) -> Path:
    db = tmp_path / "full.duckdb"
    with Store(db) as store:
        insert(store, "orders", small_orders())
        insert(store, "reps", small_reps())
        insert(store, "opportunities", small_opportunities())
        insert(store, "feedback", _feedback())
    return db


def test_page_shows_the_kpis_figures_and_follows_links_and_controls(
    full_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(
        full_db,
        monkeypatch,
        customers_id="C2",
        customers_tier="B",
        customers_strategy="bogus",
        customers_section="customer",
    )
    with Store(full_db) as store:
        tables = Tables.from_store(store)
        figures = kpis(tables, Filters())
        window = tables.window(Filters())
        assert window is not None
        spread = concentration(tables, Filters(), window)
    assert _metric(at, "活跃客户") == fmt.number(figures["customers"], "zh")
    assert _metric(at, "销售额") == fmt.money(figures["revenue"], "zh")
    assert _metric(at, "A 类客户") == fmt.number(figures["tiers"]["A"]["customers"], "zh")
    a_share = figures["tiers"]["A"]["revenue"] / sum(figures["tiers"][t]["revenue"] for t in "ABC")
    assert _metric(at, "A 类客户销售额占比") == fmt.percent(a_share)
    assert _metric(at, "前 10 大客户占比") == fmt.percent(spread["top10_share"])
    # The link's values start the controls; a value that is not an option falls back to the default.
    assert at.selectbox(key="customers_id").value == "C2"
    assert at.session_state["customers_tier"] == "B"
    at.selectbox(key="customers_id").set_value("C1").run()
    assert not at.exception
    # C1's lifetime revenue up to 2025-06-28: 100 + 400 + 100 + 200.
    assert _metric(at, "累计销售额") == fmt.money(800.0, "zh")
    at.segmented_control(key="customers_section").set_value("tiers").run()
    assert at.segmented_control(key="customers_tier").value == "B"
    at.segmented_control(key="customers_section").set_value("strategy").run()
    assert at.selectbox(key="customers_strategy").value == "all"
    at.selectbox(key="customers_strategy").set_value("maintain").run()
    assert not at.exception


def test_page_works_on_a_flat_export_without_other_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "flat.duckdb"
    with Store(db) as store:
        insert(store, "orders", flat_export_orders())
    at = _open(db, monkeypatch, customers_section="customer")
    assert at.selectbox(key="customers_id").value == "Acme Ltd"
    assert _metric(at, "累计销售额") == fmt.money(500.0, "zh")
    assert _metric(at, "主要销售代表") == "Ann"
    notices = [i.value for i in at.info]
    assert any("商机" in n for n in notices)
    assert any("客户反馈" in n for n in notices)
