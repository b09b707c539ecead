"""Rejected rows of a staged upload, found by SQL that returns only the rejected rows.

Rejects are sorted by row and grouped by kind (column and reason): the first KIND_SHOWN of each kind are
listed, the rest counted ("and N more like this"), so one mis-read column cannot bury the other problems.

A reject names the file, the spreadsheet row (the header is row 1, the first data row is row 2),
the source column and the reason (English in `reason`, any language through `text(lang)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from salesdash.errors import where
from salesdash.i18n import t
from salesdash.ingest.sqltext import Params, quote_ident
from salesdash.schema import Table

__all__ = [
    "KIND_SHOWN",
    "STAGED",
    "Reject",
    "collect_rejects",
    "grouped_messages",
    "mark_duplicate_keys",
    "more_like_this",
]

STAGED = "__staged"
KIND_SHOWN = 20
_SEP = chr(31)


@dataclass(frozen=True)
class Reject:
    """One rejected row: where it is and why (`code` names the reason's text, `field` the canonical field)."""

    file: str
    row: int
    column: str
    reason: str
    value: str
    code: str = ""
    field: str = ""
    details: tuple[tuple[str, str], ...] = ()
    kind_total: int = 1  # rejects of the same kind (column and reason) in the whole file

    def text(self, lang: str) -> str:
        """The reason in `lang`, e.g. "revenue is not a number" / "revenue 不是数字"."""
        if not self.code:
            return self.reason
        return t(f"ingest.reject.{self.code}", lang, field=self.field, **dict(self.details))

    def message(self, lang: str = "en") -> str:
        shown = t("ingest.value", lang, value=repr(self.value)) if self.value else ""
        place = where(lang, self.file, self.row, self.column)
        return t("ingest.where.prefix", lang, where=place, message=self.text(lang) + shown)


def _kinds(rejects: list[Reject]) -> list[list[Reject]]:
    """The listed rejects by kind (column and reason), kinds in the order of their first row, rows in order."""
    kinds: dict[tuple[str, str], list[Reject]] = {}
    for reject in sorted(rejects, key=lambda r: r.row):
        kinds.setdefault((reject.column, reject.code or reject.reason), []).append(reject)
    return list(kinds.values())


def _more(listed: list[Reject], lang: str) -> str | None:
    hidden = listed[0].kind_total - len(listed)
    first = listed[0]
    return (
        t("ingest.more_like_this", lang, count=hidden, column=first.column, reason=first.text(lang))
        if hidden > 0
        else None
    )


def grouped_messages(rejects: list[Reject], lang: str = "en") -> list[str]:
    """The rejects' messages grouped by kind, each kind followed by "… and N more like this" when the file
    holds more of it than are listed."""
    lines: list[str] = []
    for listed in _kinds(rejects):
        lines += [r.message(lang) for r in listed]
        more = _more(listed, lang)
        lines += [more] if more else []
    return lines


def more_like_this(rejects: list[Reject], lang: str = "en") -> list[str]:
    """Only the "… and N more like this" lines, one per kind that has more rejects than are listed."""
    return [more for listed in _kinds(rejects) if (more := _more(listed, lang))]


def mark_duplicate_keys(cur: duckdb.DuckDBPyConnection, table: Table, row_expr: str) -> int:
    """Reject every repeat of a key already seen earlier in the same file; returns how many."""
    keys = ", ".join(quote_ident(k) for k in table.key)
    dup = cur.execute(
        f'SELECT count(*) FROM (SELECT {keys} FROM {STAGED} WHERE "__err" IS NULL GROUP BY ALL HAVING count(*) > 1)'
    ).fetchall()[0][0]
    if not dup:
        return 0
    p = Params()
    cur.execute(
        f"""UPDATE {STAGED} SET "__err" = {p(table.key[0] + _SEP + "repeats_key" + _SEP)}
                || coalesce(CAST(d.k AS VARCHAR), '') || {p(_SEP + " + ".join(table.key) + _SEP)} || d.first_row
            FROM (SELECT rowid AS r, {quote_ident(table.key[0])} AS k, {row_expr} AS this_row,
                         min({row_expr}) OVER (PARTITION BY {keys}) AS first_row
                  FROM {STAGED} WHERE "__err" IS NULL) d
            WHERE {STAGED}.rowid = d.r AND d.this_row <> d.first_row""",
        p.values,
    )
    return int(dup)


def collect_rejects(
    cur: duckdb.DuckDBPyConnection, file: str, source_of: Mapping[str, str], row_expr: str, limit: int = 200
) -> tuple[int, list[Reject]]:
    """(number of rejected rows, the first KIND_SHOWN rows of each kind, at most `limit`, sorted by row number)."""
    total = cur.execute(f'SELECT count(*) FROM {STAGED} WHERE "__err" IS NOT NULL').fetchall()[0][0]
    if not total:
        return 0, []
    rows = cur.execute(
        f"""SELECT r, "__err", size FROM (
                SELECT r, "__err", row_number() OVER kind AS n, count(*) OVER (PARTITION BY k1, k2) AS size
                FROM (SELECT CAST({row_expr} AS BIGINT) AS r, "__err", split_part("__err", chr(31), 1) AS k1,
                             split_part("__err", chr(31), 2) AS k2 FROM {STAGED} WHERE "__err" IS NOT NULL)
                WINDOW kind AS (PARTITION BY k1, k2 ORDER BY r))
            WHERE n <= {KIND_SHOWN} ORDER BY r LIMIT {int(limit)}"""
    ).fetchall()
    rejects = []
    for row, err, size in rows:
        field, code, value, *extra = str(err).split(_SEP)
        details = (("keys", extra[0]), ("first_row", extra[1])) if code == "repeats_key" else ()
        english = t(f"ingest.reject.{code}", "en", field=field, **dict(details))
        column = source_of.get(field, field)
        rejects.append(Reject(file, int(row), column, english, value, code, field, details, int(size)))
    return int(total), rejects
