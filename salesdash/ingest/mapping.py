"""Which canonical table a file is, and which header means which field (docs/uploads.md, "How columns are recognised").

Every header is scored against every field of every table: by its words and the vocabulary of real exports
(`salesdash.ingest.vocabulary`), then by its values (`salesdash.ingest.evidence`). Each table kind is scored by
the fields it would get, the required fields it would miss, and the file and sheet names; when the two best kinds
are close, or a needed column is only an unsure guess, the guess says so and the upload asks instead of loading.
A mapping chosen by the user is saved per header fingerprint and reused for files with the same headers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from salesdash.ingest import evidence
from salesdash.ingest.guesses import FieldChoice, MappingGuess
from salesdash.ingest.kinds import NAME_FOR_ID, VALUE_FIELDS, gate_open, name_words, table_score
from salesdash.ingest.messages import IngestError, Notice
from salesdash.ingest.vocabulary import name_score, profile
from salesdash.ingest.wide import month_columns
from salesdash.schema import TABLES, Table

__all__ = [
    "LEVELS",
    "FieldChoice",
    "MappingGuess",
    "fingerprint",
    "guess_mapping",
    "normalize_header",
    "setting_key",
]

LEVELS = ("sure", "likely", "unsure")
SURE, LIKELY, UNSURE = 0.8, 0.5, 0.3  # the lowest score of each confidence level
MARGIN = 1.0  # two table kinds closer than this are not told apart by guessing
_PUNCT = re.compile(r"[\s_\-/\\.()（）:：#·]+")
_OWN_KEY = {"id", "recordid", "编号", "序号", "código", "codigo"}


def normalize_header(name: str) -> str:
    return _PUNCT.sub("", name.strip().lower())


def fingerprint(headers: Sequence[str]) -> str:
    """A stable id of a header row, used to find the mapping saved for files shaped like this one."""
    text = "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def setting_key(headers: Sequence[str]) -> str:
    return f"ingest.mapping.{fingerprint(headers)}"


def _level(score: float) -> str:
    return "sure" if score >= SURE else "likely" if score >= LIKELY else "unsure"


def _samples(values: Sequence[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for v in values:
        if v is not None and v.strip() and v.strip() not in seen:
            seen.append(v.strip())
        if len(seen) == 3:
            break
    return tuple(seen)


def guess_mapping(
    headers: Sequence[str],
    samples: Mapping[str, Sequence[str]],
    *,
    table: str | None = None,
    overrides: Mapping[str, str] | None = None,
    saved: Mapping[str, object] | None = None,
    file: str = "",
    sheet: str | None = None,
    year: int | None = None,
) -> MappingGuess:
    """The table kind and mapping for these headers: saved choice, then user overrides, then guesses.

    Raises IngestError only for a wrong instruction (an unknown table, an override naming a missing column or
    a field the table lacks); doubts about the guess are in the result (`MappingGuess.refusal`).
    """
    if table is not None and table not in TABLES:
        raise IngestError("ingest.error.unknown_table", file=file, table=table, tables=", ".join(TABLES))
    wide = month_columns(headers)
    if saved and table in (None, saved.get("table")) and not overrides:
        kind = str(saved["table"])
        stored = saved.get("mapping")
        pairs = stored.items() if isinstance(stored, dict) else ()
        mapping = {str(k): str(v) for k, v in pairs if k in headers}
        sure = {h: FieldChoice(f, "sure", 1.0, _samples(samples.get(h, ()))) for h, f in mapping.items()}
        guess = MappingGuess(kind, mapping, wide if kind in VALUE_FIELDS else {}, [], True, sure)
        return _with_year(guess, year, explicit=True)
    said = name_words(file, sheet)
    candidates = [TABLES[table]] if table else [t for t in TABLES.values() if gate_open(t.name, headers, said)]
    guesses: list[MappingGuess] = []
    refusal: IngestError | None = None
    distinct = {h: _distinct(v) for h, v in samples.items()}  # evidence reads distinct values: fast on any file
    for t in candidates:
        try:
            guess = _guess_for(t, headers, distinct, overrides or {}, wide, file)
        except IngestError as exc:  # an override naming a field this table lacks: not this table
            refusal = exc
            continue
        guess.score = table_score(t, guess, samples, said)
        guesses.append(guess)
    if not guesses:
        assert refusal is not None
        raise refusal
    guesses.sort(key=lambda g: -g.score)
    best = guesses[0]
    if table is None and len(guesses) > 1 and best.score - guesses[1].score < MARGIN and not overrides:
        best.alternative = guesses[1]
    if wide and best.table not in VALUE_FIELDS and table is None:
        best.unclaimed_wide = tuple(wide)
    return _with_year(best, year, explicit=table is not None)


def _distinct(values: Sequence[str], limit: int = 200) -> list[str]:
    """The first `limit` distinct non-empty values, in file order."""
    return list(dict.fromkeys(v for v in values if v and v.strip()))[:limit]


def _with_year(guess: MappingGuess, year: int | None, *, explicit: bool) -> MappingGuess:
    """Months without a year (1月, Jan, M01) take `year`, or a year column; without either the upload asks."""
    bare = [h for h, m in guess.wide.items() if "-" not in m]
    if not bare:
        return guess
    if year is not None:
        guess.wide = {h: m if "-" in m else f"{year}-{m}" for h, m in guess.wide.items()}
        guess.mapping = {h: f for h, f in guess.mapping.items() if f != "period"}
        guess.needs_year = False
    elif "period" not in guess.mapping.values():
        guess.needs_year = True
    return guess


def _candidates(
    table: Table, headers: Sequence[str], samples: Mapping[str, Sequence[str]]
) -> list[tuple[float, int, int, str, str]]:
    """(score, header position, field position, header, field) of every plausible pair."""
    fields = [f for f in table.fields if f.synonyms]
    names = set(table.field_names)
    out = []
    for i, header in enumerate(headers):
        values = samples.get(header, ())
        for j, f in enumerate(fields):
            prof = profile(f.name, f.synonyms)
            score = max(_name_score(header, f.name, f.synonyms), _by_values(header, prof, values))
            if f.name == table.key[0] and normalize_header(header) in _OWN_KEY:  # a bare "Id" is the table's own key
                score = max(score, 0.8)
            for name_field, id_field in NAME_FOR_ID.items():  # a name stands for the id where the table has no name
                if f.name == id_field and name_field not in names and name_field in _all_fields():
                    other = _all_fields()[name_field]
                    score = max(score, 0.95 * _name_score(header, name_field, other.synonyms))
            if score <= 0:
                continue
            bonus = evidence.value_fit(f.name, f.dtype, values)
            if bonus is None:
                out.append((-score, i, j, header, f.name))  # contradicted: remembered for the warning only
                continue
            out.append((min(1.0, score + bonus) if score >= UNSURE else score, i, j, header, f.name))
    return out


def _by_values(header: str, prof: Any, values: Sequence[str]) -> float:
    """1 for a header that names the field only when its values look a certain way (Shopify's Name = #1001)."""
    from salesdash.ingest.vocabulary import normalize_header as vocab_form

    if not prof.when_values:
        return 0.0
    present = [v.strip() for v in values if v and v.strip()]
    for name, pattern in prof.when_values:
        matching = sum(1 for v in present if re.fullmatch(pattern, v))
        if name == vocab_form(header) and present and matching >= 0.8 * len(present):
            return 1.0
    return 0.0


@cache
def _name_score(header: str, field: str, synonyms: tuple[str, ...]) -> float:
    return name_score(header, profile(field, synonyms))


@cache
def _all_fields() -> dict[str, Any]:
    return {f.name: f for t in TABLES.values() for f in t.fields}


def _profile_of(name: str) -> Any:
    f = _all_fields()[name]
    return profile(f.name, f.synonyms)


def _value_only(
    table: Table, free: Sequence[str], samples: Mapping[str, Sequence[str]], taken: set[str]
) -> list[tuple[float, int, int, str, str]]:
    """A required date or stage no header names: a lone column whose values are dates (or stages), unsure."""
    out = []
    for j, f in enumerate(table.fields):
        if f.name in taken or not ((f.required and f.dtype == "DATE") or f.name == "stage"):
            continue
        fitting = [h for h in free if samples.get(h) and (evidence.value_fit(f.name, f.dtype, samples[h]) or 0) >= 0.15]
        if len(fitting) == 1:
            out.append((0.45, list(free).index(fitting[0]), j, fitting[0], f.name))
    return out


def _guess_for(
    table: Table,
    headers: Sequence[str],
    samples: Mapping[str, Sequence[str]],
    overrides: Mapping[str, str],
    wide: Mapping[str, str],
    file: str,
) -> MappingGuess:
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
    forced = {f for f in overrides.values() if f}
    free = [h for h in headers if h not in overrides and h not in wide]
    pairs = [p for p in _candidates(table, free, samples) if p[4] not in forced]
    warnings: list[str] = []
    mapping, scores = _assign(pairs)
    for score, _, _, header, name in sorted(p for p in pairs if p[0] < 0):
        if -score >= SURE and header not in mapping:
            warnings.append(
                Notice(
                    "ingest.notice.not_taken",
                    header=repr(header),
                    field=name,
                    reason=_reason(table, name, samples.get(header, ())),
                )
            )
    extra = _value_only(table, [h for h in free if h not in mapping], samples, set(mapping.values()) | forced)
    more, more_scores = _assign(extra)
    mapping.update(more)
    scores.update(more_scores)
    confidence = _confidence(table, mapping, scores, pairs, samples, warnings)
    mapping = {h: f for h, f in mapping.items() if h in confidence}
    _drop_order_totals(mapping, confidence, warnings)
    for header, name in mapping.items():
        if _stands_in(header, name):
            warnings.append(Notice("ingest.notice.stand_in", header=repr(header), field=name))
    for header, name in overrides.items():
        if name:
            mapping[header] = name
            confidence[header] = FieldChoice(name, "sure", 1.0, _samples(samples.get(header, ())))
    mapping = {h: mapping[h] for h in headers if h in mapping}
    period = next((h for h, f in mapping.items() if f == "period"), None)
    fiscal = [v for v in samples.get(period, ()) if v and v.strip().upper().startswith("FY")] if period else []
    if fiscal:
        warnings.append(Notice("ingest.notice.fiscal_year", value=repr(fiscal[0].strip())))
    if (
        table.name == "opportunities"
        and "expected_close_date" in mapping.values()
        and "closed_date" not in mapping.values()
    ):
        close = next(h for h, f in mapping.items() if f == "expected_close_date")
        warnings.append(Notice("ingest.notice.close_date", header=repr(close)))
    use_wide = dict(wide) if table.name in VALUE_FIELDS else {}
    return MappingGuess(table.name, mapping, use_wide, warnings, confidence=confidence)


def _drop_order_totals(mapping: dict[str, str], confidence: dict[str, FieldChoice], warnings: list[str]) -> None:
    """With quantity and unit price on every line, a whole-order "Total" is not a line's revenue (docs/uploads.md)."""
    from salesdash.ingest.vocabulary import normalize_header as vocab_form

    fields = set(mapping.values())
    if not {"quantity", "unit_price"} <= fields:
        return
    for header, name in list(mapping.items()):
        if name == "revenue" and vocab_form(header) in _profile_of("revenue").order_level:
            del mapping[header]
            confidence.pop(header, None)
            warnings.append(Notice("ingest.notice.order_total", header=repr(header)))


def _stands_in(header: str, name: str) -> bool:
    from salesdash.ingest.vocabulary import normalize_header as vocab_form

    return vocab_form(header) in _profile_of(name).stand_ins


def _reason(table: Table, name: str, values: Sequence[str] = ()) -> Notice:
    dtype = table.field(name).dtype
    if name in evidence.FRACTION_FIELDS and evidence.percentages(values):
        return Notice("ingest.notice.not_fractions")  # Salesforce's Probability 70.0 is 70 %, not 0.70
    if dtype == "DATE":
        return Notice("ingest.notice.not_dates")
    if dtype in ("DOUBLE", "BIGINT"):
        return Notice("ingest.notice.not_numbers")
    return Notice("ingest.notice.not_like", field=name)


def _assign(pairs: list[tuple[float, int, int, str, str]]) -> tuple[dict[str, str], dict[str, float]]:
    """Best pairs first; each header gets one field and each field one header."""
    mapping: dict[str, str] = {}
    scores: dict[str, float] = {}
    for score, _, _, header, name in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if score < UNSURE or header in mapping or name in mapping.values():
            continue
        mapping[header], scores[header] = name, score
    return mapping, scores


def _confidence(
    table: Table,
    mapping: Mapping[str, str],
    scores: Mapping[str, float],
    pairs: list[tuple[float, int, int, str, str]],
    samples: Mapping[str, Sequence[str]],
    warnings: list[str],
) -> dict[str, FieldChoice]:
    """Confidence per mapped column. A close second column for the same field makes the guess unsure; an unsure
    guess for a field the table can do without is dropped and mentioned instead of loaded."""
    needed = set(table.required) | {f for group in table.one_of for f in group}
    needed -= {"order_id"} if table.name == "orders" else set()  # derived from the line when absent
    needed -= {i for n, i in NAME_FOR_ID.items() if n in mapping.values()}
    out: dict[str, FieldChoice] = {}
    for header, name in mapping.items():
        score = scores[header]
        rivals = [p[0] for p in pairs if p[4] == name and p[3] != header and p[3] not in mapping and p[0] > 0]
        level = _level(score)
        # A second column as good for the same field: which one is meant is not known.
        if rivals and max(rivals) >= score - (0.1 if level == "likely" else 0.02):
            level = "unsure"
        if level == "unsure" and name not in needed:
            if score >= 0.4:  # a lone generic word ("Postal Code" → code) is not worth a line
                warnings.append(Notice("ingest.notice.maybe", header=repr(header), field=name))
            continue
        out[header] = FieldChoice(name, level, round(score, 2), _samples(samples.get(header, ())))
    return out
