"""Drill-down on the Targets page: an attainment bar opens that region, team or rep month by month; a heat map
cell opens that rep's month. Figures by hand from conftest's small store (R1 = Ann: O4 500 on 15 Jan, O9 60 on
5 May, O12 200 on 28 June; rep targets 120 a month; latest order 28 June 2025)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_drill import open_page
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.charts.targets import attainment_bars, attainment_heatmap_chart
from salesdash.i18n import t
from salesdash.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _targets(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    return open_page(monkeypatch, db, "targets", lang="zh", **params)


def _table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def _lines(at: AppTest) -> list[tuple[str, str, float]]:
    frame = _table_with(at, t("drill.col.order_id", "zh"))
    return list(
        frame[[t(f"drill.col.{c}", "zh") for c in ("order_id", "line_id", "revenue")]].itertuples(
            index=False, name=None
        )
    )


def _trail(*steps: str) -> str:
    return " › ".join([*steps[:-1], f"**{steps[-1]}**"])


def test_a_linked_rep_bar_opens_the_rep_month_by_month(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _targets(monkeypatch, small_store.path, targets_drill="rep:R1")
    level = t("targets.attainment_by", "zh", level=t("targets.level.rep", "zh"))
    trail = _trail(t("nav.targets", "zh"), level, "Ann")
    assert trail in [m.value for m in at.markdown]
    months = _table_with(at, t("targets.col.period", "zh"), t("targets.col.rep_id", "zh"))
    assert list(months[t("targets.col.revenue", "zh")]) == [500.0, 0.0, 0.0, 0.0, 60.0, 200.0]
    # The lines of the chosen period to date (the default: Q2 up to 28 June).
    assert _lines(at) == [("O12", "1", 200.0), ("O9", "1", 60.0)]
    at.button(key="targets_back_level").click().run()
    assert "targets_drill" not in at.session_state
    assert trail not in [m.value for m in at.markdown]


def test_a_clicked_heat_map_cell_opens_the_reps_month(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _targets(monkeypatch, small_store.path)
    at.session_state["targets_drill"] = "cell:R1|2025-01"
    at.run()
    assert not at.exception
    assert _trail(t("nav.targets", "zh"), t("drill.source.cell", "zh"), "Ann · 2025-01") in [
        m.value for m in at.markdown
    ]
    shown = [(m.label, m.value) for m in at.metric]
    assert (t("kpi.target", "zh"), fmt.money(120.0, "zh")) in shown
    assert (t("kpi.attainment", "zh"), fmt.percent(500.0 / 120.0)) in shown
    assert _lines(at) == [("O4", "1", 400.0), ("O4", "2", 100.0)]


def test_targets_charts_carry_the_id_of_each_bar_and_cell() -> None:
    table = pd.DataFrame(
        {"level_id": ["E", "W", "N"], "name": ["East", "West", "North"], "attainment": [1.2, 0.5, None]}
    )
    bars = attainment_bars(table, {"attainment": "a"}).data[0]
    assert list(zip(bars.customdata, bars.y, strict=True)) == [("W", "West"), ("E", "East")]
    grid = pd.DataFrame(
        {"rep_id": ["R1", "R2"], "rep_name": ["Ann", "Bo"], "2025-01": [1.5, None], "2025-02": [0.5, 1.0]}
    )
    figure = attainment_heatmap_chart(grid, {"attainment": "a"})
    assert figure.layout.hovermode == "closest"
    cells = figure.data[1]
    assert list(zip(cells.y, cells.x, cells.customdata, strict=True)) == [
        ("Ann", "2025-01", "R1|2025-01"),
        ("Ann", "2025-02", "R1|2025-02"),
        ("Bo", "2025-01", "R2|2025-01"),
        ("Bo", "2025-02", "R2|2025-02"),
    ]
