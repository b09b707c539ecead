"""The fast path: a file goes from the reader straight into its empty table in one INSERT … SELECT.

Any rejected row or repeated key rolls it back, and the staged path takes over to name every rejected row.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from salesdash.ingest.dates import DateFormat
from salesdash.ingest.mapping import MappingGuess
from salesdash.ingest.quality import upload_notices
from salesdash.ingest.readers import Source
from salesdash.ingest.records import UploadIdentity, batch_commit, record_batch
from salesdash.ingest.results import IngestResult
from salesdash.ingest.sqltext import quote_ident
from salesdash.ingest.staging import staging_query
from salesdash.schema import BATCH_COLUMN, TABLES
from salesdash.store import Store

__all__ = ["REJECT_MARK", "NeedRowCheck", "fast_path_possible", "load_fast", "may_repeat_keys"]


class NeedRowCheck(Exception):
    """A rejected row or a repeated key: the staged path must run to name the rows."""


REJECT_MARK = "salesdash-row-rejected"  # the error() text that aborts the INSERT on a rejected row


def fast_path_possible(store: Store, guess: MappingGuess) -> bool:
    """True when the file can go straight from the reader into its table: the table is empty and nothing
    needs a staged copy (wide sheets, derived order or line ids, matching stored rows)."""
    table = TABLES[guess.table]
    if guess.wide or store.row_count(table.name) > 0:
        return False
    return table.name != "orders" or {"order_id", "line_id"} <= set(guess.mapping.values())


def load_fast(
    store: Store,
    source: Source,
    guess: MappingGuess,
    formats: Mapping[str, DateFormat],
    units: float,
    decimal: str | None,
    result: IngestResult,
    identity: UploadIdentity,
    mode: str,
    user: str,
    save: bool,
) -> IngestResult:
    """One INSERT … SELECT from the reader. The first rejected row, or a repeated key found afterwards,
    aborts it (rolled back) and the staged path takes over to name every rejected row."""
    table = TABLES[guess.table]
    fields = ", ".join(quote_ident(f) for f in table.field_names)
    keys = ", ".join(quote_ident(k) for k in table.key)
    with batch_commit(store, result, source.name) as cur:
        sql, values = staging_query(cur, store, source, guess, formats, units, decimal, result.decimal_marks)
        result.batch_id = store.next_batch_id(cur)
        try:
            inserted = cur.execute(
                f"INSERT INTO {quote_ident(table.name)} SELECT {fields}, {int(result.batch_id)} FROM ({sql}) "
                f"WHERE CASE WHEN \"__err\" IS NULL THEN true ELSE error('{REJECT_MARK}') END",
                values,
            ).fetchall()[0][0]
        except duckdb.Error as exc:
            if REJECT_MARK in str(exc):
                raise NeedRowCheck from None
            raise
        result.rows_read = int(inserted)
        if may_repeat_keys(cur, table.name, keys):
            raise NeedRowCheck
        result.rows_loaded = result.inserted = result.rows_read
        batch = f"FROM {quote_ident(table.name)} WHERE {BATCH_COLUMN} = {int(result.batch_id)}"
        result.warnings += upload_notices(cur, table.name, batch, {f: h for h, f in guess.mapping.items()})
        record_batch(cur, store, result, identity, mode, user, source.headers, save=save)
    return result


def may_repeat_keys(cur: duckdb.DuckDBPyConnection, table: str, keys: str) -> bool:
    """Whether the (just filled) table may hold a key twice.

    Distinct key hashes prove distinct keys, and counting 64-bit hashes costs less time and memory than
    grouping the key strings; only when two hashes meet are the keys themselves compared.
    """
    t = quote_ident(table)
    rows, hashes = cur.execute(f"SELECT count(*), count(DISTINCT hash({keys})) FROM {t}").fetchall()[0]
    if rows == hashes:
        return False
    return bool(
        cur.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {t} GROUP BY ALL HAVING count(*) > 1)").fetchall()[0][0]
    )
