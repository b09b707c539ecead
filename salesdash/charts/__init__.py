"""Plotly figure builders: `(DataFrame, labels) -> Figure`, one module per page; no data access here."""
