"""Header words and the vocabulary of real exports (salesdash/ingest/vocabulary.toml).

A header is split into words: camelCase, snake_case, spaces and punctuation for Latin scripts; known terms,
longest first, for Chinese (购药时间 → 购药 时间). Its head word says what kind of thing the column is (a date,
an amount, a name); the other words say whose (order, customer, 客户). `name_score` turns that into a score in
[0, 1] per canonical field (docs/uploads.md, "How columns are recognised").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Profile", "head_and_words", "name_score", "normalize_header", "profile", "table_words", "words"]

_PUNCT = re.compile(r"[\s_\-/\\.()（）:：#·,，、\[\]【】'’\"%]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^0-9a-z\u00c0-\u024f\u4e00-\u9fff]+")
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[0-9a-z\u00c0-\u024f]+")
_CONNECTORS = {"of", "de", "del", "du", "da", "do", "des", "von"}
_UNITS = {"元", "万元", "rmb", "cny", "usd", "eur", "pct"}


def normalize_header(name: str) -> str:
    """Lower case without spaces and punctuation: the form headers and terms are compared in."""
    return _PUNCT.sub("", name.strip().lower())


@dataclass(frozen=True)
class Profile:
    """What the vocabulary knows about one canonical field (see vocabulary.toml for the meaning of each part)."""

    terms: frozenset[str]
    stand_ins: frozenset[str]  # headers that may stand for the field when no better column exists
    when_values: tuple[tuple[str, str], ...]  # (header, regex): a term only when the values match the pattern
    order_level: frozenset[str]  # whole-order figures, not a line's (revenue)
    not_terms: frozenset[str]  # headers that never mean the field, whatever their words
    term_words: tuple[tuple[frozenset[str], str], ...]
    heads: frozenset[str]
    generic: frozenset[str]
    mods: frozenset[str]


@cache
def _data() -> dict[str, object]:
    with (Path(__file__).parent / "vocabulary.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def _chinese_terms() -> tuple[str, ...]:
    data = _data()
    found: set[str] = set(data["words"]["zh"])  # type: ignore[index]
    for key, entry in data.items():
        if key in ("words", "tables") or not isinstance(entry, dict):
            continue
        for part in ("heads", "generic", "mods"):
            found.update(w for w in entry.get(part, ()) if re.fullmatch(r"[\u4e00-\u9fff]+", w))
    return tuple(sorted(found, key=len, reverse=True))


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _segment(run: str) -> list[str]:
    out: list[str] = []
    unknown = ""
    i = 0
    terms = _chinese_terms()
    while i < len(run):
        term = next((t for t in terms if run.startswith(t, i)), None)
        if term is None:
            unknown += run[i]
            i += 1
            continue
        if unknown:
            out.append(unknown)
            unknown = ""
        out.append(term)
        i += len(term)
    if unknown:
        out.append(unknown)
    return out


@cache
def head_and_words(header: str) -> tuple[str, tuple[str, ...]]:
    """(head word, all words) of a header; see the module docstring for which word is the head."""
    text = _CAMEL.sub(" ", header.strip()).lower()
    raw: list[str] = []
    for part in _SPLIT.split(text):
        for run in _RUNS.findall(part):
            raw.extend(_segment(run) if re.match(r"[\u4e00-\u9fff]", run) else [run])
    stop = set(_data()["words"]["stop"]) | _UNITS  # type: ignore[index]
    connected = any(w in _CONNECTORS for w in raw[1:-1])
    kept = tuple(_stem(w) for w in raw if w not in stop)
    if not kept:
        return "", ()
    first = kept[0] in _data()["words"]["head_first"]  # type: ignore[index]
    return (kept[0] if connected or first else kept[-1]), kept


def words(header: str) -> tuple[str, ...]:
    """The words of a header, singular and lower-cased: 'InvoiceNo' → ('invoice', 'no')."""
    return head_and_words(header)[1]


def _words_of(items: object) -> frozenset[str]:
    out: set[str] = set()
    for item in items or ():  # type: ignore[attr-defined]
        out.update(words(str(item)) or (normalize_header(str(item)),))
    return frozenset(out)


@cache
def profile(field: str, synonyms: tuple[str, ...] = ()) -> Profile:
    """The vocabulary of `field`, with the schema's synonyms as whole-header terms."""
    entry = _data().get(field, {})
    assert isinstance(entry, dict)
    terms = [*synonyms, field]
    stand_ins: list[str] = []
    when_values: list[tuple[str, str]] = []
    for group in entry.get("terms", ()):
        if group.get("values"):
            when_values.extend((normalize_header(t), group["values"]) for t in group["terms"])
        else:
            (stand_ins if group.get("stand_in") else terms).extend(group["terms"])
    term_words = []
    for term in terms:
        head, ws = head_and_words(term)
        if ws:
            term_words.append((frozenset(ws), head))
    return Profile(
        frozenset(normalize_header(t) for t in terms),
        frozenset(normalize_header(t) for t in stand_ins),
        tuple(when_values),
        frozenset(normalize_header(t) for t in entry.get("order_level", ())),
        frozenset(normalize_header(t) for t in entry.get("not_terms", ())),
        tuple(term_words),
        _words_of(entry.get("heads")),
        _words_of(entry.get("generic")),
        _words_of(entry.get("mods")),
    )


def name_score(header: str, prof: Profile) -> float:
    """How well a header's name says it is the field: 1 for a known header, less for shared words, 0 for none.

    A known header's words inside a longer header with the same head word score 0.6–0.9 ("Month of Order Date"
    holds "Month"); a stand-in ("Ship Date" for the order date) 0.55; a head word of the field scores 0.55, 0.7 with a word saying whose; a generic head word
    ("date", "name", "编号") 0.3 alone, 0.65 with such a word, 0 with a word that says another field's owner.
    """
    if normalize_header(header) in prof.not_terms:
        return 0.0
    if normalize_header(header) in prof.terms:
        return 1.0
    if normalize_header(header) in prof.stand_ins:
        return 0.55
    head, ws = head_and_words(header)
    if not ws:
        return 0.0
    best = 0.0
    have = set(ws)
    for term_ws, term_head in prof.term_words:
        # A known header of several words inside a longer one; a single word is a head word (below), no more.
        if term_head == head and term_ws <= have and len(term_ws) > 1:
            best = max(best, 0.6 + 0.3 * len(term_ws) / len(have))
    others = [w for w in ws if w != head]
    has_mod = any(w in prof.mods for w in others)
    if head in prof.heads:
        best = max(best, 0.7 if has_mod else 0.55)
    elif head in prof.generic:
        # "order_id" is no customer id: a word saying whose, but for another field, rules the guess out.
        foreign = any(w in _all_mods() for w in others)
        best = max(best, 0.65 if has_mod else (0.0 if foreign else 0.3))
    return best


@cache
def _all_mods() -> frozenset[str]:
    out: set[str] = set()
    for key, entry in _data().items():
        if key not in ("words", "tables") and isinstance(entry, dict):
            out |= _words_of(entry.get("mods"))
    return frozenset(out)


@cache
def table_words() -> dict[str, frozenset[str]]:
    """{table: words that, in a file or sheet name, say the file is that table}."""
    tables = _data()["tables"]
    assert isinstance(tables, dict)
    return {name: _words_of(items) for name, items in tables.items()}
