"""Ids that Excel already merged: integer cells above 2**53 that several rows of an id column share.

Excel keeps 15 to 17 significant digits, so ids longer than that (order numbers of 18 digits, say) that were
typed or imported as numbers lose their last digits, and different ids can become one number; no reader can
tell them apart again (docs/uploads.md, "Workbooks and sheets"). The upload warns naming the column and
rejects those rows.
"""

from __future__ import annotations

import duckdb

from salesdash.ingest.mapping import MappingGuess
from salesdash.ingest.messages import Notice
from salesdash.ingest.readers import Source
from salesdash.ingest.validate import STAGED
from salesdash.ingest.workbook import WorkbookSource

__all__ = ["collapsed_ids", "collapsed_notices", "reject_collapsed_ids"]

REJECT_SEP = chr(31)  # the field separator of a staged row's "__err" (salesdash.ingest.validate)


def collapsed_ids(source: Source, guess: MappingGuess) -> dict[str, tuple[str, dict[str, list[int]]]]:
    """{source column: (id field, {integer text: rows})} for the columns mapped to an id field (`…_id`)
    whose Excel numbers above 2**53 are shared by several rows: Excel keeps 15 to 17 digits, so different
    ids may have become one number there, and no reader can tell them apart again."""
    if not isinstance(source, WorkbookSource):
        return {}
    out = {}
    for position, values in source.collapsed.items():
        header = source.headers[position] if position < len(source.headers) else None
        target = guess.mapping.get(header or "", "")
        if header and target.endswith("_id"):
            out[header] = (target, values)
    return out


def collapsed_notices(collapsed: dict[str, tuple[str, dict[str, list[int]]]]) -> list[Notice]:
    """One warning per column, naming the first shared number and its rows."""
    notices = []
    for header, (_, values) in collapsed.items():
        value, rows = next(iter(values.items()))
        shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        notices.append(Notice("workbook.notice.collapsed_ids", column=header, value=value, rows=shown))
    return notices


def reject_collapsed_ids(
    cur: duckdb.DuckDBPyConnection, collapsed: dict[str, tuple[str, dict[str, list[int]]]]
) -> None:
    """Mark the staged rows holding a collapsed id as rejected (reason `excel_digits`)."""
    for target, values in collapsed.values():
        for value, rows in values.items():
            err = f"{target}{REJECT_SEP}excel_digits{REJECT_SEP}{value}"
            cur.execute(
                f'UPDATE {STAGED} SET "__err" = ? WHERE "__err" IS NULL AND "__row" IN (SELECT unnest(?))',
                [err, rows],
            )
