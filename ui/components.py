"""Widgets every page uses: KPI cards with deltas, charts, exportable tables, upload notices."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from salesdash.charts.style import localized, plotly_config
from salesdash.columns import ColumnSpec, Kind, table_layout, table_width
from salesdash.export import to_csv_bytes, to_xlsx_bytes
from salesdash.snapshot import SnapshotItem
from ui.state import currency, lang, money, text

__all__ = [
    "Card",
    "Kind",
    "beside",
    "chart",
    "exportable_table",
    "first_rows",
    "kpi_cards",
    "money",
    "needs_upload",
    "page_link",
    "page_style",
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
    """Every chart: dates and amounts on its axes written for the page's language (charts/style.py)."""
    localized(figure, lang())
    record("chart", figure)
    return st.plotly_chart(figure, key=key, on_select=on_select, config=plotly_config(lang()), width="stretch")


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


def exportable_table(
    frame: pd.DataFrame,
    key: str,
    name: str,
    selectable: bool = False,
    kinds: dict[str, Kind] | None = None,
    file_headers: bool = False,
    downloads: bool = True,
) -> object:
    """Every table a person sees: headers and coded values in the page's language, each column shown by
    its kind (money in the user's currency and unit, ratios as percentages, counts grouped, dates without
    time, ids hidden beside their names), with CSV and Excel downloads of the raw values under the same
    headers (formula cells made inert). `kinds` overrides a column's kind by its header; `file_headers`
    keeps the headers of a user's own file (a preview, shown without `downloads`). A `selectable` table lets a row be picked (for drill-down)
    and returns the selection event. docs/figures.md, "Tables"."""
    strict = bool(os.environ.get("SALESDASH_STRICT_TEXT"))
    shown, specs, download = table_layout(frame, lang(), currency(), kinds, strict, file_headers)
    # A table wider than the page scrolls sideways: its first column (the name) stays in view.
    pin = table_width(shown, specs) > NARROWEST_MAIN
    visible = [spec for spec in specs if not spec.hidden]
    config = {spec.header: _column_config(spec, pin and spec is visible[0]) for spec in visible}
    record("table", download)
    select = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    event = st.dataframe(  # type: ignore[call-overload]  # the stubs' overloads miss **select
        first_rows(shown, key),
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        column_config=config,
        column_order=[c for c in shown.columns if c in config],
        placeholder="—",  # a missing figure reads as a dash, not Streamlit's "None"
        **select,  # type: ignore[arg-type]
    )
    if not downloads:
        return event
    # One row of buttons as wide as their words, wrapping to a second row in a narrow column (never cut).
    row = st.container(horizontal=True, gap="small")
    # Files are built only when a button is clicked: building every table's XLSX on each rerun costs seconds.
    row.download_button(
        text("export.csv"), lambda: to_csv_bytes(download), f"{name}.csv", "text/csv", key=f"{key}_csv", width="content"
    )
    row.download_button(
        text("export.xlsx"),
        lambda: to_xlsx_bytes(download),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        width="content",
    )
    return event


def _column_config(spec: ColumnSpec, pinned: bool = False) -> Any:
    cc = st.column_config
    if spec.kind is Kind.DATE:
        return cc.DateColumn(spec.header, format=spec.format, pinned=pinned)
    if spec.format is not None:
        return cc.NumberColumn(spec.header, format=spec.format, pinned=pinned)
    return cc.Column(spec.header, pinned=pinned)


# The page's main column at the narrowest supported window (1280 px, sidebar open), in CSS pixels, and the
# gap between st.columns; measured in chromium (a 2:3 split gives a 320 px column there).
NARROWEST_MAIN = 816
COLUMN_GAP = 16


def beside(weights: Sequence[float], *tables: pd.DataFrame | None) -> list[Any]:
    """Columns in proportion to `weights` for a row of charts and tables, when every table fits its column
    whole at the narrowest supported window; otherwise the parts one under the other at full width, so no
    table is cut on the right (docs/figures.md, "Tables"). `tables[i]` is the frame column i will pass to
    `exportable_table` (None for a chart); returns one container per weight."""
    usable = NARROWEST_MAIN - COLUMN_GAP * (len(weights) - 1)
    widths = [usable * weight / sum(weights) for weight in weights]
    fits = all(
        frame is None or table_width(*table_layout(frame, lang(), currency())[:2]) <= width
        for frame, width in zip(tables, widths, strict=False)
    )
    return list(st.columns(list(weights))) if fits else [st.container() for _ in weights]


# Streamlit cuts a long KPI label, card value or button text with an ellipsis; here they wrap instead.
_WRAP = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] *, [data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] p { line-height: 1.2; }
"""
# The file uploader's own words are English only in Streamlit: in Chinese they are written over.
_UPLOADER = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }
[data-testid="stFileUploaderDropzone"] button span[style*="contents"]::after { content: "%s"; }
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after { content: "%s"; font-size: 0.875rem; }
"""


def page_style() -> None:
    """Once per run: wrapped (never cut) labels, values and buttons; the uploader's words in Chinese."""
    css = _WRAP
    if lang() == "zh":
        css += _UPLOADER % (text("data.uploader.button"), text("data.uploader.limit"))
    st.html(f"<style>{css}</style>")


def needs_upload(tables: Iterable[str]) -> None:
    names = "、".join if lang() == "zh" else ", ".join
    st.info(text("notice.needs_upload", tables=names(text(f"table.{t}") for t in tables)))


def section(title: str) -> None:
    """A section heading: one question a manager asks."""
    record("heading", title)
    st.subheader(title)


def page_script(page: str) -> str:
    """The script Streamlit runs for a page, relative to `app.py`: `views/<page>.py`, or `views/<page>/page.py`
    when the page's home is a package holding its sections beside the script."""
    home = Path(__file__).resolve().parent.parent / "views" / page
    return f"views/{page}/page.py" if home.is_dir() else f"views/{page}.py"


def page_link(page: str, label: str, icon: str | None = None) -> None:
    """A link to another page when this user can open it; plain text otherwise (share links, viewers)."""
    if page in st.session_state.get("_pages", ()):
        st.page_link(page_script(page), label=label, icon=icon)
    else:
        st.markdown(f"{icon or ''} {label}")
