"""The Targets page in Streamlit's AppTest: level, period and fiscal-year controls, links, saving a plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import insert, small_opportunities, small_orders, small_reps, small_targets
from streamlit.testing.v1 import AppTest

from salesdash.store import Store

APP = str(Path(__file__).parent.parent / "app.py")


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "page.duckdb"
    with Store(path) as store:
        insert(store, "orders", small_orders())
        insert(store, "targets", small_targets())
        insert(store, "reps", small_reps())
        insert(store, "opportunities", small_opportunities())
    monkeypatch.setenv("SALESDASH_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()


def open_page(**params: str) -> AppTest:
    test = AppTest.from_file(APP, default_timeout=600)
    # Chinese, the default: AppTest formats option labels outside the run, where the language is the default.
    test.query_params.update(params)
    test.run()
    test.switch_page("views/targets/page.py")
    test.run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def subheaders(test: AppTest) -> list[str]:
    return [h.value for h in test.subheader]


def table_with(test: AppTest, column: str):
    return next(d.value for d in test.dataframe if column in d.value.columns)


def test_level_period_and_fiscal_year_controls(db):
    test = open_page()
    assert subheaders(test)[0] == "2025 第2季度 能否完成目标？"
    assert test.selectbox(key="targets_when").value == "2025-04-01"

    test.selectbox(key="targets_level").set_value("rep")
    test.segmented_control(key="targets_section").set_value("attainment").run()
    assert not test.exception
    assert "按销售代表的达成率" in subheaders(test)
    assert sorted(table_with(test, "编号")["编号"]) == ["R1", "R2", "R3"]

    test.selectbox(key="targets_kind").set_value("month").run()
    test.selectbox(key="targets_when").set_value("2025-02-01")
    test.segmented_control(key="targets_section").set_value("on_track").run()
    assert not test.exception
    assert subheaders(test)[0] == "2025-02 能否完成目标？"
    assert any("2025-02 已结束" in info.value for info in test.info)

    test.selectbox(key="fiscal_start_month").set_value(4).run()
    test.selectbox(key="targets_kind").set_value("quarter").run()
    assert not test.exception
    assert subheaders(test)[0] == "2025/26财年 第1季度 能否完成目标？"
    with Store(db) as store:
        assert store.setting("fiscal_year_start_month") == 4


def test_a_link_sets_the_controls_and_a_bad_value_is_ignored(db):
    test = open_page(targets_level="team", targets_kind="planet")
    assert test.selectbox(key="targets_level").value == "team"
    assert test.selectbox(key="targets_kind").value == "quarter"
    assert any("'planet'" in w.value for w in test.warning)


def test_saving_a_plan_makes_one_batch(db):
    test = open_page(targets_section="plan")
    test.number_input(key="plan_annual_2025-01-01").set_value(12000.0)
    test.selectbox(key="plan_depth").set_value("region")
    test.button(key="plan_save").click().run()
    assert not test.exception
    assert any("批次 1" in s.value for s in test.success)
    with Store(db) as store:
        rows = store.cursor().execute("SELECT file_name, user_name, rows_loaded FROM _batches").fetchall()
        assert rows == [("target plan", "local", 12 * 3)]
        assert store.scalar("SELECT sum(target) FROM targets WHERE level = 'company'") == 12000.0
