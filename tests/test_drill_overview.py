"""Drill-down on the Overview: a clicked month or mover (set as the link or a click sets it) opens its figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import small_orders
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.charts.overview import movers_bar, revenue_against_target
from salesdash.i18n import t
from salesdash.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _overview(monkeypatch: pytest.MonkeyPatch, db: Path, link: dict[str, str]) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in link.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def _frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def _lines(at: AppTest) -> pd.DataFrame:
    order = t("drill.col.order_id", "zh")
    return next(f for f in _frames(at) if order in f.columns)


def _expected_lines(region: str | None = None, month: int | None = None) -> list[tuple[str, str, float]]:
    """Lines of the default window (2025 up to 28 June), largest revenue first, ties by order and line."""
    lines = small_orders()
    lines = lines[pd.to_datetime(lines["order_date"]).dt.year == 2025]
    if region:
        lines = lines[lines["region"] == region]
    if month:
        lines = lines[pd.to_datetime(lines["order_date"]).dt.month == month]
    lines = lines.assign(neg=-lines["revenue"]).sort_values(["neg", "order_id", "line_id"])
    return list(zip(lines["order_id"], lines["line_id"], lines["revenue"], strict=True))


def _shown_lines(at: AppTest) -> list[tuple[str, str, float]]:
    found = _lines(at)
    columns = [t(f"drill.col.{c}", "zh") for c in ("order_id", "line_id", "revenue")]
    return list(found[columns].itertuples(index=False, name=None))


def test_a_linked_region_drill_shows_the_region_under_a_breadcrumb(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _overview(monkeypatch, small_store.path, {"overview_drill": "region:West"})
    trail = f"{t('overview.title', 'zh')} › {t('overview.movers_region', 'zh')} › **West**"
    assert trail in [m.value for m in at.markdown]
    shown = [(m.label, m.value) for m in at.metric]
    # West in 2025 H1: O6 200 (C3), O7 150 (C4), O11 0 (C6).
    assert (t("kpi.revenue", "zh"), fmt.money(350.0, "zh")) in shown
    assert (t("kpi.orders", "zh"), fmt.number(3, "zh")) in shown
    by_category = next(f for f in _frames(at) if t("drill.col.category", "zh") in f.columns and len(f.columns) == 2)
    assert by_category.values.tolist() == [["Coffee", 200.0], ["Tea", 150.0]]
    assert (
        _shown_lines(at)
        == _expected_lines(region="West")
        == [("O6", "1", 200.0), ("O7", "1", 150.0), ("O11", "1", 0.0)]
    )
    at.button(key="overview_back_slice").click().run()
    assert "overview_drill" not in at.session_state
    assert trail not in [m.value for m in at.markdown]
    assert "overview_drill" not in at.query_params


def test_a_clicked_month_shows_that_months_lines(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _overview(monkeypatch, small_store.path, {})
    at.session_state["overview_drill"] = "month:2025-01-01"
    at.run()
    assert not at.exception
    assert f"{t('overview.title', 'zh')} › {t('drill.source.month', 'zh')} › **2025-01**" in [
        m.value for m in at.markdown
    ]
    assert (t("kpi.revenue", "zh"), fmt.money(500.0, "zh")) in [(m.label, m.value) for m in at.metric]
    assert _shown_lines(at) == _expected_lines(month=1) == [("O4", "1", 400.0), ("O4", "2", 100.0)]
    assert at.query_params["overview_drill"] == "month:2025-01-01"


def test_a_region_outside_the_filters_is_refused(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _overview(monkeypatch, small_store.path, {"region": "East", "overview_drill": "region:West"})
    assert t("drill.out_of_scope", "zh") in [w.value for w in at.warning]
    assert "overview_drill" not in at.session_state


def test_overview_charts_carry_the_key_of_each_bar() -> None:
    trend = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01"]).date, "revenue": [5.0, 7.0]})
    trend["target"] = [6.0, 6.0]
    figure = revenue_against_target(trend, {"revenue": "r", "previous": "p", "target": "t"})
    assert [list(trace.customdata) for trace in figure.data] == [["2025-01-01", "2025-02-01"]] * 2
    assert figure.layout.hovermode == "closest"  # a unified hover's click selects no point in Streamlit
    movers = pd.DataFrame({"region": ["East", "West", "North"], "change": [5.0, -3.0, 1.0]})
    figure = movers_bar(movers, "region", {"change": "c"})
    assert figure.layout.hovermode == "closest"  # a click picks the bar under the mouse, not one by x alone
    bars = figure.data[0]
    assert list(bars.customdata) == list(bars.y) == ["West", "North", "East"]


def test_a_bar_of_lines_without_a_value_opens_nothing() -> None:
    from types import SimpleNamespace

    from ui.drill import clicked

    def event(customdata: object) -> SimpleNamespace:
        return SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": customdata}]))

    assert clicked(event("—")) is None  # the movers' bar for lines without a region
    assert clicked(event(["West", 350.0])) == "West"
    assert clicked(event(None)) == ""
    assert clicked(SimpleNamespace(selection=SimpleNamespace(points=[]))) is None
