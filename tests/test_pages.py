"""Every page runs on the demo data without an exception, and the KPI cards it shows equal `kpis`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.demo import build_demo
from salesdash.filters import Filters
from salesdash.i18n import strings
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables
from ui.components import page_script

ROOT = Path(__file__).parent.parent
PAGES = ("overview", "targets", "market", "customers", "pipeline", "team", "data", "settings")
PERCENT = {"attainment", "gross_margin", "growth_yoy", "win_rate"}
COUNTS = {"orders", "customers", "avg_cycle_days"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    path = tmp_path_factory.mktemp("pages") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store, orders=20_000)
        figures = kpis(Tables.from_store(store), Filters())
    yield path, figures


def expected_cards(figures: dict, lang: str) -> dict[str, str]:
    """The text each headline card must show, by its label in `lang`."""
    cards = {}
    for key, entry in strings().items():
        if not key.startswith("kpi."):
            continue
        name = key.removeprefix("kpi.")
        value = figures["pipeline"].get(name, figures.get(name)) if name in figures["pipeline"] else figures.get(name)
        if name not in figures and name not in figures["pipeline"]:
            continue
        if name in PERCENT:
            cards[entry[lang]] = fmt.percent(value)
        elif name in COUNTS:
            cards[entry[lang]] = fmt.number(value, lang)
        else:
            cards[entry[lang]] = fmt.money(value, lang)
    return cards


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_shows_the_kpis(demo_db: tuple[Path, dict], page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path, figures = demo_db
    monkeypatch.setenv("SALESDASH_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    if page != "overview":
        at.switch_page(str(ROOT / page_script(page)))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    expected = expected_cards(figures, "en")
    shown = {m.label: m.value for m in at.metric if m.label in expected}
    assert shown == {label: expected[label] for label in shown}
    if page in ("overview", "targets", "customers", "pipeline", "team", "market"):
        assert len(shown) >= 3, [m.label for m in at.metric]
