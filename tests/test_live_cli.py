"""The command line while the dashboard runs (docs/operations.md#scheduled-loads-while-the-dashboard-runs).

A real Streamlit server serves the hand-made company of conftest; a chromium tab keeps its session
open on the Overview. From another process `python -m salesdash ingest`, `kpis` and `undo` run, and
the tab's next run (the same session, rerun with the `r` key) shows the new figures.

Hand-computed figures of the default window (2025-01-01 … 2025-06-28, the year of the latest order):
before the load, revenue 400+100+250+200+150+80+60-50+0+200 = 1,390 and customers C1…C6 = 6 (O8 is
anonymous); the file adds three June orders of new customers C7, C8, C9 for 1,000 + 500 + 100 = 1,600,
so after it revenue 2,990 (the card shows ¥3.0K) and 9 customers, 12 orders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import LOCAL, ROOT, insert, small_orders

from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("live_cli")]

NEW_ORDERS = (
    "order_id,order_date,customer_id,rep_id,region,category,revenue\n"
    "N1,2025-06-01,C7,R1,East,Tea,1000\n"
    "N2,2025-06-02,C8,R2,East,Tea,500\n"
    "N3,2025-06-03,C9,R3,West,Coffee,100\n"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SALESDASH_LOCK_TIMEOUT": "60"}
    return subprocess.run(
        [sys.executable, "-m", "salesdash", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, object]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("live")
    db = folder / "sales.duckdb"
    with Store(db) as store:
        insert(store, "orders", small_orders())
        store.set_setting("default_lang", "en", LOCAL)
    with serve(db) as url, browser_page() as page:
        page.goto(f"{url}/overview?lang=en")  # type: ignore[attr-defined]
        wait_for_app(page)
        # On a loaded machine the title can come before the cards: wait for the revenue card itself.
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=90_000)  # type: ignore[attr-defined]
        yield db, page


def cards(page: object) -> dict[str, str]:
    """Label -> value of the KPI cards the page shows now."""
    texts = page.locator('[data-testid="stMetric"]').all_inner_texts()  # type: ignore[attr-defined]
    return {lines[0]: lines[1] for lines in ([x for x in t.split("\n") if x.strip()] for t in texts)}


SHOWS = """([revenue, customers]) => {
    const cards = {};
    for (const card of document.querySelectorAll('[data-testid="stMetric"]')) {
        const label = card.querySelector('[data-testid="stMetricLabel"]');
        const value = card.querySelector('[data-testid="stMetricValue"]');
        if (label && value) cards[label.innerText.trim()] = value.innerText.trim();
    }
    return cards["Revenue"] === revenue && cards["Active customers"] === customers;
}"""


def next_run(page: object, revenue: str, customers: str) -> dict[str, str]:
    """Rerun the open session (the browser's `r` shortcut) and wait until its cards show these figures;
    only a run of the session can change them, so a timeout means the run did not show them."""
    page.locator("h1").first.click()  # type: ignore[attr-defined]
    page.keyboard.press("r")  # type: ignore[attr-defined]
    page.wait_for_function(SHOWS, arg=[revenue, customers], timeout=90_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    return cards(page)


def test_ingest_kpis_and_undo_while_the_dashboard_runs(live: tuple[Path, object], tmp_path: Path) -> None:
    """One scenario, in order (a module fixture could be rebuilt between tests when xdist interleaves)."""
    db, page = live
    shown = cards(page)
    assert (shown["Revenue"], shown["Active customers"]) == ("¥1.4K", "6")

    export = tmp_path / "june_orders.csv"
    export.write_text(NEW_ORDERS, encoding="utf-8")
    done = cli("ingest", str(export), "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    assert "waiting" not in done.stderr  # between runs the dashboard holds nothing
    result = json.loads(done.stdout)
    assert (result["batch_id"], result["rows_loaded"], result["errors"]) == (1, 3, [])
    shown = next_run(page, "¥3.0K", "9")
    assert (shown["Revenue"], shown["Active customers"]) == ("¥3.0K", "9")

    done = cli("kpis", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["window"] == {"start": "2025-01-01", "end": "2025-06-28"}
    assert (figures["revenue"], figures["orders"], figures["customers"]) == (2990.0, 12, 9)
    with Store(db, read_only=True) as store:  # the same call in this process, the file shared with the server
        in_process = kpis(Tables.from_store(store), Filters())
    assert json.loads(json.dumps(in_process, default=str)) == figures

    done = cli("undo", "1", "--db", str(db))
    assert done.returncode == 0, done.stderr
    shown = next_run(page, "¥1.4K", "6")
    assert (shown["Revenue"], shown["Active customers"]) == ("¥1.4K", "6")
    batches = cli("batches", "--db", str(db), "--json")
    assert batches.returncode == 0, batches.stderr
    assert [(b["batch_id"], b["undone_at"] is not None) for b in json.loads(batches.stdout)] == [(1, True)]


def test_the_overview_answers_at_its_own_address_in_both_languages(live: tuple[Path, object]) -> None:
    _, page = live
    base = page.url.split("/overview")[0]  # type: ignore[attr-defined]
    for lang, title in (("zh", "总览"), ("en", "Overview")):
        page.goto(f"{base}/overview?lang={lang}")  # type: ignore[attr-defined]
        wait_for_app(page)
        assert page.locator("h1").first.inner_text() == title  # type: ignore[attr-defined]
        assert page.get_by_text("Page not found").count() == 0  # type: ignore[attr-defined]
