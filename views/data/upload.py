"""The upload card of the Data page: inspect, map, check, confirm, report (docs/uploads.md)."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from salesdash.columns import header_of
from salesdash.errors import SalesdashError, error_text
from salesdash.ingest import (
    MODES,
    FileInspection,
    IngestResult,
    UploadRejected,
    ingest_sheets,
    inspect_file,
    sheets_sharing_header,
)
from salesdash.ingest.messages import Notice, notice_text
from salesdash.ingest.validate import more_like_this
from salesdash.schema import TABLES
from salesdash.text import escape_markdown
from ui import state, warmup
from ui.components import exportable_table
from ui.sidebar import labelled
from ui.state import text

__all__ = ["upload_card"]

DATE_ORDERS = ("", "DMY", "MDY")
DECIMALS = ("", ",", ".")  # "": decided from the file's values (docs/uploads.md#numbers)
IGNORE = ""


def _inspect(
    data: bytes,
    name: str,
    sheet: str | None,
    table: str | None,
    date_format: str | None,
    year: int | None = None,
    decimal: str | None = None,
) -> FileInspection:
    return inspect_file(
        data,
        name,
        sheet,
        store=state.store(),
        table=table,
        date_format=date_format or None,
        year=year or None,
        decimal=decimal or None,
    )


def _mapping_editor(inspection: FileInspection, key: str) -> dict[str, str]:
    """The proposed mapping as an editable table: source column → canonical field, how sure the guess is, and
    sample values. An unsure guess is shown but not filled in: the person chooses (docs/uploads.md, "Confidence")."""
    fields = [IGNORE, *TABLES[inspection.table].field_names]
    sure = {h: c.get("confidence", "") for h, c in inspection.confidence.items()}
    frame = pd.DataFrame(
        {
            "source": inspection.headers,
            "field": [
                IGNORE if sure.get(h) == "unsure" else inspection.mapping.get(h, IGNORE) for h in inspection.headers
            ],
            "confidence": [_confidence_label(inspection, h) for h in inspection.headers],
            "samples": [", ".join(inspection.samples.get(h, [])[:3]) for h in inspection.headers],
        }
    )
    edited = st.data_editor(
        frame,
        key=f"{key}_mapping",
        hide_index=True,
        disabled=["source", "confidence", "samples"],
        column_config={
            "source": st.column_config.TextColumn(text("data.col.source")),
            "field": st.column_config.SelectboxColumn(text("data.col.field"), options=fields, format_func=_field_text),
            "confidence": st.column_config.TextColumn(text("data.col.confidence")),
            "samples": st.column_config.TextColumn(text("data.col.samples")),
        },
        width="stretch",
    )
    return {row.source: row.field for row in edited.itertuples() if row.field}


def _confidence_label(inspection: FileInspection, header: str) -> str:
    found = inspection.confidence.get(header)
    if not found:
        return ""
    label = text(f"data.confidence.{found['confidence']}")
    return f"{label}: {found['field']}" if found["confidence"] == "unsure" else label


def _question(inspection: FileInspection) -> None:
    """What the guess could not decide: two table kinds (both shown with their mappings), an unsure column, a year."""
    if inspection.question is None:
        return
    st.warning(error_text(inspection.question, state.lang()))
    if len(inspection.candidates) > 1:
        for found in inspection.candidates:
            shown = ", ".join(f"{h} → {f}" for h, f in found["mapping"].items()) or "—"
            table = text(f"table.{found['table']}")
            st.caption(f"{table}: {shown}")


def _field_text(field: str) -> str:
    """A canonical field as the analyst reads it: its name in the page's language, then the field itself."""
    return f"{header_of(field, state.lang())} ({field})" if field else ""


def _detected(inspection: FileInspection) -> None:
    facts = {
        text("data.fact.format"): inspection.container,
        text("data.fact.encoding"): inspection.encoding or "—",
        text("data.fact.delimiter"): repr(inspection.delimiter) if inspection.delimiter else "—",
        text("data.fact.decimal"): inspection.decimal,
        text("data.fact.dates"): ", ".join(f"{c}: {f}" for c, f in inspection.date_formats.items()) or "—",
    }
    st.caption(escape_markdown(" · ".join(f"{k}: {v}" for k, v in facts.items())))
    for warning in inspection.warnings:
        st.warning(escape_markdown(notice_text(warning, state.lang())))
    if inspection.saved_mapping:
        st.info(text("data.saved_mapping"))


def _workbook_warnings(result: IngestResult) -> None:
    """On a refusal, the workbook warnings found while loading (ids Excel merged) beside the rejects."""
    for warning in result.warnings:
        if isinstance(warning, Notice) and warning.key.startswith("workbook."):
            st.warning(escape_markdown(warning.text(state.lang())))  # it quotes the file's column


def _report(result: IngestResult, key: str) -> None:
    if result.already_loaded:
        st.info(text("data.already_loaded", batch=result.batch_id))
        return
    columns = st.columns(6)
    for column, (label, value) in zip(
        columns,
        (
            ("data.rows_read", result.rows_read),
            ("data.rows_loaded", result.rows_loaded),
            ("data.inserted", result.inserted),
            ("data.updated", result.updated),
            ("data.unchanged", result.unchanged),
            ("data.rows_rejected", result.rows_rejected),
        ),
        strict=True,
    ):
        column.metric(text(label), f"{value:,}")
    for warning in result.warnings:  # e.g. lines without a customer, closed deals dated by their close date
        st.warning(escape_markdown(notice_text(warning, state.lang())))
    _rejects(result, key)


def _rejects(result: IngestResult, key: str) -> None:
    if not result.rejects:
        return
    columns = ("file", "row", "column", "reason", "value")
    rows = [(r.file, r.row, r.column, r.text(state.lang()), r.value) for r in result.rejects]
    rejects = pd.DataFrame(rows, columns=[text(f"data.reject.{c}") for c in columns])
    exportable_table(rejects, key=f"{key}_rejects", name=f"rejects-{result.file}")
    for line in more_like_this(result.rejects, state.lang()):  # 20 rows of a kind are listed, the rest counted
        st.caption(escape_markdown(line))


def _options(inspection: FileInspection, key: str) -> dict[str, Any]:
    left, middle, right, last = st.columns(4)
    mode = left.selectbox(text("data.mode"), MODES, key=f"{key}_mode", format_func=labelled("data.mode"))
    units = middle.number_input(text("data.units"), min_value=0.0, value=1.0, key=f"{key}_units")
    date_format = right.selectbox(
        text("data.date_order"), DATE_ORDERS, key=f"{key}_dates", format_func=labelled("data.date_order", {"": "—"})
    )
    options: dict[str, Any] = {"mode": mode, "units": units, "date_format": date_format or None}
    options["decimal"] = (
        last.selectbox(
            text("ingest.decimal"), DECIMALS, key=f"{key}_decimal", format_func=labelled("ingest.decimal", {"": "—"})
        )
        or None
    )
    asks_year = inspection.question is not None and inspection.question.key == "ingest.error.needs_year"
    if asks_year or st.session_state.get(f"{key}_year"):
        year = st.number_input(text("data.year"), min_value=0, max_value=2100, value=0, step=1, key=f"{key}_year")
        options["year"] = int(year) or None
    return options


def upload_card(uploaded: Any) -> None:
    """One uploaded file, from inspection to a committed, undoable batch."""
    data = uploaded.getvalue()
    key = "data_up_" + hashlib.sha256(data).hexdigest()[:12]
    st.markdown(f"**{escape_markdown(uploaded.name)}**")  # a file name is shown as text
    first = st.columns(2)
    sheets: list[str] = []
    sheet = None
    try:
        decimal = st.session_state.get(f"{key}_decimal") or None
        year = st.session_state.get(f"{key}_year") or None
        dates = st.session_state.get(f"{key}_dates") or None
        inspection = _inspect(data, uploaded.name, None, None, dates, year, decimal)
        if len(inspection.sheets) > 1:
            sheets = _sheet_choice(first[0], data, uploaded.name, inspection, key)
            if not sheets:
                return
            sheet = sheets[0]
        tables = list(TABLES)
        table = first[1].selectbox(
            text("data.table"),
            tables,
            index=tables.index(inspection.table),
            key=f"{key}_table",
            format_func=labelled("table"),
        )
        if sheet != inspection.sheet or table != inspection.table:
            inspection = _inspect(
                data, uploaded.name, sheet, table, st.session_state.get(f"{key}_dates"), year, decimal
            )
    except SalesdashError as exc:
        st.error(escape_markdown(error_text(exc, state.lang())))
        _options_after_error(key)
        return
    _detected(inspection)
    _question(inspection)
    exportable_table(inspection.preview, key=f"{key}_preview", name="preview", file_headers=True, downloads=False)
    mapping = _mapping_editor(inspection, key)
    options = _options(inspection, key)
    _actions(data, uploaded.name, inspection, mapping, options, [*sheets] or [inspection.sheet], key)


def _sheet_choice(place: Any, data: bytes, name: str, inspection: FileInspection, key: str) -> list[str]:
    """Several sheets may be chosen when they share the first chosen sheet's header row: the preview and
    mapping are the first's, and each loads as its own batch (docs/uploads.md, "Workbooks and sheets")."""
    chosen: list[str] = place.multiselect(
        text("data.sheet"),
        inspection.sheets,
        default=[inspection.sheets[0]],
        key=f"{key}_sheets",
        help=text("workbook.ui.sheets_help"),
    )
    if len(chosen) > 1:
        shared = set(sheets_sharing_header(data, name, chosen[0]))
        others = [s for s in chosen if s not in shared]
        if others:
            st.warning(escape_markdown(text("workbook.ui.other_header", sheets=", ".join(others), first=chosen[0])))
            return [s for s in chosen if s in shared]
    return chosen


def _options_after_error(key: str) -> None:
    """After an ambiguous-date refusal the user picks the order and the card runs again."""
    st.selectbox(
        text("data.date_order"), DATE_ORDERS, key=f"{key}_dates", format_func=labelled("data.date_order", {"": "—"})
    )


def _actions(
    data: bytes,
    name: str,
    inspection: FileInspection,
    mapping: dict[str, str],
    options: dict[str, Any],
    sheets: list[str | None],
    key: str,
) -> None:
    check, load = st.columns(2)
    arguments = dict(name=name, table=inspection.table, mapping=mapping, **options)
    if check.button(text("data.check"), key=f"{key}_check"):
        st.session_state[f"{key}_checked"] = _run(data, sheets, arguments, dry_run=True, max_reject=10**9)
    checked: list[IngestResult] | None = st.session_state.get(f"{key}_checked")
    loading = bool(st.session_state.get(f"{key}_load"))  # the load's own counts replace the check's
    for number, result in enumerate([] if loading else (checked or [])):
        _report(result, f"{key}_dry{number}")
    allow = max((r.rows_rejected for r in checked or []), default=0)
    label = text("data.load_skipping", count=allow) if allow else text("data.load")
    if load.button(label, key=f"{key}_load", type="primary"):
        results = _run(data, sheets, arguments, dry_run=False, max_reject=allow)
        if results is not None:
            st.session_state.pop(f"{key}_checked", None)
        if any(r.batch_id is not None and not r.already_loaded for r in results or []):
            warmup.start()  # the default view's figures, ready for the next visitor (docs/pages.md)
        for number, result in enumerate(results or []):
            if result.batch_id is not None and not result.already_loaded:
                key_text = "workbook.ui.loaded_sheet" if result.sheet else "data.loaded"
                table = text(f"table.{result.table}")
                st.success(escape_markdown(text(key_text, batch=result.batch_id, table=table, sheet=result.sheet)))
            _report(result, f"{key}_done{number}")


def _run(
    data: bytes, sheets: list[str | None], arguments: dict[str, Any], *, dry_run: bool, max_reject: int
) -> list[IngestResult] | None:
    """The chosen sheets (or the one file) checked or loaded: one batch per sheet, all checked first."""
    try:
        with st.spinner(text("data.loading")):
            return ingest_sheets(
                state.store(),
                data,
                sheets,
                user=state.identity(),
                dry_run=dry_run,
                max_reject=max_reject,
                **arguments,
            )
    except UploadRejected as exc:
        st.error(escape_markdown(exc.localized(state.lang())))
        _workbook_warnings(exc.result)
        _rejects(exc.result, "rejected")
    except SalesdashError as exc:
        st.error(escape_markdown(error_text(exc, state.lang())))
    return None
