"""What an upload reports: the inspection of a file, the result of a load, the refusal of too many rejects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from salesdash.i18n import t
from salesdash.ingest.messages import IngestError
from salesdash.ingest.validate import Reject, grouped_messages

__all__ = ["DryRun", "FileInspection", "IngestResult", "UploadRejected"]


@dataclass
class FileInspection:
    """What a file looks like before loading: format, sheets, proposed table and mapping, a preview."""

    name: str
    container: str
    encoding: str | None
    delimiter: str | None
    decimal: str
    sheets: tuple[str, ...]
    sheet: str | None
    headers: list[str]
    table: str
    mapping: dict[str, str]
    samples: dict[str, list[str]]
    date_formats: dict[str, str]
    warnings: list[str]
    preview: pd.DataFrame
    saved_mapping: bool = False
    # {header: {"field", "confidence": sure|likely|unsure, "samples"}} (docs/uploads.md, "Confidence")
    confidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The proposed table first; a second one when the two are too close to tell apart: {"table", "mapping", "confidence"}
    candidates: list[dict[str, Any]] = field(default_factory=list)
    # What must be answered before this file loads (two tables, an unsure column, a missing year), else None
    question: IngestError | None = None


@dataclass
class IngestResult:
    """The outcome of one upload (docs/cli.md `ingest --json` plus counts and detected format)."""

    batch_id: int | None
    table: str
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    already_loaded: bool = False
    dry_run: bool = False
    sheet: str | None = None
    confidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    decimal_marks: dict[str, str] = field(default_factory=dict)  # number column -> "." or "," it was read with

    @property
    def errors(self) -> list[str]:
        """Reject messages grouped by kind, sorted by row, with "… and N more like this" (English)."""
        return grouped_messages(self.rejects)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("rejects")
        out["errors"] = self.errors
        return out


class UploadRejected(IngestError):
    """More rows were rejected than allowed; nothing was loaded. `result` lists the rejects."""

    def __init__(self, result: IngestResult, max_reject: int) -> None:
        self.result = result
        first = result.rejects[0] if result.rejects else None
        super().__init__(
            "ingest.error.rejected",
            file=result.file,
            row=first.row if first else None,
            column=first.column if first else None,
            rejected=result.rows_rejected,
            read=result.rows_read,
            allowed=max_reject,
        )

    def localized(self, lang: str) -> str:
        return super().localized(lang) + self._first(lang)

    def __str__(self) -> str:
        return super().__str__() + self._first("en")

    def _first(self, lang: str) -> str:
        if not self.result.rejects:
            return ""
        first = self.result.rejects[0]
        value = t("ingest.value", lang, value=repr(first.value)) if first.value else ""
        return t("ingest.error.first", lang, reason=first.text(lang), value=value)


class DryRun(Exception):
    """Raised inside the write transaction of a dry run, so that everything it did is rolled back."""
