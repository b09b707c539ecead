"""Figures (docs/figures.md), one module per area; each computes in the database and returns small results."""
