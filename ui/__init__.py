"""Streamlit glue shared by app.py and the pages: state, cached figures, widgets."""
