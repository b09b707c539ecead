"""Drill-down: a click on a chart's bar, slice or point opens what is behind it, under a breadcrumb.

A drill is one page-level control, `<page>_drill = "<source>:<key>"`: being prefixed by the page it goes
into the link (ui/sidebar.write_link), so a shared link reopens the drilled view. Charts carry the key of
each bar or point in `customdata` (its first element when several values are carried).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.filters import Filters, Window
from salesdash.i18n import strings
from salesdash.links import check_drill
from salesdash.metrics.drill import lines_behind, slice_breakdown, slice_summary
from salesdash.text import escape_markdown
from ui.components import Card, exportable_table, kpi_cards, money
from ui.state import cached, lang, text


def known() -> Any:
    from ui.sidebar import known as link_known  # ui.sidebar imports this module's users: imported late

    return link_known()


__all__ = [
    "breadcrumb",
    "clear",
    "clicked",
    "current",
    "drill_from",
    "drill_key",
    "lines_table",
    "open_drill",
    "picked_row",
    "refuse",
    "relink",
    "slice_panel",
]

LINES_SHOWN = 500


def drill_key(page: str) -> str:
    return f"{page}_drill"


# The label of lines without a value in breakdowns ('—'): a bar to read, not a slice to open.
MISSING = "—"


def clicked(event: Any) -> str | None:
    """The key of the first selected bar or point of a Plotly selection event, or None."""
    points = event.selection.points if event is not None and getattr(event, "selection", None) else []
    if not points:
        return None
    key = points[0].get("customdata")
    key = key[0] if isinstance(key, list | tuple) else key
    if key == MISSING:
        return None  # lines without a region, category… : no filter narrows to them, so nothing opens
    return "" if key is None else str(key)


def relink(page: str) -> None:
    """Write the link again now: app.py wrote it before the page ran, and a drill opened or closed during the
    run must show in the address bar at once (a share link's address is its token: left alone)."""
    from ui.sidebar import write_link
    from ui.state import identity

    if identity().mode != "share":
        write_link(page)


def open_drill(page: str, source: str, key: str) -> None:
    st.session_state[drill_key(page)] = f"{source}:{key}"
    relink(page)


def picked_row(event: Any, keys: list[str]) -> str | None:
    """The key of the row picked in a selectable table (`keys` in the table's row order), or None."""
    rows = event.selection.rows if event is not None and getattr(event, "selection", None) else []
    return keys[rows[0]] if rows and rows[0] < len(keys) else None


def drill_from(event: Any, page: str, source: str, keys: list[str] | None = None) -> str | None:
    """Open the drill of a clicked point (or, given the rows' `keys`, of a table's picked row). A selection
    already seen does not reopen after 'back': Streamlit keeps returning a chart's last selection on every
    rerun. Returns the key newly clicked, if any."""
    key = clicked(event) if keys is None else picked_row(event, keys)
    if key is None:
        return None
    picked = f"{source}:{key}"
    if st.session_state.get(f"_seen_{page}_{source}") == picked:
        return None
    st.session_state[f"_seen_{page}_{source}"] = picked
    open_drill(page, source, key)
    return key


def current(page: str, sources: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """The open drill of a page as (source, key), when it is one of `sources` (any when None). A drill that the
    page cannot open for this session (links.check_drill: unknown source, malformed key, a region, team or rep
    outside the scope) is closed with a notice, whatever set it."""
    value = str(st.session_state.get(drill_key(page), ""))
    source, colon, key = value.partition(":")
    if not colon or (sources is not None and source not in sources):
        return None
    if not check_drill(page, value, known()):
        refuse(page)
        return None
    return source, key


def clear(page: str) -> None:
    st.session_state.pop(drill_key(page), None)
    relink(page)


def refuse(page: str) -> None:
    """Close a drill whose key lies outside the user's filters or scope (a link may carry any), saying so."""
    st.warning(text("drill.out_of_scope"))
    clear(page)


def breadcrumb(page: str, trail: list[str], back_label: str, key: str) -> None:
    """The path to the drilled view ("Page › Chart › **Bar**") with a button that steps back out of it."""
    back, path = st.columns([1, 4])
    if back.button(back_label, key=f"{page}_back_{key}", type="tertiary"):
        clear(page)
        st.rerun()
    # The steps may be customer, rep or product names: escaped, so they show as text (docs/access.md).
    steps = [escape_markdown(step) for step in trail]
    path.markdown(" › ".join([*steps[:-1], f"**{steps[-1]}**"]))


def _headed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: text(f"drill.col.{c}") for c in frame.columns if f"drill.col.{c}" in strings()})


def slice_panel(
    page: str,
    trail: list[str],
    sliced: Filters,
    span: Window,
    breakdowns: tuple[str, ...],
    where: tuple[str, tuple[str, ...]] | None = None,
) -> None:
    """What is behind a clicked bar or point that stands for a slice of the orders (a region, a category, a
    month, a province): its revenue and orders, its revenue by other dimensions, and its largest order lines.
    `sliced` and `span` are the page's filters and window narrowed to it; `where` narrows further by a column
    the filters lack (province, product, channel…)."""
    with st.container(border=True):
        breadcrumb(page, trail, text("drill.back"), "slice")
        summary = cached(slice_summary, sliced, span, where)
        kpi_cards(
            [
                Card("kpi.revenue", money(summary["revenue"])),
                Card("kpi.orders", fmt.number(summary["orders"], lang())),
                Card("kpi.customers", fmt.number(summary["customers"], lang())),
                Card("kpi.avg_order_value", money(summary["avg_order_value"])),
            ]
        )
        for column, dimension in zip(st.columns(len(breakdowns) or 1), breakdowns, strict=False):
            by = cached(slice_breakdown, sliced, span, where, dimension)
            column.caption(text("drill.by", dimension=text(f"drill.dim.{dimension}")))
            with column:
                exportable_table(_headed(by), key=f"{page}_drill_by_{dimension}", name=f"by_{dimension}")
        lines_table(page, sliced, span, where)


def lines_table(page: str, sliced: Filters, span: Window, where: tuple[str, tuple[str, ...]] | None = None) -> None:
    """The largest order lines under `sliced` in `span` (and `where`): the rows behind a drilled bar or point."""
    st.caption(text("drill.lines", limit=LINES_SHOWN))
    lines = cached(lines_behind, sliced, span, LINES_SHOWN, where)
    exportable_table(_headed(lines), key=f"{page}_drill_lines", name=f"{page}_lines")
