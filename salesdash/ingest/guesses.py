"""What a guess of table and mapping is: a field per column with its confidence, and what must be asked.

Made by `salesdash.ingest.mapping.guess_mapping`; the questions are the refusals of docs/uploads.md,
"Confidence, and when salesdash asks".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from salesdash.ingest.messages import IngestError

__all__ = ["FieldChoice", "MappingGuess"]


@dataclass(frozen=True)
class FieldChoice:
    """One proposed field of a column: how sure the guess is (sure/likely/unsure) and the values that decided it."""

    field: str
    confidence: str
    score: float
    samples: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "confidence": self.confidence, "samples": list(self.samples)}


@dataclass
class MappingGuess:
    """A table kind and {source header: field}, with the confidence of each field and what must be asked.

    `alternative` is a second table kind that scored too close to tell apart; `needs_year` says that wide month
    columns have no year; `unclaimed_wide` that a file of one column per month does not say it holds targets.
    """

    table: str
    mapping: dict[str, str]
    wide: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    saved: bool = False
    confidence: dict[str, FieldChoice] = field(default_factory=dict)
    score: float = 0.0
    alternative: MappingGuess | None = None
    needs_year: bool = False
    unclaimed_wide: tuple[str, ...] = ()  # month columns of a file that does not say it holds targets

    @property
    def unsure(self) -> list[str]:
        return [h for h, c in self.confidence.items() if c.confidence == "unsure" and h in self.mapping]

    def confidence_json(self) -> dict[str, dict[str, Any]]:
        return {h: c.to_json() for h, c in self.confidence.items() if h in self.mapping}

    def refusal(self, file: str) -> IngestError | None:
        """The one question to ask before this guess may load, or None when nothing is in doubt."""
        if self.alternative is not None:
            other = self.alternative
            return IngestError(
                "ingest.error.two_tables",
                file=file,
                first=self.table,
                second=other.table,
                first_mapping=_shown(self.mapping),
                second_mapping=_shown(other.mapping),
            )
        if self.unclaimed_wide:
            return IngestError("ingest.error.wide_not_targets", file=file, columns=_columns(self.unclaimed_wide))
        if self.needs_year:
            return IngestError("ingest.error.needs_year", file=file, columns=_columns(self.wide))
        if self.unsure:
            header = self.unsure[0]
            choice = self.confidence[header]
            maps = " ".join(f"--map '{h}={self.mapping[h]}'" for h in self.unsure)
            return IngestError(
                "ingest.error.unsure_column",
                file=file,
                column=header,
                field=choice.field,
                samples=", ".join(choice.samples) or "-",
                maps=maps,
            )
        return None


def _shown(mapping: Mapping[str, str]) -> str:
    return ", ".join(f"{h}→{f}" for h, f in mapping.items()) or "-"


def _columns(wide: Mapping[str, str] | Sequence[str]) -> str:
    names = list(wide)
    return ", ".join(names) if len(names) <= 4 else f"{names[0]} … {names[-1]}"
