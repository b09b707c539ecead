"""The Targets page's section for targets set per product category (docs/targets.md, "Category targets")."""

from __future__ import annotations

import streamlit as st

from salesdash import fmt
from salesdash.metrics.targets.attainment import attainment_by
from ui.components import exportable_table
from ui.state import cached, lang, text
from views.targets.sections import TargetsView
from views.targets.widgets import people_table

__all__ = ["category_section"]


def category_section(view: TargetsView) -> None:
    """Attainment per product category in the period to date; shown only when category targets are loaded."""
    table = cached(attainment_by, view.filters, view.to_date, "category")
    if table.empty or not table["target"].notna().any():
        return
    st.subheader(text("targets.attainment_by", level=text("targets.level.category")))
    st.caption(text("targets.attainment_caption", period=view.label(), day=fmt.day(view.to_date.end, lang())))
    columns = ["level_id", "revenue", "target", "attainment", "gap"]
    exportable_table(people_table(table, columns), key="targets_category", name="attainment_category")
