"""Drill-down on the Market page: a trend period, a mix bar and a map province open the slice's figures and order
lines. Orders are conftest's small orders (window 2025-01-01 … 2025-06-28) with provinces: East lines are in
Guangdong, spelled two ways, West lines in Sichuan."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import insert, small_orders
from fixtures_drill import open_page
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.charts.maps import province_map
from salesdash.charts.market import mix_bar, trend_chart
from salesdash.i18n import t
from salesdash.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def province_store(store: Store) -> Store:
    orders = small_orders()
    orders["province"] = [
        ("广东省" if i % 2 else "Guangdong") if r == "East" else "四川" for i, r in enumerate(orders["region"])
    ]
    insert(store, "orders", orders)
    return store


def _market(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    return open_page(monkeypatch, db, "market", lang="zh", **params)


def _lines(at: AppTest) -> list[tuple[str, str, float]]:
    columns = [t(f"drill.col.{c}", "zh") for c in ("order_id", "line_id", "revenue")]
    frame = next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))
    return list(frame[columns].itertuples(index=False, name=None))


def _expected(keep: pd.Series) -> list[tuple[str, str, float]]:
    """The window's lines where `keep`, largest revenue first, ties by order and line id."""
    orders = small_orders()
    orders = orders[keep & (pd.to_datetime(orders["order_date"]).dt.year == 2025)]
    orders = orders.assign(neg=-orders["revenue"]).sort_values(["neg", "order_id", "line_id"])
    return list(zip(orders["order_id"], orders["line_id"], orders["revenue"], strict=True))


def _trail(*steps: str) -> str:
    return " › ".join([*steps[:-1], f"**{steps[-1]}**"])


def test_a_linked_mix_bar_opens_that_category(province_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _market(monkeypatch, province_store.path, market_drill="mix:category|Coffee")
    trail = _trail(t("nav.market", "zh"), t("drill.source.mix", "zh"), t("market.dim.category", "zh"), "Coffee")
    assert trail in [m.value for m in at.markdown]
    # Coffee in 2025 H1: O4/2 100, O6 200, O8 80, O11 0.
    assert (t("kpi.revenue", "zh"), fmt.money(380.0, "zh")) in [(m.label, m.value) for m in at.metric]
    orders = small_orders()
    assert _lines(at) == _expected(orders["category"] == "Coffee")
    at.button(key="market_back_slice").click().run()
    assert "market_drill" not in at.session_state


def test_a_clicked_province_gathers_its_spellings(province_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _market(monkeypatch, province_store.path)
    at.session_state["market_drill"] = "province:guangdong"
    at.run()
    assert not at.exception
    assert _trail(t("nav.market", "zh"), t("drill.source.province", "zh"), "广东") in [m.value for m in at.markdown]
    orders = small_orders()
    assert _lines(at) == _expected(orders["region"] == "East")
    assert at.query_params["market_drill"] == "province:guangdong"


def test_a_clicked_trend_month_opens_that_month(province_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _market(monkeypatch, province_store.path, market_drill="period:2025-04-01")
    # The trail names the month's days in Chinese, not the link's ISO key.
    trail = _trail(t("nav.market", "zh"), t("drill.source.period", "zh"), "2025年4月1日 – 2025年4月30日")
    assert trail in [m.value for m in at.markdown]
    orders = small_orders()
    assert _lines(at) == _expected(pd.to_datetime(orders["order_date"]).dt.month == 4)
    assert _lines(at) == [("O7", "1", 150.0), ("O8", "1", 80.0)]


def test_market_charts_carry_the_key_of_each_point() -> None:
    trend = pd.DataFrame(
        {"period": pd.to_datetime(["2025-01-01", "2025-02-01"]).date, "revenue": [5.0, 7.0], "revenue_ma": [5.0, 6.0]}
    ).assign(previous_revenue=[4.0, None])
    labels = {"revenue": "r", "moving_average": "m", "previous": "p", "lang": "zh", "currency": "USD"}
    assert trend_chart(trend, "revenue", labels).layout.hovermode == "closest"
    # The period first (the drill key), then the hover text in the language's units and the currency.
    assert [list(map(list, trace.customdata)) for trace in trend_chart(trend, "revenue", labels).data] == [
        [["2025-01-01", "$5"], ["2025-02-01", "$7"]],
        [["2025-01-01", "$5"], ["2025-02-01", "$6"]],
        [["2025-01-01", "$4"], ["2025-02-01", "—"]],
    ]
    mix = pd.DataFrame(
        {"value": ["East", "West"], "revenue": [9.0, 3.0], "previous": [6.0, None], "growth": [0.5, None]}
    ).assign(share=[0.75, 0.25])
    figure = mix_bar(mix, {"revenue": "r", "previous": "p"})
    assert figure.layout.hovermode == "closest"
    bars = figure.data
    assert [list(map(list, b.customdata)) for b in bars] == [
        [["West", None, 0.25, "¥3", "—"], ["East", 0.5, 0.75, "¥9", "+50.0%"]],
        [["West", "—"], ["East", "¥6"]],
    ]
    places = pd.DataFrame(
        {"key": ["guangdong"], "name": ["Guangdong"], "lat": [23.1], "lon": [113.3], "revenue": [9.0], "growth": [None]}
    )
    sold = province_map(places, {"name_column": "name", "revenue": "r", "lang": "en"}).data[1]
    assert [list(c) for c in sold.customdata] == [["guangdong", 9.0, None, "¥9", "—"]]
