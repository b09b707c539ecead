"""Numbers as exports write them: one style per column, decided from all of its values (docs/uploads.md#numbers).

A column's decimal mark is decided once, in SQL over every value of the column, never per value:

- a value that can only be read one way is evidence: `1,234.56`, `12.5`, `1,234,567` say the point is the
  decimal mark; `1.234,56`, `12,5`, `1 234,56` say the comma is;
- a column without evidence of its own takes the evidence of the file's other number columns;
- a column whose only separators are single commas before exactly three digits (`18,500`) in a file that is
  not `;`-delimited is grouped in thousands;
- a column still ambiguous (every value like `18.500`), or holding both styles and values that read either way,
  is refused: the user says `--decimal ,` or `--decimal .`.

A value written in the other style than its column's (`1.234,56` in a column of `1,234.56`) rejects its row.
Currency signs (¥ $ € £), spaces or apostrophes between thousands and accounting negatives `(123)` are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from salesdash.ingest.messages import IngestError
from salesdash.ingest.sqltext import Params, quote_ident

__all__ = [
    "DECIMALS",
    "DEFAULT_MISSING",
    "MISSING_KEY",
    "decide_decimals",
    "missing_sql",
    "number_sql",
    "other_style_sql",
]

DECIMALS = (".", ",")
MISSING_KEY = "missing_values"
# Cells that mean "no value" in every column of every reader (R writes NA, Excel #N/A, pandas nan, SQL NULL).
DEFAULT_MISSING: tuple[str, ...] = ("", "NA", "N/A", "#N/A", "NULL", "null", "None", "nan", "-", "—", "–")

# The shape of a written number: (open paren)(sign)(currency)(sign)(digits and separators)(currency)(close).
_SHAPE = (
    r"^\s*(\()?\s*([-+−])?\s*[¥$€£]?\s*([-+−])?\s*"
    r"([0-9][0-9.,' \x{00a0}\x{202f}’]*[0-9]|[0-9]|[.,][0-9]+|[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+)"
    r"\s*[¥$€£]?\s*(\))?\s*$"
)
_PLAIN = {".": r"-?[0-9]+(\.[0-9]+)?", ",": r"-?[0-9]+"}  # read by a cast, without the shape's expression
# Grouped with the column's own separator (`1,234.56` / `1.234,56`): read by removing it, also without it.
_GROUPED = {
    ".": r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?",
    ",": r"-?([0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|[0-9]+,[0-9]+)",
}
_NOT_NUMBER_PART = r"[^0-9.,' eE+-]"
_VALID = {
    ".": r"(([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,3}( [0-9]{3})+|[0-9]{1,3}('[0-9]{3})+|[0-9]+)(\.[0-9]+)?"
    r"|\.[0-9]+|[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+)",
    ",": r"(([0-9]{1,3}(\.[0-9]{3})+|[0-9]{1,3}( [0-9]{3})+|[0-9]{1,3}('[0-9]{3})+|[0-9]+)(,[0-9]+)?|,[0-9]+)",
}
# Values that can be read only with a point (resp. a comma) as the decimal mark.
_PROOF = {
    ".": r"[0-9]{1,3}([,' ][0-9]{3})+\.[0-9]+|[0-9]+\.[0-9]{1,2}|[0-9]+\.[0-9]{4,}|[0-9]{4,}\.[0-9]+"
    r"|[0-9]{1,3}(,[0-9]{3}){2,}|\.[0-9]+|[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+",
    ",": r"[0-9]{1,3}([.' ][0-9]{3})+,[0-9]+|[0-9]+,[0-9]{1,2}|[0-9]+,[0-9]{4,}|[0-9]{4,},[0-9]+"
    r"|[0-9]{1,3}(\.[0-9]{3}){2,}|,[0-9]+",
}
_NEGATIVE = r"^\s*(\(|[-−]|[¥$€£]\s*[-−])"
_ONE_GROUP = {",": r"[0-9]{1,3},[0-9]{3}", ".": r"[0-9]{1,3}\.[0-9]{3}"}  # `18,500` / `18.500`: either way


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _body(x: str) -> str:
    """The digits and separators of a written number, spaces unified ('' when it is not shaped like one)."""
    return f"translate(regexp_extract({x}, {_lit(_SHAPE)}, 4), '\u00a0\u202f’', '  ''')"


def _shaped(x: str) -> str:
    """Parentheses balanced and at most one sign."""
    groups = f"regexp_extract({x}, {_lit(_SHAPE)}, ['o', 's1', 's2', 'b', 'c'])"
    return (
        f"(list_transform([{groups}], lambda g: g.b <> '' AND (g.o = '') = (g.c = '') "
        f"AND (g.s1 = '' OR g.s2 = '') AND (g.o = '' OR (g.s1 = '' AND g.s2 = '')))[1])"
    )


def _negative(x: str) -> str:
    return f"regexp_matches({x}, {_lit(_NEGATIVE)})"


def missing_sql(x: str, tokens: str) -> str:
    """True when the text `x` is absent or one of the missing-value tokens (`tokens`: a bound VARCHAR[])."""
    return f"({x} IS NULL OR list_contains({tokens}, trim({x})))"


def number_sql(x: str, decimal: str) -> str:
    """DOUBLE of the text `x` written with `decimal` as its decimal mark; NULL when it is not such a number.

    Missing-value tokens must already be NULL. Plain values (`-12`, `12.5` in a point column) are cast at once.
    """
    body = _body(x)
    strip = "[ .']" if decimal == "," else "[ ,']"
    digits = f"replace(regexp_replace({body}, {_lit(strip)}, '', 'g'), ',', '.')"
    slow = (
        f"CASE WHEN {_shaped(x)} AND regexp_full_match({body}, {_lit(_VALID[decimal])}) "
        f"THEN (CASE WHEN {_negative(x)} THEN -1 ELSE 1 END) * TRY_CAST({digits} AS DOUBLE) END"
    )
    group, mark = ("','", "'.'") if decimal == "." else ("'.'", "','")
    grouped = f"CAST(replace(replace({x}, {group}, ''), {mark}, '.') AS DOUBLE)"
    return (
        f"CASE WHEN regexp_full_match({x}, {_lit(_PLAIN[decimal])}) THEN CAST({x} AS DOUBLE) "
        f"WHEN regexp_full_match({x}, {_lit(_GROUPED[decimal])}) THEN {grouped} ELSE {slow} END"
    )


def other_style_sql(x: str, decimal: str) -> str:
    """True when `x` is a number written with the other decimal mark than `decimal` (the row disagrees)."""
    other = "," if decimal == "." else "."
    return f"({_shaped(x)} AND regexp_full_match({_body(x)}, {_lit(_VALID[other])}))"


def decide_decimals(
    con: duckdb.DuckDBPyConnection,
    source_sql: str,
    params: dict[str, Any],
    columns: Mapping[str, str],
    *,
    file: str,
    delimiter: str | None,
    choice: str | None = None,
    typed: Sequence[str] = (),
) -> dict[str, str]:
    """The decimal mark of each number column {field: source column} → {field: "." or ","}.

    `choice` (the user's `--decimal`) decides every column; columns in `typed` were numbers already (Parquet
    number columns, workbook columns of number cells only: written with a point, ungrouped). Raises IngestError
    naming the columns that stay ambiguous.
    """
    if choice is not None:
        if choice not in DECIMALS:
            raise IngestError("ingest.error.bad_decimal", file=file, choice=choice)
        return dict.fromkeys(columns, choice)
    todo = {f: c for f, c in columns.items() if c not in typed}
    out = {f: "." for f in columns if f not in todo}
    if not todo:
        return out
    evidence = _evidence(con, source_sql, params, todo, file)
    point_files = sum(e[0] for e in evidence.values())
    comma_files = sum(e[1] for e in evidence.values())
    ambiguous = []
    for field, (point, comma, comma_group, point_group, example) in evidence.items():
        if point and comma and (comma_group or point_group):
            ambiguous.append((todo[field], example))  # both styles seen: `18,500` beside them could be either
        elif point or comma:
            majority = point > comma or (point == comma and delimiter != ";")
            out[field] = "." if majority else ","
        elif (point_files > 0) != (comma_files > 0):
            out[field] = "." if point_files else ","
        elif comma_group and not point_group and delimiter != ";":
            out[field] = "."
        elif comma_group or point_group:
            ambiguous.append((todo[field], example))
        else:
            out[field] = "."
    if ambiguous:
        raise IngestError(
            "ingest.error.ambiguous_decimal",
            file=file,
            column=ambiguous[0][0],
            columns=", ".join(repr(c) for c, _ in ambiguous),
            example=ambiguous[0][1],
        )
    return out


def _evidence(
    con: duckdb.DuckDBPyConnection, source_sql: str, params: dict[str, Any], columns: Mapping[str, str], file: str
) -> dict[str, tuple[int, int, int, int, str]]:
    """Per field: values proving a point, values proving a comma, `18,500`-like, `18.500`-like, an example.

    Each value is classed once (1-4 in that order, the first that fits); plain integers are skipped at once.
    """
    kinds, parts = [], []
    tests = (_PROOF["."], _PROOF[","], _ONE_GROUP[","], _ONE_GROUP["."])
    for i, column in enumerate(columns.values()):
        x = quote_ident(column)
        # Digits and separators only (cheap), for values with signs, spaces or parentheses; what is not a
        # number at all is judged later, value by value.
        spaced = f"translate({x}, {_lit(chr(0xA0) + chr(0x202F) + chr(0x2019))}, {_lit(chr(32) * 2 + chr(39))})"
        b = f"ltrim(trim(regexp_replace({spaced}, {_lit(_NOT_NUMBER_PART)}, '', 'g')), '+-')"
        direct = [f"WHEN regexp_full_match({x}, {_lit('-?(' + t + ')')}) THEN {k}" for k, t in enumerate(tests, 1)]
        cleaned = [f"WHEN regexp_full_match({b}, {_lit(t)}) THEN {k}" for k, t in enumerate(tests, 1)]
        kinds.append(f"CASE WHEN regexp_full_match({x}, '-?[0-9]+') THEN NULL {' '.join(direct + cleaned)} END AS k{i}")
        parts += [f"count_if(k{i} = {k})" for k in range(1, 5)]
        parts.append(f"min({x}) FILTER (k{i} IN (3, 4))")
    try:
        row = con.execute(
            f"SELECT {', '.join(parts)} FROM (SELECT *, {', '.join(kinds)} FROM ({source_sql}))", params
        ).fetchall()[0]
    except duckdb.Error as exc:
        from salesdash.ingest.readers import duckdb_error

        raise duckdb_error(exc, file) from None
    return {
        field: (*(int(n or 0) for n in row[5 * i : 5 * i + 4]), str(row[5 * i + 4]))  # type: ignore[misc]
        for i, field in enumerate(columns)
    }


def bind_missing(p: Params, tokens: Sequence[str]) -> str:
    """Bind the missing-value tokens once; returns the placeholder for `missing_sql`."""
    return f"CAST({p(list(tokens))} AS VARCHAR[])"
