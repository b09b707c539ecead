"""Widgets every page uses: KPI cards with deltas, charts, exportable tables, upload notices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from salesdash import fmt
from salesdash.export import to_csv_bytes, to_xlsx_bytes
from ui.state import lang, text

__all__ = ["Card", "chart", "exportable_table", "kpi_cards", "needs_upload"]


@dataclass(frozen=True)
class Card:
    """One KPI card: a label key, the value shown, and the change against the comparison period."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"


def kpi_cards(cards: Sequence[Card], per_row: int = 4) -> None:
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


def money(value: float | None) -> str:
    return fmt.money(value, lang())


def chart(figure: go.Figure, key: str, on_select: str = "ignore") -> object:
    return st.plotly_chart(figure, key=key, on_select=on_select, config={"displaylogo": False}, width="stretch")


def exportable_table(frame: pd.DataFrame, key: str, name: str) -> None:
    """A table with CSV and Excel downloads (formula cells made inert)."""
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_table")
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


def needs_upload(tables: Iterable[str]) -> None:
    names = "、".join if lang() == "zh" else ", ".join
    st.info(text("notice.needs_upload", tables=names(text(f"table.{t}") for t in tables)))
