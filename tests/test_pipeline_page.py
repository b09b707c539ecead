"""AppTest of the Pipeline page: the figures shown equal the salesdash functions and `kpis`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import insert
from fixtures_pipeline import FILTERS, WINDOW, deals_frame, pipeline_store, two_snapshot_store
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.i18n import t
from salesdash.kpis import kpis
from salesdash.metrics.pipeline.outcomes import velocity
from salesdash.store import Store
from salesdash.tables import Tables

ROOT = Path(__file__).resolve().parents[1]


def _page(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    # Cached figures and the store connection are process-wide; each test has its own database file.
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page("views/pipeline.py")
    at.run()
    assert not at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_shows_the_kpis_pipeline_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "p.duckdb") as store:
        pipeline_store(store)
        tables = Tables.from_store(store)
        figures = kpis(tables, FILTERS)["pipeline"]
        speed = velocity(tables, FILTERS, WINDOW)
    at = _page(monkeypatch, tmp_path / "p.duckdb")
    shown = _metrics(at)
    # The default window is 2025 up to the latest order, 30 June: the fixture's window.
    assert shown[t("kpi.open_value", "zh")] == fmt.money(figures["open_value"], "zh")
    assert shown[t("kpi.weighted_value", "zh")] == fmt.money(figures["weighted_value"], "zh")
    assert shown[t("kpi.win_rate", "zh")] == fmt.percent(figures["win_rate"])
    assert shown[t("kpi.avg_deal_size", "zh")] == fmt.money(figures["avg_deal_size"], "zh")
    assert shown[t("kpi.avg_cycle_days", "zh")] == fmt.number(figures["avg_cycle_days"], "zh")
    assert shown[t("pipeline.value_win_rate", "zh")] == fmt.percent(figures["value_win_rate"])
    assert shown[t("pipeline.velocity", "zh")] == fmt.money(speed, "zh")
    at.segmented_control(key="pipeline_section").set_value("forecast").run()
    assert _metrics(at)[t("pipeline.coverage", "zh")] == "58.0%"
    at.segmented_control(key="pipeline_period").set_value("quarter").run()
    assert not at.exception
    assert _metrics(at)[t("pipeline.gap", "zh")] == fmt.money(3000.0 - 1300.0, "zh")
    at.segmented_control(key="pipeline_section").set_value("winning").run()
    at.segmented_control(key="pipeline_breakdown").set_value("region").run()
    assert not at.exception
    at.segmented_control(key="pipeline_section").set_value("leak").run()
    _drill_and_step_back(at)


def _drill_and_step_back(at: AppTest) -> None:
    """A drill (as a chart click or a link sets it) lists the deals behind it under a breadcrumb; back closes it."""
    tables_before = len(at.dataframe)
    at.session_state["pipeline_drill"] = "funnel:proposal"
    at.run()
    assert not at.exception
    root, source = t("pipeline.drill_root", "zh"), t("pipeline.source.funnel", "zh")
    assert f"{root} › {source} › **{t('pipeline.stage.proposal', 'zh')}**" in [m.value for m in at.markdown]
    assert len(at.dataframe) == tables_before + 1
    drilled = [d.value for d in at.dataframe if len(d.value) == 5]
    assert sorted(drilled[0][t("pipeline.col.opportunity_id", "zh")]) == ["P1", "P2", "P4", "P5", "P9"]
    at.button(key="pipeline_back_funnel").click().run()
    assert "pipeline_drill" not in at.session_state
    assert len(at.dataframe) == tables_before


def test_current_stage_only_crm_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opportunities only (two snapshots), no history, no orders: won deals stand in as revenue."""
    with Store(tmp_path / "crm.duckdb") as store:
        two_snapshot_store(store)
        tables = Tables.from_store(store)
        figures = kpis(tables, FILTERS)["pipeline"]
    at = _page(monkeypatch, tmp_path / "crm.duckdb", pipeline_section="change")
    assert _metrics(at)[t("kpi.open_value", "zh")] == fmt.money(figures["open_value"], "zh")
    assert at.selectbox(key="pipeline_from").value == "2025-05-31"
    assert at.selectbox(key="pipeline_to").value == "2025-06-30"
    steps = next(d.value for d in at.dataframe if len(d.value) == 9)
    assert steps[t("pipeline.col.change", "zh")].tolist()[-1] == figures["open_value"]


def test_bare_crm_export_with_empty_amounts_and_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = deals_frame()
    frame.loc[frame["stage"].isin(["contact", "proposal"]), ["amount", "expected_close_date"]] = None
    frame["snapshot_date"] = None
    frame["created_date"] = None
    with Store(tmp_path / "bare.duckdb") as store:
        insert(store, "opportunities", frame.drop(columns=["product_id"]))
    at = _page(monkeypatch, tmp_path / "bare.duckdb")
    assert _metrics(at)[t("kpi.open_value", "zh")] == fmt.money(800.0, "zh")
    assert pd.notna(at.metric[0].value)
