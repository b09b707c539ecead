"""Which table kind a file is: each kind scored by the fields it would get, the required fields it would miss,
the file and sheet names, and what the values say (docs/uploads.md, "How columns are recognised").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from salesdash.ingest import evidence
from salesdash.ingest.guesses import MappingGuess
from salesdash.ingest.vocabulary import table_words, words
from salesdash.schema import Table

__all__ = ["NAME_FOR_ID", "VALUE_FIELDS", "gate_open", "name_words", "table_score"]

NAME_FOR_ID = {"customer_name": "customer_id", "rep_name": "rep_id", "product_name": "product_id"}
VALUE_FIELDS = {"targets": "target", "market": "market_size"}
# Targets and market need a word saying so in the file or sheet name or a header.
GATES = {
    "targets": (
        "target",
        "quota",
        "goal",
        "plan",
        "budget",
        "objective",
        "目标",
        "指标",
        "任务",
        "预算",
        "计划",
        "objetivo",
        "meta",
        "objectif",
        "ziel",
    ),
    "market": ("market", "市场", "competitor", "竞品", "竞争对手"),
}


def name_words(file: str, sheet: str | None) -> set[str]:
    stem = PurePath(file).stem if file else ""
    out = set(words(stem))
    if sheet:
        out |= set(words(sheet))
    return out


def gate_open(table: str, headers: Sequence[str], name_words: set[str]) -> bool:
    """Targets and market need a word saying so in the file or sheet name or a header (docs/uploads.md)."""
    gate = GATES.get(table)
    if gate is None:
        return True
    said = set(name_words)
    for h in headers:
        said |= set(words(h))
    text = "".join(headers) + "".join(name_words)
    return any(word in said or (not word.isascii() and word in text) for word in gate)


def table_score(table: Table, guess: MappingGuess, samples: Mapping[str, Sequence[str]], name_words: set[str]) -> float:
    """Σ field scores + 1 per required field present − 2.5 per required field missing, + 2 when the file or sheet
    name says the kind, + 1.5 when a stage column holds stage names, − 3 when a dimension's key repeats."""
    fields = set(guess.mapping.values())
    by_field = {f: h for h, f in guess.mapping.items()}
    score = sum(min(1.0, c.score) for h, c in guess.confidence.items() if h in guess.mapping)
    derivable = {i for n, i in NAME_FOR_ID.items() if n in fields}
    if table.name == "orders":
        derivable.add("order_id")
    if guess.wide:
        derivable |= {"period", VALUE_FIELDS[table.name]}
        score += 3 + len(guess.wide) / 12
    for name in table.required:
        if name in fields:
            score += 1.0
        elif name not in derivable:
            score -= 2.5
    for group in table.one_of:
        if not fields & set(group) and not (guess.wide and table.name == "market"):
            score -= 2.5
    if name_words & table_words().get(table.name, frozenset()):
        score += 2.0
    stage_header = by_field.get("stage")
    if stage_header and (evidence.value_fit("stage", "VARCHAR", samples.get(stage_header, ())) or 0) > 0:
        score += 1.5
    if len(table.key) == 1 and table.name in ("customers", "products", "reps"):
        key = table.key[0]
        header = by_field.get(key) or by_field.get({v: k for k, v in NAME_FOR_ID.items()}.get(key, ""))
        if header and evidence.distinct_share(samples.get(header, ())) < 0.95:
            score -= 3.0
    return score if fields or guess.wide else float("-inf")
