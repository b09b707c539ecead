"""Uploads: read analysts' exports, map them onto the canonical tables, load them as undoable batches.

Public API (for the Data page and the CLI):

- ``inspect_file(path_or_bytes, name=None, sheet=None, *, store=None, table=None, mapping=None,
  date_format=None, max_bytes=...) -> FileInspection`` — format, sheets, proposed table and mapping, preview.
- ``ingest_file(store, path, *, name=None, table=None, mapping=None, mode="upsert", sheet=None,
  date_format=None, units=1, max_reject=0, max_bytes=..., user, dry_run=False) -> IngestResult``.
- ``undo(store, batch_id, user) -> Counts`` and ``list_batches(store) -> DataFrame``.
- ``quality_summary(store, stale_days=60) -> QualitySummary``.
- ``save_mapping(store, headers, table, mapping, user)``, ``get_stage_map(store)``, ``set_stage_map(store, mapping, user)``.

``user`` is always the acting ``access.Identity`` (required; docs/access.md): uploads, undo and mappings need an analyst.

Errors a user can cause raise ``salesdash.errors.InputError`` (``UploadRejected`` carries the result).
"""

from __future__ import annotations

from salesdash.ingest.load import MODES, Counts, list_batches, undo
from salesdash.ingest.pipeline import (
    FileInspection,
    IngestResult,
    UploadRejected,
    get_stage_map,
    ingest_file,
    inspect_file,
    save_mapping,
    set_stage_map,
)
from salesdash.ingest.quality import QualitySummary, quality_summary
from salesdash.ingest.validate import Reject

__all__ = [
    "MODES",
    "Counts",
    "FileInspection",
    "IngestResult",
    "QualitySummary",
    "Reject",
    "UploadRejected",
    "get_stage_map",
    "ingest_file",
    "inspect_file",
    "list_batches",
    "quality_summary",
    "save_mapping",
    "set_stage_map",
    "undo",
]
