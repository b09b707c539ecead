"""salesdash entry point: page config, data on first start, global filters, navigation (docs/operations.md)."""

from __future__ import annotations

import contextlib

import duckdb
import streamlit as st

from salesdash.access import Identity
from salesdash.errors import SalesdashError
from salesdash.store import damage, default_db_path
from ui import auth, components, context, sections, sidebar, state, warmup

st.set_page_config(page_title="salesdash", page_icon="📈", layout="wide")

DASHBOARDS = ("overview", "targets", "market", "customers", "pipeline", "team")
PAGES = ("overview", "targets", "market", "customers", "pipeline", "team", "data", "settings")
ICONS = {
    "overview": ":material/dashboard:",
    "targets": ":material/flag:",
    "market": ":material/public:",
    "customers": ":material/groups:",
    "pipeline": ":material/filter_alt:",
    "team": ":material/military_tech:",
    "data": ":material/upload_file:",
    "settings": ":material/settings:",
}


def _open_store() -> None:
    first_start = not default_db_path().exists()
    try:
        store = state.store()
    except SalesdashError as exc:
        st.error(str(exc))
        st.stop()
    # The demo is a write: only the local user of local mode makes it (docs/access.md), never a visitor.
    local = not auth.sign_in_configured() and not st.query_params.get("share")
    if first_start and local and not store.loaded_tables():
        _build_demo(store)


def _build_demo(store: object) -> None:
    """The demo company, in the language of the first visit (its link's `lang`, else the default), with
    its progress in that language; the notice that it is ready is a toast, so it never outlives the page."""
    from salesdash.demo import build_demo
    from salesdash.i18n import normalize_lang, t

    lang = normalize_lang(st.query_params.get("lang"))
    place = st.empty()
    with place.status(t("app.building_demo", lang), expanded=True):
        bar = st.progress(0.0)
        build_demo(store, lang=lang, progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))  # type: ignore[arg-type]
    place.empty()
    st.toast(t("app.demo_ready", lang))


def _answer_by_name(pages: list[st.Page], first: str) -> list[st.Page]:
    """The first page is served at `/`, and Streamlit would answer `/<its name>` (a bookmark, a link typed
    by hand) with "Page not found": a hidden twin answers there (Streamlit keys pages by url_path, so
    the one at `/` takes another key)."""
    home = pages[0]
    served = st.Page(
        components.page_script(first), title=home.title, icon=home.icon, url_path=f"{first}-home", default=True
    )
    twin = st.Page(components.page_script(first), title=home.title, icon=home.icon, url_path=first, visibility="hidden")
    return [served, *pages[1:], twin]


def _visible_pages(identity: Identity, share: dict[str, object] | None) -> list[str]:
    """Viewers never see the Data page; only admins see Settings; a share link opens its page only."""
    if share is not None:
        return [str(share["page"])]
    hidden = {"data": not (identity.can("upload") or identity.can("share")), "settings": not identity.can("settings")}
    return [name for name in PAGES if not hidden.get(name, False)]


try:
    _open_store()
    warmup.seen(state.data_version())  # a version committed elsewhere is warmed for the next visitors
    share = auth.share_view()
    identity = auth.current_identity()
    st.session_state["_current_identity"] = identity
    if share is None:
        sidebar.restore_from_link(PAGES)
    names = _visible_pages(identity, share)
    st.session_state["_pages"] = names
    pages = [
        st.Page(
            components.page_script(name),
            title=state.text(f"nav.{name}"),
            icon=ICONS[name],
            url_path=name,
            default=i == 0,
        )
        for i, name in enumerate(names)
    ]
    pages = _answer_by_name(pages, names[0])
    current = st.navigation(pages, position="sidebar" if share is None else "hidden")
    page = current.url_path or names[0]
    sidebar.render_filters(identity, share, page)
    context.build(identity)
    if share is None:
        sections.keep_controls(page)
        sidebar.write_link(page)
    sidebar.render_identity(identity)
    st.session_state["_snapshot"] = []
    components.page_style()
    # A dashboard run reads one committed state: its cards never mix the data before and after a load that
    # commits meanwhile. Data and Settings write and then show what they wrote, so they read the live state.
    with state.store().snapshot() if page in DASHBOARDS else contextlib.nullcontext():
        current.run()
    sidebar.render_share(page, current.title, identity)
except SalesdashError as exc:  # the database stayed busy past the wait, or cannot be read
    st.error(str(exc))
except duckdb.Error as exc:  # DuckDB checks a block when it first reads it: damage shows in a query
    damaged = damage(exc, default_db_path())
    if damaged is None:
        raise
    st.error(str(damaged))
