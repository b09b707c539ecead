"""Targets: are we on track, who is not and what would it take; attainment at every level; SMART check; plan."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.components import needs_upload
from ui.headline import headline_cards
from ui.state import compute, filters, text, window
from ui.target_plan_form import plan_section
from ui.targets_sections import (
    attainment_section,
    controls,
    heatmap_section,
    on_track_section,
    over_time_section,
    shortfall_section,
    smart_section,
)

st.title(text("nav.targets"))
if window() is None:
    st.info(text("app.no_data"))
    st.stop()

headline_cards(("revenue", "target", "attainment", "growth_yoy"))
if not state.tables().has("targets"):
    needs_upload(["targets"])
if filters().has_product_or_segment:
    st.info(text("targets.no_target_slice"))

latest = compute("options.latest_date")
view = controls(state.tables().fiscal_first_month, min(window().end, latest) if latest else window().end)
on_track_section(view)
shortfall_section(view)
attainment_section(view)
heatmap_section(view)
over_time_section()
smart_section(view)
plan_section(view)
