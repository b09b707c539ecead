"""The page context: everything a page reads about the view, built once per run by app.py.

app.py resolves the sign-in, the sidebar's filters (narrowed to the user's scope), the window and the
comparison, then builds one frozen `PageContext` and hands it to the page it runs (`page_context()`); a
dashboard page asks for a `Dashboard`, whose window is known (no data stops the page with a notice).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from salesdash.access import Identity
from salesdash.filters import Filters, Window
from salesdash.tables import Scope, Tables
from ui import state

__all__ = ["Dashboard", "PageContext", "build", "dashboard", "page_context"]

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    """The view of this run: tables (over this thread's cursor), filters with the user's scope applied, the
    window (None when nothing is loaded), the comparison window, the language, who is looking and the scope
    (regions, teams) that limits them."""

    tables: Tables
    filters: Filters
    window: Window | None
    comparison: Window | None
    lang: str
    identity: Identity
    scope: Scope


@dataclass(frozen=True)
class Dashboard:
    """The context of a dashboard page, whose data has a window."""

    tables: Tables
    filters: Filters
    window: Window
    comparison: Window | None
    lang: str
    identity: Identity
    scope: Scope


def build(identity: Identity) -> PageContext:
    """The context of this run, from what the sidebar resolved (call after `sidebar.render_filters`)."""
    found = PageContext(
        tables=state.tables(),
        filters=state.filters(),
        window=state.window(),
        comparison=state.comparison(),
        lang=state.lang(),
        identity=identity,
        scope=state.scope(),
    )
    st.session_state[_KEY] = found
    return found


def page_context() -> PageContext:
    """The context app.py built for this run."""
    found = st.session_state.get(_KEY)
    if not isinstance(found, PageContext):
        raise RuntimeError("no page context: pages run through app.py")
    return found


def dashboard() -> Dashboard:
    """The context of a dashboard page; with no data loaded, the page says so and stops here."""
    found = page_context()
    if found.window is None:
        st.info(state.text("app.no_data"))
        st.stop()
        raise AssertionError("st.stop() returned")  # pragma: no cover
    return Dashboard(
        found.tables, found.filters, found.window, found.comparison, found.lang, found.identity, found.scope
    )
