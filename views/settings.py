"""Settings: fiscal year, tier thresholds, stage probabilities, currency, default language."""

from __future__ import annotations

from typing import Any

import streamlit as st

from salesdash import fmt
from salesdash.access import denied_text
from salesdash.backup import backup
from salesdash.errors import SalesdashError
from salesdash.i18n import LANGUAGE_NAMES
from salesdash.schema import OPEN_STAGES
from salesdash.settings import CURRENCIES, current
from ui import state
from ui.state import text

st.title(text("settings.title"))
if not state.identity().can("settings"):  # app.py hides the page; a direct run is refused too (docs/access.md)
    st.error(text("access.share_not_here") if state.identity().mode == "share" else text("settings.admins_only"))
    st.stop()
values = current(state.tables().settings)


def percent_input(column: Any, label: str, fraction: float, low: float, high: float) -> float:
    """A ratio setting typed and shown in percent ("80" under "… (%)"), stored as the fraction (0.8;
    docs/figures.md). Streamlit's number input takes no `%` in its format, so the unit is in the label."""
    shown = column.number_input(
        text("settings.in_percent", label=label), low, high, round(float(fraction) * 100, 4), 5.0, format="%.0f"
    )
    return round(float(shown) / 100, 6)


with st.form("settings_form"):
    st.subheader(text("settings.calendar"))
    fiscal = st.selectbox(
        text("settings.fiscal_start"),
        list(range(1, 13)),
        index=values["fiscal_year_start_month"] - 1,
        format_func=lambda month: fmt.month_name(month, state.lang()),
    )
    st.subheader(text("settings.tiers"))
    left, right = st.columns(2)
    tier_a = percent_input(left, text("settings.tier_a"), values["tier_thresholds"][0], 5.0, 99.0)
    tier_b = percent_input(right, text("settings.tier_b"), values["tier_thresholds"][1], 5.0, 100.0)
    st.subheader(text("settings.stages"))
    columns = st.columns(len(OPEN_STAGES))
    probabilities = {
        stage: percent_input(column, text(f"stage.{stage}"), values["stage_probabilities"][stage], 0.0, 100.0)
        for column, stage in zip(columns, OPEN_STAGES, strict=True)
    }
    st.subheader(text("settings.display"))
    left, right = st.columns(2)
    currency = left.selectbox(text("settings.currency"), CURRENCIES, index=CURRENCIES.index(values["currency"]))
    default_lang = right.selectbox(
        text("settings.default_lang"),
        ("zh", "en"),
        index=("zh", "en").index(values["default_lang"]),
        format_func=LANGUAGE_NAMES.__getitem__,
    )
    submitted = st.form_submit_button(text("settings.save"), type="primary")

if submitted:
    chosen = {
        "fiscal_year_start_month": fiscal,
        "tier_thresholds": [tier_a, tier_b],
        "stage_probabilities": probabilities,
        "currency": currency,
        "default_lang": default_lang,
    }
    try:
        state.save_settings({k: v for k, v in chosen.items() if v != values[k]})
    except SalesdashError as exc:
        st.error(denied_text(exc, state.lang()))
    else:
        st.success(text("settings.saved"))

st.subheader(text("settings.backup"))
st.caption(text("settings.backup_help"))
if st.button(text("settings.backup_now"), key="settings_backup"):
    try:
        made = backup(state.store(), user=state.identity())
    except SalesdashError as exc:
        st.error(denied_text(exc, state.lang()))
    else:
        st.success(text("settings.backup_done", path=made["path"], seconds=f"{made['seconds']:.1f}"))
