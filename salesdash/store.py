"""The DuckDB store: one file, one connection per process, a cursor per thread.

The store creates the canonical tables on first use, keeps a data version that changes on
every committed write, and keeps the upload-batch bookkeeping that makes undo exact.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis

from salesdash.errors import StoreDamagedError, StoreLockedError
from salesdash.schema import TABLES, create_table_sql

if TYPE_CHECKING:
    from salesdash.access import Identity

__all__ = ["REPLACED_PREFIX", "Store", "damage", "default_db_path"]

DEFAULT_DB = Path("data") / "salesdash.duckdb"
# Rows that an upload replaced are kept here, per table, so that undo restores them.
REPLACED_PREFIX = "_replaced_"

_BOOKKEEPING = (
    """CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS _settings (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS _batches (
        batch_id BIGINT PRIMARY KEY, table_name VARCHAR, file_name VARCHAR, file_hash VARCHAR,
        mode VARCHAR, rows_read BIGINT, rows_loaded BIGINT, inserted BIGINT, updated BIGINT,
        unchanged BIGINT, rejected BIGINT, mapping VARCHAR, user_name VARCHAR,
        created_at TIMESTAMP, undone_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS _audit (
        logged_at TIMESTAMP, user_name VARCHAR, action VARCHAR, detail VARCHAR)""",
    """INSERT INTO _meta VALUES ('data_version', '0') ON CONFLICT DO NOTHING""",
)


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH`, else `$SALESDASH_DB`, else `data/salesdash.duckdb` (SPEC §5)."""
    return Path(explicit or os.environ.get("SALESDASH_DB") or DEFAULT_DB)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"The database {path} is in use by another salesdash process (the dashboard or a load). "
                "Stop that process, or run this command through the dashboard's Data page, then try again."
            ) from None
        raise StoreDamagedError(_damaged_message(path, exc)) from None
    except (duckdb.SerializationException, duckdb.InternalException, duckdb.Error) as exc:
        raise StoreDamagedError(_damaged_message(path, exc)) from None


# What DuckDB says when it reads a block that is not what was written (checksum, short read).
_DAMAGE_SIGNS = ("corrupt database file", "could not read enough bytes", "not a valid duckdb database")


def damage(exc: BaseException, path: str | os.PathLike[str]) -> StoreDamagedError | None:
    """The StoreDamagedError for a DuckDB error raised by a damaged file, else None.

    DuckDB checks a block when it first reads it, so damage in table data shows in a query, not at open.
    """
    if isinstance(exc, duckdb.Error) and any(sign in str(exc).lower() for sign in _DAMAGE_SIGNS):
        return StoreDamagedError(_damaged_message(Path(path), exc))
    return None


def _damaged_message(path: Path, exc: Exception) -> str:
    return (
        f"The database {path} cannot be read ({str(exc).splitlines()[0]}). "
        "Restore it from a backup (`python -m salesdash restore BACKUP`), or move it away "
        "and rebuild it with `python -m salesdash demo` or your uploads."
    )


class Store:
    """A salesdash database file with its schema, data version and upload batches."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = default_db_path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.read_only = read_only
        self.con = _connect(self.path, read_only)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        if not read_only:
            try:
                self._create_schema()
            except duckdb.Error as exc:  # the catalog is read on first use: damage shows here
                self.con.close()
                raise StoreDamagedError(_damaged_message(self.path, exc)) from None

    def _create_schema(self) -> None:
        for table in TABLES.values():
            for name in (table.name, REPLACED_PREFIX + table.name):
                self._add_new_fields(name, {f.name: f.dtype for f in table.fields})
            self.con.execute(create_table_sql(table))
            replaced = create_table_sql(table).replace(
                f'EXISTS "{table.name}"', f'EXISTS "{REPLACED_PREFIX}{table.name}"'
            )
            self.con.execute(replaced.replace('"_batch_id" BIGINT)', '"_batch_id" BIGINT, "_replaced_by" BIGINT)'))
        for statement in _BOOKKEEPING:
            self.con.execute(statement)

    def _add_new_fields(self, name: str, fields: dict[str, str]) -> None:
        """A file made before a field was added (targets' category) gets it, in the schema's column order."""
        found = [
            r[0]
            for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [name],
            ).fetchall()
        ]
        if not found or all(f in found for f in fields):
            return
        extra = [c for c in found if c not in fields]  # the batch columns
        columns = [f'"{f}"' if f in found else f'CAST(NULL AS {t}) AS "{f}"' for f, t in fields.items()]
        columns += [f'"{c}"' for c in extra]
        self.con.execute(
            f'CREATE TABLE "{name}__new" AS SELECT {", ".join(columns)} FROM "{name}"; DROP TABLE "{name}"; '
            f'ALTER TABLE "{name}__new" RENAME TO "{name}"'
        )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection (DuckDB connections are not thread-safe)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.con.cursor()
        return cur

    def ibis(self) -> ibis.BaseBackend:
        """This thread's Ibis backend over its cursor."""
        backend = getattr(self._local, "ibis", None)
        if backend is None:
            backend = self._local.ibis = ibis.duckdb.from_connection(self.cursor())
        return backend

    def row_count(self, table: str) -> int:
        return int(self.scalar(f'SELECT count(*) FROM "{table}"'))

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self.cursor().execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def loaded_tables(self) -> frozenset[str]:
        """Canonical tables that hold at least one row."""
        return frozenset(name for name in TABLES if self.scalar(f'SELECT EXISTS (FROM "{name}")'))

    def data_version(self) -> int:
        """A number that changes on every committed upload, undo or setting change."""
        return int(self.scalar("SELECT value FROM _meta WHERE key = 'data_version'"))

    # --- writing -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write; the data version moves on when it commits."""
        with self._write_lock:
            cur = self.con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute(
                    "UPDATE _meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
                )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def next_batch_id(self, cur: duckdb.DuckDBPyConnection) -> int:
        rows = cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM _batches").fetchall()
        return int(rows[0][0])

    def audit(self, cur: duckdb.DuckDBPyConnection, user: str, action: str, detail: dict[str, Any]) -> None:
        cur.execute(
            "INSERT INTO _audit VALUES (now()::TIMESTAMP, ?, ?, ?)",
            [user, action, json.dumps(detail, ensure_ascii=False, default=str)],
        )

    # --- settings ------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM _settings WHERE key = ?", [key])
        return default if value is None else json.loads(value)

    def settings(self) -> dict[str, Any]:
        rows = self.cursor().execute("SELECT key, value FROM _settings").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def set_setting(self, key: str, value: Any, user: Identity, action: str = "settings") -> None:
        """Store a setting as `user`, an access.Identity whose role must allow `action` (admins change settings;
        analysts save mappings and stage maps); AccessDenied otherwise, the store unchanged (docs/access.md)."""
        from salesdash.access import authorize

        name = authorize(user, action)
        with self.transaction() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO _settings VALUES (?, ?)",
                [key, json.dumps(value, ensure_ascii=False)],
            )
            self.audit(cur, name, "setting", {"key": key, "value": value})
