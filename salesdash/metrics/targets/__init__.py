"""Targets figures (docs/targets.md): targets at every level, attainment, pacing, target plans, the SMART check."""
