"""A page's questions as sections: one switch under the KPI row, and only the open section is computed and drawn.

The open section is a page-level control, `<page>_section=<name>` (docs/pages.md, Sections): being prefixed by the page
it goes into the link (ui/sidebar.write_link), so a shared link opens on it. A link that opens a drill and
names no section opens the drill's section; a section the page does not have falls back to the first, with a
notice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from ui.drill import relink
from ui.sidebar import labelled, linkable, page_value
from ui.state import text

__all__ = ["keep_controls", "local", "open_section", "section_key"]


def section_key(page: str) -> str:
    return f"{page}_section"


def _drilled_section(page: str, drills: Mapping[str, str]) -> str | None:
    source, colon, _ = str(st.session_state.get(f"{page}_drill", "")).partition(":")
    return drills.get(source) if colon else None


def _start(page: str, sections: Sequence[str], drills: Mapping[str, str]) -> None:
    key = section_key(page)
    held = st.session_state.get(key)
    if held in sections:
        return
    if held is not None and held == page_value(key):
        st.warning(text("filters.bad_param", name=key, value=held))
    st.session_state[key] = _drilled_section(page, drills) or sections[0]
    relink(page)


def keep_controls(page: str) -> None:
    """Keep the values of the page's controls while their section is closed, so they are still in the link and
    greet the user when the section opens again (Streamlit forgets a widget's value when a run does not draw
    it). Call before the link is written."""
    kept: dict[str, object] = st.session_state.setdefault(f"_{page}_controls", {})
    fixed = {section_key(page), f"{page}_drill"}
    for key, value in list(st.session_state.items()):
        if isinstance(key, str) and key.startswith(f"{page}_") and key not in fixed and linkable(value):
            kept[key] = value
    for key, value in kept.items():
        if key not in st.session_state:
            st.session_state[key] = value


def open_section(page: str, sections: Sequence[str], drills: Mapping[str, str] | None = None) -> str:
    """Draw the switch between `sections` (text `<page>.section.<name>`) and return the open one.

    `drills` maps a drill source of the page to the section it opens from, so a drill opened by a link
    shows in its section; a drill opened later keeps the section it was clicked in."""
    drills = drills or {}
    _start(page, sections, drills)
    drilled = _drilled_section(page, drills)
    if drilled is not None and st.session_state.get(f"_{page}_drilled_from") != st.session_state.get(f"{page}_drill"):
        st.session_state[f"_{page}_drilled_from"] = st.session_state.get(f"{page}_drill")
        st.session_state[section_key(page)] = drilled
        relink(page)
    chosen = st.segmented_control(
        text("section.label"),
        list(sections),
        key=section_key(page),
        format_func=labelled(f"{page}.section"),
        required=True,
        label_visibility="collapsed",
    )
    return str(chosen or sections[0])


def local(page: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """A section whose controls rerun it alone (a Streamlit fragment), not the page; the link follows them."""

    def wrap(section: Callable[[], None]) -> Callable[[], None]:
        @functools.wraps(section)
        def run() -> None:
            section()
            relink(page)

        return st.fragment(run)

    return wrap
