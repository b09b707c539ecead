"""The DuckDB store: one file, one connection per process while it is used, a cursor per thread.

The store creates the canonical tables on first use, keeps a data version that changes on
every committed write, and keeps the upload-batch bookkeeping that makes undo exact.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis

from salesdash.errors import StoreDamagedError, StoreLockedError
from salesdash.locking import Turn, Waiting, lock_timeout, take_turn, wait_in_queue
from salesdash.schema import TABLES, create_table_sql

if TYPE_CHECKING:
    from salesdash.access import Identity

__all__ = ["REPLACED_PREFIX", "Store", "damage", "default_db_path", "open_in_this_process"]

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
    # An upload's identity is the content read (docs/uploads.md, "Uploading again"): the sheet and a key
    # over file hash, sheet, table, mapping, units and date formats. Added to stores made before.
    """ALTER TABLE _batches ADD COLUMN IF NOT EXISTS sheet VARCHAR""",
    """ALTER TABLE _batches ADD COLUMN IF NOT EXISTS upload_key VARCHAR""",
    """CREATE TABLE IF NOT EXISTS _audit (
        logged_at TIMESTAMP, user_name VARCHAR, action VARCHAR, detail VARCHAR)""",
    """INSERT INTO _meta VALUES ('data_version', '0') ON CONFLICT DO NOTHING""",
)


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH`, else `$SALESDASH_DB`, else `data/salesdash.duckdb` (docs/cli.md)."""
    return Path(explicit or os.environ.get("SALESDASH_DB") or DEFAULT_DB)


def _tell_stderr(message: str) -> None:
    print(f"salesdash: {message}", file=sys.stderr)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(key="error.store.in_use", path=path) from None
        raise _damaged(path, exc) from None
    except (duckdb.SerializationException, duckdb.InternalException, duckdb.Error) as exc:
        raise _damaged(path, exc) from None


# What DuckDB says when it reads a block that is not what was written (checksum, short read).
_DAMAGE_SIGNS = ("corrupt database file", "could not read enough bytes", "not a valid duckdb database")


def damage(exc: BaseException, path: str | os.PathLike[str]) -> StoreDamagedError | None:
    """The StoreDamagedError for a DuckDB error raised by a damaged file, else None.

    DuckDB checks a block when it first reads it, so damage in table data shows in a query, not at open.
    """
    if isinstance(exc, duckdb.Error) and any(sign in str(exc).lower() for sign in _DAMAGE_SIGNS):
        return _damaged(Path(path), exc)
    return None


def _damaged(path: Path, exc: Exception) -> StoreDamagedError:
    return StoreDamagedError(key="error.store.damaged", path=path, reason=str(exc).splitlines()[0])


class _Handle:
    """This process's hold on one database file: its turn (salesdash.locking), one DuckDB connection,
    and how many users (open stores, threads of the dashboard) need it. The last user closes the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mutex = threading.Lock()
        self.write_lock = threading.RLock()
        self.users: dict[int, int] = {}  # thread id -> holds
        self.owners: dict[int, threading.Thread] = {}  # thread id -> the thread, for the exit to wait for
        self.cursors: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()  # to stop at exit
        self.holds: dict[threading.Thread, threading.Thread] = {}  # a hold's releasing thread -> its owner
        self.con: duckdb.DuckDBPyConnection | None = None
        self.read_only = False
        self.generation = 0
        self.closing = False  # the interpreter is exiting: nothing opens or closes any more
        self._turn: Turn | None = None

    def acquire(self, read_only: bool, timeout: float, on_wait: Waiting | None) -> None:
        me = threading.get_ident()
        if self.users and not self.users.get(me):
            # Open already: still queue behind a process waiting for the file, so it gets its turn. A
            # thread that holds it already must not (it would wait for itself).
            wait_in_queue(self.path, timeout=timeout, on_wait=on_wait)
        with self.mutex:
            if self.closing:
                raise StoreLockedError(key="error.store.exiting", path=self.path)
            if not self.users:
                self._open(read_only, timeout, on_wait)
            elif self.read_only and not read_only:
                raise StoreLockedError(key="error.store.read_only", path=self.path)
            self.users[me] = self.users.get(me, 0) + 1
            self.owners[me] = threading.current_thread()

    def track(self, cursor: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """`cursor`, remembered so that the exit can stop its query (`close_at_exit`)."""
        with self.mutex:
            self.cursors.add(cursor)
        return cursor

    def release(self, thread: int) -> None:
        with self.mutex:
            if self.closing:
                return
            holds = self.users.get(thread, 0) - 1
            if holds > 0:
                self.users[thread] = holds
                return
            self.users.pop(thread, None)
            self.owners.pop(thread, None)
            if not self.users:
                self._close()

    def _close(self) -> None:
        # Under `mutex`, to the last reference: a DuckDB connection lets go of the interpreter while it closes
        # and while it is freed, and the exit (`close_at_exit`) takes `mutex` first, so the interpreter cannot
        # start finalizing meanwhile (a thread that finds it finalizing then is ended inside DuckDB's C++
        # code, which aborts the process: "terminate called after throwing an instance of ''").
        con, self.con = self.con, None
        if con is not None:
            try:
                con.close()
            finally:
                del con  # the last reference: freed here
        if self._turn is not None:
            self._turn.release()
            self._turn = None

    def close_at_exit(self, wait: float) -> None:
        """Close the file as the interpreter exits (an atexit handler), after the threads that still read it
        (the warm-up, page runs of a server stopped mid-run: daemon threads) have left DuckDB: their queries
        are stopped and their cursors closed, and they get up to `wait` seconds in all to end. A daemon
        thread still inside DuckDB when the interpreter finalizes aborts the process (exit 134)."""
        me = threading.get_ident()
        with self.mutex:
            self.closing = True  # nothing opens the file any more, and a hold's release does nothing
            others = [thread for ident, thread in self.owners.items() if ident != me]
        deadline = time.monotonic() + wait
        pause = 0.001
        while any(thread.is_alive() for thread in others) and time.monotonic() < deadline:
            for cursor in list(self.cursors):
                try:
                    cursor.close()  # refused while its thread runs a query on it: then stop that query
                except duckdb.Error:
                    with contextlib.suppress(duckdb.Error):
                        cursor.interrupt()
            for thread in others:
                thread.join(pause)
            pause = min(pause * 2, 0.05)
        # The threads that release a hold wake when its owner ends (the main thread counts as ended here): they
        # must not still run when the interpreter finalizes either (a collection of garbage there frees DuckDB
        # objects). Their release does nothing now.
        with self.mutex:
            holds = [hold for hold, owner in self.holds.items() if not owner.is_alive()]
        for hold in holds:
            if hold.ident is not None:  # started
                hold.join(max(0.0, deadline - time.monotonic()))
        with self.mutex:
            try:
                self._close()
            except duckdb.Error as exc:  # a thread still inside DuckDB after `wait`: say so, the exit goes on
                _tell_stderr(f"{self.path} was not closed at exit: {exc}")

    def _open(self, read_only: bool, timeout: float, on_wait: Waiting | None) -> None:
        turn = take_turn(self.path, exclusive=not read_only, timeout=timeout, on_wait=on_wait)
        try:
            con = _connect(self.path, read_only)
        except BaseException:
            turn.release()
            raise
        if not read_only:
            try:
                _create_schema(con)
            except duckdb.Error as exc:  # the catalog is read on first use: damage shows here
                con.close()
                turn.release()
                raise _damaged(self.path, exc) from None
        self.con, self.read_only, self._turn = con, read_only, turn
        self.generation += 1


_HANDLES: dict[Path, _Handle] = {}
_HANDLES_LOCK = threading.Lock()


# How long the exit waits for threads that still read a store (their queries are stopped first).
EXIT_WAIT_SECONDS = 10.0


@atexit.register
def _close_all() -> None:
    """Close every file before the interpreter finalizes, once no other thread is inside DuckDB
    (`_Handle.close_at_exit`). atexit handlers run after the non-daemon threads ended and before the
    finalization that ends daemon threads at their next step."""
    with _HANDLES_LOCK:
        handles = list(_HANDLES.values())
    for handle in handles:
        handle.close_at_exit(EXIT_WAIT_SECONDS)


def _handle(path: Path) -> _Handle:
    key = path.resolve()
    with _HANDLES_LOCK:
        return _HANDLES.setdefault(key, _Handle(path))


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    want = {name: [f.name for f in t.fields] for t in TABLES.values() for name in (t.name, REPLACED_PREFIX + t.name)}
    have: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        have.setdefault(table, set()).add(column)
    if {"_meta", "_audit"} <= have.keys() and all(set(f) <= have.get(n, set()) for n, f in want.items()):
        return  # every open of the dashboard's page runs would otherwise repeat ~30 statements
    for table in TABLES.values():
        for name in (table.name, REPLACED_PREFIX + table.name):
            _add_new_fields(con, name, {f.name: f.dtype for f in table.fields})
        con.execute(create_table_sql(table))
        replaced = create_table_sql(table).replace(f'EXISTS "{table.name}"', f'EXISTS "{REPLACED_PREFIX}{table.name}"')
        con.execute(replaced.replace('"_batch_id" BIGINT)', '"_batch_id" BIGINT, "_replaced_by" BIGINT)'))
    for statement in _BOOKKEEPING:
        con.execute(statement)


def _add_new_fields(con: duckdb.DuckDBPyConnection, name: str, fields: dict[str, str]) -> None:
    """A file made before a field was added (targets' category) gets it, in the schema's column order."""
    found = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [name],
        ).fetchall()
    ]
    if not found or all(f in found for f in fields):
        return
    extra = [c for c in found if c not in fields]  # the batch columns
    columns = [f'"{f}"' if f in found else f'CAST(NULL AS {t}) AS "{f}"' for f, t in fields.items()]
    columns += [f'"{c}"' for c in extra]
    con.execute(
        f'CREATE TABLE "{name}__new" AS SELECT {", ".join(columns)} FROM "{name}"; DROP TABLE "{name}"; '
        f'ALTER TABLE "{name}__new" RENAME TO "{name}"'
    )


class Store:
    """A salesdash database file with its schema, data version and upload batches.

    `hold="open"` (the command line, scripts, tests) holds the file from construction to `close()`.
    `hold="thread"` (the dashboard) holds it only while a thread uses it: from that thread's first
    read or write until the thread ends, so between page runs another process can load, undo or read
    (docs/operations.md#scheduled-loads-while-the-dashboard-runs). Either way a process opens a file
    once (one connection, a cursor per thread), and waits up to `timeout` seconds
    (`$SALESDASH_LOCK_TIMEOUT`, else 120) for another process to finish with it, telling `on_wait`.

    Raises StoreLockedError when the wait times out, StoreDamagedError when the file is not readable.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        hold: str = "open",
        timeout: float | None = None,
        on_wait: Waiting | None = None,
    ) -> None:
        self.path = default_db_path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.read_only = read_only
        self.timeout = lock_timeout() if timeout is None else timeout
        self.on_wait = on_wait if on_wait is not None else _tell_stderr
        self._handle = _handle(self.path)
        self._local = threading.local()
        self._per_thread = hold == "thread"
        self._holder: int | None = None
        if not self._per_thread:
            self._handle.acquire(read_only, self.timeout, self.on_wait)
            self._holder = threading.get_ident()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The process's connection to the file (held for this thread in the dashboard)."""
        self._hold_for_thread()
        con = self._handle.con
        if con is None:
            raise StoreLockedError(key="error.store.closed", path=self.path)
        return con

    @property
    def _write_lock(self) -> threading.RLock:
        return self._handle.write_lock

    def _hold_for_thread(self) -> None:
        if not self._per_thread or getattr(self._local, "held", False):
            return
        self._handle.acquire(self.read_only, self.timeout, self.on_wait)
        self._local.held = True
        owner = threading.current_thread()
        hold = threading.Thread(target=self._release_after, args=(owner,), name="salesdash-hold", daemon=True)
        with self._handle.mutex:
            self._handle.holds[hold] = owner
        hold.start()

    def _release_after(self, owner: threading.Thread) -> None:
        owner.join()
        try:
            self._handle.release(owner.ident or 0)
        finally:
            with self._handle.mutex:
                self._handle.holds.pop(threading.current_thread(), None)

    def close(self) -> None:
        """Give the file back (the last user of this process closes it); later calls do nothing."""
        if self._holder is not None:
            holder, self._holder = self._holder, None
            self._handle.release(holder)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection (DuckDB connections are not thread-safe)."""
        con = self.con
        found = getattr(self._local, "cursor", None)
        if found is None or found[0] != self._handle.generation:  # the file was closed and opened since
            found = self._local.cursor = (self._handle.generation, self._handle.track(con.cursor()))
            self._local.ibis = None
        return found[1]

    def ibis(self) -> ibis.BaseBackend:
        """This thread's Ibis backend over its cursor."""
        cur = self.cursor()
        backend = getattr(self._local, "ibis", None)
        if backend is None:
            backend = self._local.ibis = ibis.duckdb.from_connection(cur)
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

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read of this thread inside the block sees one committed state (DuckDB's snapshot isolation),
        so the figures of one page run never mix the data before and after an upload that commits meanwhile
        (docs/operations.md, "Many users at once"). Writes use cursors of their own and are not affected."""
        cur = self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield
        finally:
            # Nothing was written on this cursor, so ending the read is enough; if the file was closed and
            # reopened meanwhile (a restore), that transaction is gone already.
            with contextlib.suppress(duckdb.Error):
                cur.execute("ROLLBACK")

    # --- writing -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write; the data version moves on when it commits."""
        with self._write_lock:
            cur = self._handle.track(self.con.cursor())
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


def open_in_this_process(path: str | os.PathLike[str]) -> bool:
    """Whether a store of this process holds the file at `path` now."""
    with _HANDLES_LOCK:
        found = _HANDLES.get(Path(path).resolve())
    return found is not None and bool(found.users)
