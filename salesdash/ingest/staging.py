"""The staged path: the staging query, row numbers of staged lines, derived line ids, row counts.

Rows are copied to the temporary table `__staged`, validated there with set-based SQL, then written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb

from salesdash.ingest.convert import StagePlan, stage_select
from salesdash.ingest.dates import DateFormat
from salesdash.ingest.mapping import MappingGuess
from salesdash.ingest.numbers import DEFAULT_MISSING, MISSING_KEY, decide_decimals
from salesdash.ingest.readers import ROW_COLUMN, Source
from salesdash.ingest.results import IngestResult
from salesdash.ingest.sqltext import Params
from salesdash.ingest.stages import STAGE_MAP_KEY
from salesdash.ingest.validate import STAGED
from salesdash.ingest.wide import unpivot_sql
from salesdash.schema import INTEGER, MONEY, NUMBER, TABLES
from salesdash.store import Store

__all__ = ["count_staged", "csv_row_expr", "derive_line_ids", "staging_query"]


def staging_query(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    source: Source,
    guess: MappingGuess,
    formats: Mapping[str, DateFormat],
    units: float,
    decimal: str | None = None,
    styles: dict[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The staging SELECT and its bound values (for wide files, after copying the raw sheet to `__raw`).

    Each number column's decimal mark is decided here from all its values (`decimal`, the user's choice,
    overrides); raises IngestError when a column stays ambiguous. `styles`, when given, receives
    {source column: decimal mark} of the number columns, for the upload result.
    """
    p = Params()
    if not guess.wide:
        p.values.update(source.params)
    by_field = {f: h for h, f in guess.mapping.items()}
    source_sql = source.sql
    columns = tuple(source.headers) + ((ROW_COLUMN,) if source.has_row_column else ())
    if guess.wide:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE __raw AS {source.sql}", source.params)
        raw = "SELECT * FROM __raw" if source.has_row_column else 'SELECT rowid + 2 AS "__row", * FROM __raw'
        value_field = "target" if guess.table == "targets" else "market_size"
        source_sql = unpivot_sql(raw, guess.wide, by_field.get("period"), p)
        by_field = {**by_field, "period": "__period", value_field: "__value"}
        columns = (*[h for h in source.headers if h not in guess.wide], ROW_COLUMN, "__period", "__value")
    table = TABLES[guess.table]
    numbers = {
        f: c for f, c in by_field.items() if f in table.field_names and table.field(f).dtype in (MONEY, NUMBER, INTEGER)
    }
    values = dict(p.values)  # the source's values, or the unpivot's for a wide sheet
    decimals = decide_decimals(
        cur,
        source_sql,
        values,
        numbers,
        file=source.name,
        delimiter=source.delimiter,
        choice=decimal,
        typed=source.typed_numbers,
    )
    if styles is not None:
        styles.update({numbers[f]: mark for f, mark in decimals.items() if not numbers[f].startswith("__")})
    plan = StagePlan(
        table,
        by_field,
        formats,
        decimals,
        tuple(store.setting(MISSING_KEY, list(DEFAULT_MISSING))),
        units,
        store.setting(STAGE_MAP_KEY, {}),
        dt.date.today(),
        synthesize_order_id=guess.table == "orders" and "order_id" not in by_field,
        all_columns=columns,
    )
    return stage_select(plan, source_sql, p), p.values


def csv_row_expr(cur: duckdb.DuckDBPyConnection) -> str:
    """Spreadsheet row of a staged CSV line (header = row 1).

    Rows staged inside a transaction get transaction-local rowids: contiguous and in file order, but
    starting at a large base, so the base is subtracted.
    """
    base = cur.execute(f"SELECT min(rowid) FROM {STAGED}").fetchall()[0][0]
    return f"(rowid - {int(base or 0)} + 2)"


def derive_line_ids(cur: duckdb.DuckDBPyConnection, guess: MappingGuess, row_expr: str) -> None:
    """line_id, when the file has none, is the line's position within its order in file order (1, 2, …)."""
    if guess.table != "orders" or "line_id" in guess.mapping.values():
        return
    cur.execute(
        f"""UPDATE {STAGED} SET line_id = CAST(d.n AS VARCHAR)
            FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY order_id ORDER BY {row_expr}) AS n FROM {STAGED}) d
            WHERE {STAGED}.rowid = d.r"""
    )


def count_staged(cur: duckdb.DuckDBPyConnection, source: Source, guess: MappingGuess, result: IngestResult) -> None:
    staged = int(cur.execute(f"SELECT count(*) FROM {STAGED}").fetchall()[0][0])
    if guess.wide:
        result.rows_read = int(cur.execute("SELECT count(*) FROM __raw").fetchall()[0][0])
        result.rows_loaded = int(cur.execute(f'SELECT count(*) FROM {STAGED} WHERE "__err" IS NULL').fetchall()[0][0])
    else:
        result.rows_read = staged
