"""The Targets page: `page.py` is its script; its sections, widgets, category targets and the target plan live beside it."""
