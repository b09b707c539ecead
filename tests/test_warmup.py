"""Warm-up after an upload: the next visitor's first page run finds every figure cached (docs/pages.md#warm-up-after-an-upload).

A figure computed is a cache miss of `ui.state.cached`, counted in `ui.state.computed`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import LOCAL
from streamlit.testing.v1 import AppTest

from salesdash.demo import build_demo
from salesdash.ingest import ingest_file
from salesdash.store import Store
from ui import state, warmup
from ui.components import page_script

ROOT = Path(__file__).resolve().parent.parent
DASHBOARDS = ("overview", "targets", "market", "customers", "pipeline", "team")


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small demo store, and an orders file of two lines one day after its latest order: loading it moves
    the default window's end, so warming the figures of the version before would not do."""
    folder = tmp_path_factory.mktemp("warmup")
    db = folder / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=4_000)
        latest = store.scalar("SELECT max(order_date) FROM orders")
        row = store.cursor().execute("SELECT customer_id, region, rep_id FROM orders LIMIT 1").fetchone()
    day = (latest + timedelta(days=1)).isoformat()
    lines = pd.DataFrame(
        {
            "order_id": ["WARM-1", "WARM-2"],
            "order_date": [day, day],
            "customer_id": [row[0]] * 2,
            "region": [row[1]] * 2,
            "rep_id": [row[2]] * 2,
            "revenue": [1234.5, 99.0],
        }
    )
    lines.to_csv(folder / "late_orders.csv", index=False)
    return db, folder / "late_orders.csv"


def visit(page: str) -> AppTest:
    """A new session opening `page` (through the app, whose first run draws the Overview)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    if page != "overview":
        at.switch_page(page_script(page))
        at.run()
    assert not at.exception
    return at


def _loaded_and_warmed(db: Path, orders: Path, warm: bool) -> None:
    """The store on `db` seen by a page run, then `orders` loaded (a new data version), then the warm-up."""
    st.cache_resource.clear()
    st.cache_data.clear()
    visit("settings")
    with Store(db) as store:
        ingest_file(store, orders, table="orders", user=LOCAL)
    if warm:
        thread = warmup.start()
        assert thread is not None
        thread.join(timeout=120)
        assert not thread.is_alive()


def fresh(demo_copy: tuple[Path, Path], folder: Path) -> tuple[Path, Path]:
    """A copy of the demo store (each test loads the orders file into its own)."""
    db, orders = demo_copy
    copy = folder / "store.duckdb"
    copy.write_bytes(db.read_bytes())
    return copy, orders


def test_after_a_load_the_next_visit_of_every_page_computes_nothing(
    demo_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, orders = fresh(demo_copy, tmp_path)
    monkeypatch.setenv("SALESDASH_DB", str(db))
    monkeypatch.setenv("SALESDASH_WARMUP", "on")
    _loaded_and_warmed(db, orders, warm=True)
    assert sum(state.computed.values()) > 0  # the warm-up did compute (the load emptied the caches' keys)
    for page in DASHBOARDS:
        state.computed.clear()
        visit(page)
        assert dict(state.computed) == {}, page


def test_without_the_warm_up_the_first_visit_computes(
    demo_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the count above would catch a page whose first view the warm-up misses."""
    copy, orders = fresh(demo_copy, tmp_path)
    monkeypatch.setenv("SALESDASH_DB", str(copy))
    monkeypatch.setenv("SALESDASH_WARMUP", "off")
    _loaded_and_warmed(copy, orders, warm=False)
    state.computed.clear()
    visit("overview")
    assert {"salesdash.metrics.sales.sales_summary", "salesdash.metrics.targets.on_track.monthly_on_track"} <= set(
        state.computed
    )


def test_a_version_committed_elsewhere_is_warmed_on_the_next_run_and_the_first_seen_is_not(
    tmp_path: Path, demo_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy, orders = fresh(demo_copy, tmp_path)
    monkeypatch.setenv("SALESDASH_DB", str(copy))
    monkeypatch.setenv("SALESDASH_WARMUP", "on")
    st.cache_resource.clear()
    st.cache_data.clear()
    before = state.data_version()
    warmup.seen(before)
    assert before not in warmup._threads  # the server's first sight of the file starts nothing
    with Store(copy) as store:  # as the command line would: another writer
        ingest_file(store, orders, table="orders", user=LOCAL)
    visit("settings")
    after = state.data_version()
    assert after != before
    warmup._threads[after].join(timeout=120)
    state.computed.clear()
    visit("targets")
    assert dict(state.computed) == {}
