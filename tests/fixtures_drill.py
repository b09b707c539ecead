"""Opening a page of the real app through AppTest for the drill-down tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.components import page_script

ROOT = Path(__file__).resolve().parent.parent


def open_page(monkeypatch: pytest.MonkeyPatch, db: Path, view: str, **params: str) -> AppTest:
    """The app on the store `db`, opened with the link's query `params`, then switched to its page script (`ui.components.page_script`);
    the caches are cleared first, so no figure of another test's store is reused."""
    monkeypatch.setenv("SALESDASH_DB", str(db))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.switch_page(page_script(view))
    at.run()
    assert not at.exception
    return at
