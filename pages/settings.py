"""Settings: fiscal year, tier thresholds, stage probabilities, default language."""

from __future__ import annotations

import streamlit as st

from ui.state import text

st.title(text("nav.settings"))
