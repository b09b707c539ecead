"""Figures (docs/figures.md), each computing in the database and returning small results.

One subpackage per area of the dashboard (`targets`, `market`, `customers`, `pipeline`, `team`); the
modules at this level serve several pages: `sales` (the base figures), `month_trend`, `drill`, `alerts`.
"""
