"""Figures of SPEC §4, one module per area; each computes in the database and returns small results."""
