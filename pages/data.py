"""Data: uploads, mappings, history and data quality."""

from __future__ import annotations

import streamlit as st

from ui.state import text

st.title(text("nav.data"))
