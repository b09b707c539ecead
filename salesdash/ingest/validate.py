"""Rejected rows of a staged upload, found by SQL that returns only the rejected rows.

A reject names the file, the spreadsheet row (the header is row 1, the first data row is row 2),
the source column and the reason (English in `reason`, any language through `text(lang)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from salesdash.i18n import t
from salesdash.ingest.messages import where
from salesdash.ingest.sqltext import Params, quote_ident
from salesdash.schema import Table

__all__ = ["STAGED", "Reject", "collect_rejects", "mark_duplicate_keys"]

STAGED = "__staged"
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

    def text(self, lang: str) -> str:
        """The reason in `lang`, e.g. "revenue is not a number" / "revenue 不是数字"."""
        if not self.code:
            return self.reason
        return t(f"ingest.reject.{self.code}", lang, field=self.field, **dict(self.details))

    def message(self, lang: str = "en") -> str:
        shown = t("ingest.value", lang, value=repr(self.value)) if self.value else ""
        place = where(lang, self.file, self.row, self.column)
        return t("ingest.where.prefix", lang, where=place, message=self.text(lang) + shown)


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
    """(number of rejected rows, the first `limit` of them in file order)."""
    total = cur.execute(f'SELECT count(*) FROM {STAGED} WHERE "__err" IS NOT NULL').fetchall()[0][0]
    if not total:
        return 0, []
    rows = cur.execute(
        f'SELECT {row_expr} AS r, "__err" FROM {STAGED} WHERE "__err" IS NOT NULL ORDER BY r LIMIT {int(limit)}'
    ).fetchall()
    rejects = []
    for row, err in rows:
        field, code, value, *extra = str(err).split(_SEP)
        details = (("keys", extra[0]), ("first_row", extra[1])) if code == "repeats_key" else ()
        english = t(f"ingest.reject.{code}", "en", field=field, **dict(details))
        rejects.append(Reject(file, int(row), source_of.get(field, field), english, value, code, field, details))
    return int(total), rejects
