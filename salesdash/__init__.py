"""salesdash: the analytics half of a sales-management system.

A plain Python package (it never imports streamlit): the canonical schema, the DuckDB store,
ingestion, metrics as Ibis expressions, Plotly chart builders, i18n and the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"
