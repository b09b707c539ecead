"""Widgets every page uses: KPI cards with deltas, charts, exportable tables, upload notices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from salesdash.export import to_csv_bytes, to_xlsx_bytes
from salesdash.snapshot import SnapshotItem
from ui.state import lang, money, text

__all__ = [
    "Card",
    "chart",
    "exportable_table",
    "first_rows",
    "kpi_cards",
    "money",
    "needs_upload",
    "page_link",
    "record",
    "section",
]


@dataclass(frozen=True)
class Card:
    """One KPI card: a label key, the value shown, and the change against the comparison period."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"


def record(kind: str, payload: object) -> None:
    """Remember what this run showed, for the page snapshot download."""
    st.session_state.setdefault("_snapshot", []).append(SnapshotItem(kind, payload))


def kpi_cards(cards: Sequence[Card], per_row: int = 4) -> None:
    record("cards", [(text(c.label), c.value, c.delta) for c in cards])
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start : start + per_row], strict=False):
            column.metric(
                text(card.label),
                card.value,
                delta=card.delta if card.delta not in (None, "—") else None,
                help=card.help,
                delta_color=card.delta_color,  # type: ignore[arg-type]
                border=True,
            )


def chart(figure: go.Figure, key: str, on_select: Literal["ignore", "rerun"] = "ignore") -> object:
    record("chart", figure)
    return st.plotly_chart(figure, key=key, on_select=on_select, config={"displaylogo": False}, width="stretch")


ROWS_SHOWN = 50


def first_rows(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """The first rows of a long table until "show all" is switched on: sending and drawing hundreds of rows
    costs the browser seconds; the downloads always hold every row (docs/pages.md, Sections)."""
    if len(frame) <= ROWS_SHOWN:
        return frame
    if st.toggle(text("section.show_all", count=len(frame)), key=f"_{key}_all"):
        return frame
    st.caption(text("section.first_rows", shown=ROWS_SHOWN, count=len(frame)))
    return frame.head(ROWS_SHOWN)


def exportable_table(frame: pd.DataFrame, key: str, name: str, selectable: bool = False) -> object:
    """A table with CSV and Excel downloads (formula cells made inert); a `selectable` one lets a row be
    picked (for drill-down) and returns the selection event."""
    record("table", frame)
    select = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    event = st.dataframe(first_rows(frame, key), hide_index=True, width="stretch", key=f"{key}_table", **select)  # type: ignore[call-overload]
    left, right, _ = st.columns([1, 1, 4])
    # Files are built only when a button is clicked: building every table's XLSX on each rerun costs seconds.
    left.download_button(text("export.csv"), lambda: to_csv_bytes(frame), f"{name}.csv", "text/csv", key=f"{key}_csv")
    right.download_button(
        text("export.xlsx"),
        lambda: to_xlsx_bytes(frame),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
    )
    return event


def needs_upload(tables: Iterable[str]) -> None:
    names = "、".join if lang() == "zh" else ", ".join
    st.info(text("notice.needs_upload", tables=names(text(f"table.{t}") for t in tables)))


def section(title: str) -> None:
    """A section heading: one question a manager asks."""
    record("heading", title)
    st.subheader(title)


def page_link(page: str, label: str, icon: str | None = None) -> None:
    """A link to another page when this user can open it; plain text otherwise (share links, viewers)."""
    if page in st.session_state.get("_pages", ()):
        st.page_link(f"views/{page}.py", label=label, icon=icon)
    else:
        st.markdown(f"{icon or ''} {label}")
