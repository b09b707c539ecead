"""salesdash entry point: page config, data on first start, global filters, navigation (SPEC §2)."""

from __future__ import annotations

import streamlit as st

from salesdash.errors import SalesdashError
from salesdash.store import default_db_path
from ui import sidebar, state

st.set_page_config(page_title="salesdash", page_icon="📈", layout="wide")

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
    if first_start and not store.loaded_tables():
        _build_demo(store)


def _build_demo(store: object) -> None:
    from salesdash.demo import build_demo

    with st.status(state.text("app.building_demo"), expanded=True) as status:
        bar = st.progress(0.0)
        build_demo(store, progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))  # type: ignore[arg-type]
        status.update(label=state.text("app.demo_ready"), state="complete", expanded=False)


_open_store()
sidebar.restore_from_link(PAGES)
pages = [
    st.Page(
        f"pages/{name}.py", title=state.text(f"nav.{name}"), icon=ICONS[name], url_path=name, default=name == "overview"
    )
    for name in PAGES
]
current = st.navigation(pages)
sidebar.render_filters()
page = current.url_path or "overview"
sidebar.write_link(page)
st.session_state["_snapshot"] = []
current.run()
sidebar.render_share(page, current.title)
