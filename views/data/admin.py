"""Sections of the Data page after the upload: history with undo, quality, stage map, share links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salesdash.access import SHAREABLE_PAGES, denied_text, list_share_links, revoke_share_link
from salesdash.columns import header_of
from salesdash.errors import SalesdashError, error_text
from salesdash.ingest import get_stage_map, list_batches, quality_summary, set_stage_map, undo
from salesdash.ingest.history import batch_file, readable_history
from salesdash.ingest.quality import QualitySummary
from salesdash.schema import STAGES
from salesdash.tables import Scope
from salesdash.text import escape_markdown
from ui import state, warmup
from ui.components import exportable_table
from ui.state import text

__all__ = ["history_section", "quality_section", "share_links_section", "stage_map_section"]


def history_section() -> None:
    """Every batch with its file, hash, table, counts, user and time; undo restores the state before it."""
    batches = list_batches(state.store())
    if batches.empty:
        st.info(text("data.no_batches"))
        return
    # In words: the demo build's file and parameters, each mapping as "Order date ← 订单日期" (docs/uploads.md).
    exportable_table(readable_history(batches, state.lang()), "data_batches", "upload_history")
    standing = batches[batches["undone_at"].isna()]
    if standing.empty:
        return
    left, right = st.columns([3, 1])
    names = {row.batch_id: _batch_label(row) for row in standing.itertuples()}
    batch = left.selectbox(text("data.undo_batch"), list(names), key="data_undo_batch", format_func=names.__getitem__)
    if right.button(text("data.undo"), key="data_undo"):
        try:
            counts = undo(state.store(), int(batch), user=state.identity())
        except SalesdashError as exc:
            st.error(escape_markdown(error_text(exc, state.lang())))
        else:
            warmup.start()
            st.success(text("data.undone", batch=batch, inserted=counts.inserted, deleted=counts.deleted))


def _batch_label(batch: object) -> str:
    """One batch as a person names it: number, file, table and rows, in the page's language."""
    table = str(getattr(batch, "table_name", ""))
    file_name = str(getattr(batch, "file_name", ""))
    return text(
        "data.batch_label",
        batch=getattr(batch, "batch_id", ""),
        file=batch_file(file_name, table == "demo", state.lang()),
        table=text(f"table.{table}"),
        rows=f"{int(getattr(batch, 'rows_loaded', 0) or 0):,}",
    )


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def quality_of(version: str) -> QualitySummary:
    """The store's data quality at one data version (computed once per version, docs/uploads.md#data-quality)."""
    return quality_summary(state.store())


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _scoped_deals(version: str, scope: Scope) -> frozenset[str]:
    tables = state.tables(version, scope)
    return (
        frozenset(tables.table("opportunities").opportunity_id.execute())
        if tables.has("opportunities")
        else frozenset()
    )


def quality_section() -> None:
    """Data quality of the store; a scoped analyst sees only the stale deals of the scope (the company-wide counts
    would tell other regions' figures, docs/access.md)."""
    version = state.data_version()
    summary = quality_of(version)
    if state.scope():
        stale = summary.stale_open_deals
        stale = stale[stale["opportunity_id"].isin(_scoped_deals(version, state.scope()))]
        if not stale.empty:
            st.caption(text("data.stale_deals"))
            exportable_table(stale, "data_stale", "stale_open_deals")
        return
    columns = st.columns(3)
    columns[0].metric(text("data.anonymous_orders"), f"{summary.anonymous_orders:,}")
    columns[1].metric(text("data.unknown_refs"), f"{sum(summary.unknown_dimensions.values()):,}")
    columns[2].metric(text("data.month_gaps"), f"{len(summary.month_gaps):,}")
    if summary.unknown_dimensions:
        st.caption(", ".join(f"{header_of(k, state.lang())}: {v:,}" for k, v in summary.unknown_dimensions.items()))
    if summary.month_gaps:
        st.warning(text("data.gaps", months=", ".join(summary.month_gaps)))
    if not summary.completeness.empty:
        exportable_table(summary.completeness, "data_completeness", "completeness")
    if not summary.stale_open_deals.empty:
        st.caption(text("data.stale_deals"))
        exportable_table(summary.stale_open_deals, "data_stale", "stale_open_deals")


def stage_map_section() -> None:
    """Company stage names onto the standard stages; saved for every later upload."""
    current = get_stage_map(state.store())
    frame = pd.DataFrame({"name": list(current), "stage": list(current.values())})
    edited = st.data_editor(
        frame,
        key="data_stage_map",
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn(text("data.col.stage_name")),
            "stage": st.column_config.SelectboxColumn(
                text("data.col.stage"), options=list(STAGES), format_func=lambda stage: text(f"stage.{stage}")
            ),
        },
        width="stretch",
    )
    if st.button(text("data.save_stage_map"), key="data_save_stage_map"):
        mapping = {str(r.name): str(r.stage) for r in edited.itertuples() if r.name and r.stage}
        try:
            set_stage_map(state.store(), mapping, user=state.identity())
        except SalesdashError as exc:
            st.error(escape_markdown(error_text(exc, state.lang())))
        else:
            st.success(text("data.stage_map_saved"))


def share_links_section() -> None:
    """Every share link with its creator, expiry and state; revoke for those who may share."""
    if not state.identity().can("share"):
        return
    links = list_share_links(state.store(), state.identity())
    if not links:
        st.info(text("data.no_share_links"))
        return
    for link in links:
        status = text("data.link_revoked") if link.revoked_at else text("data.link_active")
        if link.expires_at:
            status += " · " + text("data.link_expires", at=f"{link.expires_at:%Y-%m-%d}")
        left, right = st.columns([4, 1])
        page = text("nav." + link.page) if link.page in SHAREABLE_PAGES else link.page
        left.text(f"{page} · {link.created_by} · {link.created_at:%Y-%m-%d %H:%M} · {status}")
        if not link.revoked_at and right.button(text("share.revoke"), key=f"data_revoke_{link.token_hash[:12]}"):
            try:
                revoke_share_link(state.store(), state.identity(), link.token_hash)
            except SalesdashError as exc:
                st.error(denied_text(exc, state.lang()))
            else:
                st.rerun()
