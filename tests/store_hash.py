"""Content hash of every table of a store: proves a refused upload left the store exactly as it was."""

from __future__ import annotations

import os

import duckdb

from salesdash.store import Store


def table_hashes(store_or_path: Store | str | os.PathLike[str]) -> dict[str, tuple[int, str]]:
    """{table: (rows, md5 over the sorted md5 of each row's text)} for every base table, the store's own
    bookkeeping tables (_batches, _settings, _replaced_*) included. Row order does not count; content does."""
    if isinstance(store_or_path, Store):
        return _hashes(store_or_path.cursor())
    with duckdb.connect(str(store_or_path), read_only=True) as con:
        return _hashes(con)


def _hashes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
    ]
    out: dict[str, tuple[int, str]] = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        count, digest = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "
            f"FROM (SELECT md5(CAST(t AS VARCHAR)) AS h FROM {quoted} t)"
        ).fetchall()[0]
        out[name] = (int(count), str(digest))
    return out
