"""Which canonical table a file is, and which header means which field.

Names are matched against the synonyms in `salesdash.schema` (case, spaces and punctuation ignored);
a name match is refused when the column's values contradict the field's type (a "Date" column whose
values are not dates, an "Amount" column of words). A mapping chosen by the user is saved per
header fingerprint, and reused the next time a file with the same headers arrives.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from salesdash.errors import InputError
from salesdash.ingest.dates import looks_like_dates
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.wide import month_columns
from salesdash.schema import DATE, INTEGER, MONEY, NUMBER, TABLES, Table

__all__ = ["MappingGuess", "fingerprint", "guess_mapping", "normalize_header", "setting_key"]

_PUNCT = re.compile(r"[\s_\-/\\.()（）:：#·]+")
_NUMBER = re.compile(r"^\s*\(?\s*[-+−]?[$€£¥]?\s*[\d.,\s'’]*\d[\d.,\s'’]*%?\s*[$€£¥]?\)?\s*$")


@dataclass
class MappingGuess:
    """A table kind and {source header: field}, with the reasons a name match was refused."""

    table: str
    mapping: dict[str, str]
    wide: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    saved: bool = False


def normalize_header(name: str) -> str:
    return _PUNCT.sub("", name.strip().lower())


def fingerprint(headers: Sequence[str]) -> str:
    """A stable id of a header row, used to find the mapping saved for files shaped like this one."""
    text = "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def setting_key(headers: Sequence[str]) -> str:
    return f"ingest.mapping.{fingerprint(headers)}"


def _name_matches(table: Table, headers: Sequence[str]) -> dict[str, str]:
    by_synonym: dict[str, str] = {}
    for f in table.fields:
        for synonym in f.synonyms:
            by_synonym.setdefault(normalize_header(synonym), f.name)
    mapping: dict[str, str] = {}
    for header in headers:
        name = by_synonym.get(normalize_header(header))
        if name and name not in mapping.values():
            mapping[header] = name
    return mapping


def _contradiction(dtype: str, values: Sequence[str]) -> Notice | None:
    sample = [v for v in values if v is not None and v.strip() not in ("", "-")]
    if not sample:
        return None
    # Refuse the name only when most values disagree; a few bad values are row rejects instead.
    if dtype == DATE and not looks_like_dates(sample, share=0.5):
        return Notice("ingest.notice.not_dates")
    if dtype in (MONEY, NUMBER, INTEGER):
        numeric = sum(1 for v in sample if _NUMBER.match(v))
        if numeric < 0.5 * len(sample):
            return Notice("ingest.notice.not_numbers")
    return None


def _score(table: Table, mapping: Mapping[str, str], wide: Mapping[str, str]) -> float:
    fields = set(mapping.values())
    score = float(len(fields))
    score += 2 * sum(1 for r in table.required if r in fields)
    if wide and table.name in ("targets", "market"):
        score += 3 + len(wide) / 12
    # An orders file without order ids still loads (ids derived from line content).
    missing = [r for r in table.required if r not in fields and (table.name, r) != ("orders", "order_id")]
    if wide and table.name in ("targets", "market"):
        missing = [m for m in missing if m not in ("target", "market_size")]
    return score - 3 * len(missing)


def guess_mapping(
    headers: Sequence[str],
    samples: Mapping[str, Sequence[str]],
    *,
    table: str | None = None,
    overrides: Mapping[str, str] | None = None,
    saved: Mapping[str, object] | None = None,
    file: str = "",
) -> MappingGuess:
    """The table kind and mapping for these headers: saved choice, then user overrides, then guesses."""
    if table is not None and table not in TABLES:
        raise IngestError("ingest.error.unknown_table", file=file, table=table, tables=", ".join(TABLES))
    wide = month_columns(headers)
    from_saved = bool(saved) and table in (None, saved.get("table")) and not overrides if saved else False
    if from_saved and saved:
        kind = str(saved["table"])
        stored = saved.get("mapping")
        pairs = stored.items() if isinstance(stored, dict) else ()
        mapping = {str(k): str(v) for k, v in pairs if k in headers}
        return MappingGuess(kind, mapping, wide if kind in ("targets", "market") else {}, [], True)
    candidates = [TABLES[table]] if table else list(TABLES.values())
    best: MappingGuess | None = None
    best_score = float("-inf")
    refusal: InputError | None = None
    for t in candidates:
        try:
            guess = _guess_for(t, headers, samples, overrides or {}, wide, file)
        except InputError as exc:  # an override naming a field this table lacks: not this table
            refusal = exc
            continue
        score = _score(t, guess.mapping, guess.wide)
        if score > best_score:
            best, best_score = guess, score
    if best is None:
        assert refusal is not None
        raise refusal
    return best


def _guess_for(
    table: Table,
    headers: Sequence[str],
    samples: Mapping[str, Sequence[str]],
    overrides: Mapping[str, str],
    wide: Mapping[str, str],
    file: str,
) -> MappingGuess:
    warnings: list[str] = []
    free = [h for h in headers if h not in overrides and h not in wide]
    mapping: dict[str, str] = {}
    for header, name in _name_matches(table, free).items():
        reason = _contradiction(table.field(name).dtype, samples.get(header, ()))
        if reason:
            warnings.append(Notice("ingest.notice.not_taken", header=repr(header), field=name, reason=reason))
        else:
            mapping[header] = name
    for header in overrides:
        if header not in headers:
            raise IngestError("ingest.error.map_no_column", file=file, header=header, columns=", ".join(headers))
    for header, name in overrides.items():
        if name and name not in table.field_names:
            raise IngestError(
                "ingest.error.no_field",
                file=file,
                column=header,
                table=table.name,
                field=name,
                fields=", ".join(table.field_names),
            )
        mapping = {h: f for h, f in mapping.items() if f != name}
        if name:
            mapping[header] = name
    use_wide = dict(wide) if table.name in ("targets", "market") else {}
    return MappingGuess(table.name, mapping, use_wide, warnings)
