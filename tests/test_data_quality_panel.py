"""The Data page's quality panel: computed only while open, once per data version (docs/uploads.md#data-quality)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import LOCAL
from streamlit.testing.v1 import AppTest

from salesdash.ingest.quality import QualitySummary
from salesdash.store import Store
from views.data import admin as data_admin

ROOT = Path(__file__).resolve().parent.parent
LABEL = "Order lines without customer"


@pytest.fixture
def counted(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[int]]:
    """The small store as the app's database; each computation of the quality summary is counted (the real
    function runs)."""
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    small_store.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    calls: list[int] = []
    real = data_admin.quality_summary

    def counting(store: Store) -> QualitySummary:
        calls.append(1)
        return real(store)

    monkeypatch.setattr(data_admin, "quality_summary", counting)
    return small_store.path, calls


def data_page(open_panel: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/data/page.py")
    if open_panel:
        at.session_state["data_quality"] = True
    at.run()
    assert not at.exception
    return at


def test_closed_panel_computes_nothing_and_an_open_one_once_per_version(counted: tuple[Path, list[int]]) -> None:
    path, counted_calls = counted
    closed = data_page(open_panel=False)
    assert [m.label for m in closed.metric if m.label == LABEL] == []
    assert counted_calls == []
    opened = data_page(open_panel=True)
    # conftest's small orders: one line without a customer (tests/conftest.py, small_orders)
    assert [m.value for m in opened.metric if m.label == LABEL] == ["1"]
    assert counted_calls == [1]
    again = data_page(open_panel=True)  # another session, same data version: the summary is reused
    assert [m.value for m in again.metric if m.label == LABEL] == ["1"]
    assert counted_calls == [1]
    with Store(path) as store:  # a setting change is a new data version: computed afresh
        store.set_setting("currency", "USD", user=LOCAL)
    data_page(open_panel=True)
    assert counted_calls == [1, 1]
