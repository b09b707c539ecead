"""Pages as sections: only the open section is computed and drawn, it is in the link, a link opens on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import insert, small_opportunities, small_orders, small_reps, small_targets
from streamlit.testing.v1 import AppTest

from salesdash.i18n import t
from salesdash.store import Store
from ui.components import page_script

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "overview": ("on_track", "movers", "alerts"),
    "targets": ("on_track", "behind", "attainment", "heatmap", "over_time", "smart", "plan"),
    "market": ("trend", "growth", "season", "mix", "map", "pvm", "share"),
    "customers": ("abc", "rfm", "movement", "cohorts", "risk", "strategy", "tiers", "customer"),
    "pipeline": ("leak", "winning", "forecast", "actions", "change", "after_sales"),
    "team": ("leaderboard", "teams", "spread", "execution", "development", "incentives", "profile"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sections") / "small.duckdb"
    with Store(path) as store:
        insert(store, "orders", small_orders())
        insert(store, "targets", small_targets())
        insert(store, "reps", small_reps())
        insert(store, "opportunities", small_opportunities())
    return path


def _open(monkeypatch: pytest.MonkeyPatch, db: Path, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"lang": "zh", **params})
    at.run()
    if page != "overview":
        at.switch_page(page_script(page))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _headings(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


@pytest.mark.parametrize("page", list(SECTIONS))
def test_every_section_opens_alone_and_goes_into_the_link(page: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(monkeypatch, db, page)
    switch = at.segmented_control(key=f"{page}_section")
    assert switch.options == [t(f"{page}.section.{name}", "zh") for name in SECTIONS[page]]
    assert switch.value == SECTIONS[page][0]
    seen: list[list[str]] = []
    for name in SECTIONS[page]:
        at.segmented_control(key=f"{page}_section").set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        assert at.query_params[f"{page}_section"] == name
        seen.append(_headings(at))
    # Each section draws its own questions: no two show the same headings, so the others were not drawn.
    assert len({tuple(h) for h in seen}) == len(seen), seen


def test_a_link_opens_its_section(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(monkeypatch, db, "overview", overview_section="alerts")
    assert at.segmented_control(key="overview_section").value == "alerts"
    assert t("overview.alerts", "zh") in _headings(at)
    assert t("overview.on_track", "zh") not in _headings(at)


def test_an_unknown_section_falls_back_to_the_first_with_a_notice(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(monkeypatch, db, "market", market_section="planets")
    assert at.segmented_control(key="market_section").value == "trend"
    assert [w.value for w in at.warning] == [t("filters.bad_param", "zh", name="market_section", value="planets")]
    assert at.query_params["market_section"] == "trend"


def test_a_drill_link_opens_the_section_of_its_chart(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(monkeypatch, db, "targets", targets_drill="cell:R1|2025-03")
    assert at.segmented_control(key="targets_section").value == "heatmap"
    at.segmented_control(key="targets_section").set_value("smart").run()  # the drill stays, the user moved on
    assert at.segmented_control(key="targets_section").value == "smart"
    assert t("targets.smart", "zh") in _headings(at)


def test_a_closed_sections_controls_keep_their_values_and_stay_in_the_link(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(monkeypatch, db, "market")
    at.selectbox(key="market_grain").set_value("week").run()
    at.segmented_control(key="market_section").set_value("growth").run()
    at.run()  # a later run of the growth section: the trend's grain is not drawn
    assert at.query_params["market_grain"] == "week"
    at.segmented_control(key="market_section").set_value("trend").run()
    assert at.selectbox(key="market_grain").value == "week"
