"""Widgets of the Targets page: link-safe choices, tables for people, pacing cards."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from salesdash import fmt
from salesdash.i18n import strings
from salesdash.metrics.targets.pacing import Pacing
from salesdash.text import escape_markdown
from ui.sidebar import page_value
from ui.state import lang, text

__all__ = ["choice", "pacing_cards", "people_table", "user"]

_MONEY = {
    "revenue",
    "target",
    "gap",
    "ahead_by",
    "expected_to_date",
    "run_rate",
    "seasonal",
    "projection",
    "shortfall",
    "required_daily_rate",
    "daily_rate",
    "pipeline",
    "best_past",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "year",
    "previous",
}
_RATIO = {"attainment", "pace", "projected_attainment", "uplift", "coverage", "ratio"}


def user() -> str:
    """Who is acting; local mode (no sign-in configured) acts as `local`."""
    return str(st.session_state.get("user", "local"))


def choice(
    container: Any, label: str, options: Sequence[Any], key: str, default: Any, format_func: Callable[[Any], str] = str
) -> Any:
    """A selectbox whose value a link may set: a value that is not an option falls back to `default`, with a
    notice when the link brought it."""
    current = st.session_state.get(key)
    if current is not None and current not in options:
        if current == page_value(key):
            st.warning(escape_markdown(text("targets.bad_control", name=key, value=current)))
        del st.session_state[key]
    if key not in st.session_state:
        st.session_state[key] = default if default in options else options[0]
    return container.selectbox(label, list(options), key=key, format_func=format_func)


def people_table(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The columns a person reads, headed in their language; money to the cent, ratios to 4 places."""
    shown = frame[[c for c in columns if c in frame.columns]].copy()
    if "gap" in shown.columns:  # a negative gap is a lead: said as "ahead by", never as a negative shortfall
        gap = pd.to_numeric(shown["gap"], errors="coerce")
        shown.insert(shown.columns.get_loc("gap") + 1, "ahead_by", (-gap).where(gap < 0))
        shown["gap"] = gap.where(gap >= 0)
    if "level" in shown.columns:
        shown["level"] = [text(f"targets.level.{v}") if isinstance(v, str) else v for v in shown["level"]]
    for column in shown.columns:
        if column in _MONEY:
            shown[column] = pd.to_numeric(shown[column], errors="coerce").round(2)
        elif column in _RATIO:
            shown[column] = pd.to_numeric(shown[column], errors="coerce").round(4)
    known = strings()
    shown.columns = [text(f"targets.col.{c}") if f"targets.col.{c}" in known else c for c in shown.columns]
    return shown


def _band(low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        return None
    return text("targets.pace.band", low=fmt.money(low, lang()), high=fmt.money(high, lang()))


def pacing_cards(found: Pacing) -> None:
    """Cards for a running period: target, revenue and expected to date, pace, gap, needed per day, and the two
    projections with their 80% bands."""
    money = lambda v: fmt.money(v, lang())  # noqa: E731
    cards = [
        ("targets.pace.target", money(found.target), None, None),
        ("targets.pace.revenue", money(found.revenue), None, None),
        ("targets.pace.expected_to_date", money(found.expected_to_date), None, None),
        ("targets.pace.pace", fmt.percent(found.pace), None, text("targets.pace.help.pace")),
        ("targets.pace.gap", money(found.gap), None, None)
        if found.gap is None or found.gap >= 0
        else ("targets.pace.ahead_by", money(-found.gap), None, None),
        ("targets.pace.required_daily_rate", money(found.required_daily_rate), None, None),
        (
            "targets.pace.run_rate",
            money(found.run_rate),
            _band(found.run_rate_low, found.run_rate_high),
            text("targets.pace.help.band"),
        ),
        (
            "targets.pace.seasonal",
            money(found.seasonal),
            _band(found.seasonal_low, found.seasonal_high),
            text("targets.pace.help.seasonal"),
        ),
    ]
    for start in range(0, len(cards), 4):
        for column, (label, value, band, help_text) in zip(st.columns(4), cards[start : start + 4], strict=True):
            column.metric(text(label), value, band, help=help_text, delta_color="off", delta_arrow="off", border=True)
