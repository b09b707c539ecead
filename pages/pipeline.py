"""Pipeline: the headline figures of this area."""

from __future__ import annotations

import streamlit as st

from ui.headline import headline_cards
from ui.state import text, window

st.title(text("nav.pipeline"))
if window() is None:
    st.info(text("app.no_data"))
    st.stop()

headline_cards(("open_value", "weighted_value", "win_rate", "avg_deal_size"))
