"""Data: uploads, history with undo, data quality, stage map, share links."""

from __future__ import annotations

import streamlit as st

from salesdash.backends.connect import backend_url, describe, uploads_enabled
from ui.components import section
from ui.state import identity, text
from views.data.admin import history_section, quality_section, share_links_section, stage_map_section
from views.data.upload import upload_card

st.title(text("nav.data"))
# Analysts see this page; one limited to a scope gets its quality panel and share links only, since uploads,
# history and the stage map reach the whole company (docs/access.md, "Scope").
if not (identity().can("upload") or identity().can("share")):  # app.py hides the page; a direct run is refused too
    st.error(text("access.share_not_here") if identity().mode == "share" else text("data.analysts_only"))
    st.stop()
if not uploads_enabled():
    st.warning(text("backends.uploads_off", engine=describe(backend_url())))
    st.stop()

company_wide = identity().can("upload")
if company_wide:
    section(text("data.upload"))
    st.caption(text("data.upload_help"))
    files = st.file_uploader(
        text("data.files"),
        type=["csv", "tsv", "txt", "parquet", "xlsx", "xlsm", "xls", "ods"],
        accept_multiple_files=True,
        key="data_files",
    )
    for uploaded in files or []:
        with st.container(border=True):
            upload_card(uploaded)

    section(text("data.history"))
    history_section()
else:
    st.info(text("data.scoped_read_only"))

# Computed only while open (docs/uploads.md#data-quality): at 10M lines it scans every table.
with st.expander(text("data.quality"), key="data_quality", on_change="rerun") as quality:
    if quality.open:
        quality_section()

if company_wide:
    section(text("data.stage_map"))
    stage_map_section()

section(text("share.list"))
share_links_section()
