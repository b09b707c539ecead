"""Backups and restore of the salesdash database file.

A backup is a complete DuckDB file written through the store's own connection: `CHECKPOINT` under the
store's write lock, then `ATTACH` the new file and `COPY FROM DATABASE` into it inside one transaction.
The copy reads one snapshot, so a backup holds every upload committed before it began entirely, and
none committed during it at all; uploads are not held up while it runs. Because it runs inside the
process that has the file open, the dashboard can take it while it serves users (the Settings page calls
`backup(state.store(), user=identity)`); from the command line it waits for its turn like every command
(docs/operations.md#scheduled-loads-while-the-dashboard-runs).

A restore first checks that the backup opens as a salesdash database — every canonical and
bookkeeping table present, every block readable — then swaps it in for the database file
atomically (`os.replace` of a verified temporary copy), during an exclusive turn on the file: a running
dashboard waits meanwhile and opens the restored file at its next page run. The restored file gets a data
version above both files' so that no figure cached for the old file is ever shown for it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from salesdash.access import Identity, authorize, command_line_identity
from salesdash.errors import SalesdashError, StoreLockedError
from salesdash.locking import lock_timeout, take_turn
from salesdash.schema import TABLES
from salesdash.store import Store, damage, default_db_path, open_in_this_process

__all__ = ["BackupError", "backup", "default_backup_path", "register", "restore", "verify_file"]

BOOKKEEPING = ("_meta", "_settings", "_batches", "_audit")
LOCKED_BY_APP = (
    "another process kept the database for longer than the wait (SALESDASH_LOCK_TIMEOUT): try again when "
    "its upload or backup is done, or use Settings → Backup in the dashboard"
)


class BackupError(SalesdashError):
    """A backup or restore was refused; the message says why and what to do."""


def default_backup_path(db_path: str | os.PathLike[str]) -> Path:
    """`<db folder>/backups/<db name>-YYYYMMDD-HHMMSS.duckdb`."""
    db = Path(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return db.parent / "backups" / f"{db.stem}-{stamp}.duckdb"


def backup(store: Store, dest: str | os.PathLike[str] | None = None, *, user: Identity) -> dict[str, Any]:
    """Write a consistent copy of the store's database to `dest` (a new DuckDB file).

    Every upload, undo and setting change committed before the backup starts is in it entirely; none
    that commits after is in it at all. The file appears under its name only once it is complete.

    `user` is the acting access.Identity: only admins take backups (AccessDenied otherwise, docs/access.md).

    Returns
    -------
    dict
        ``path``, ``bytes``, ``seconds``, ``data_version`` and ``rows`` (per table).
    """
    name = authorize(user, "backup")
    target = Path(dest) if dest is not None else default_backup_path(store.path)
    if target.exists():
        raise BackupError(key="error.backup.exists", target=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    _remove(partial)
    started = time.perf_counter()
    cur = store.con.cursor()
    try:
        with store._write_lock:  # fold the log into the file; uploads wait only for this
            cur.execute("CHECKPOINT")
        _copy(cur, partial)
    except duckdb.Error as exc:
        _remove(partial)
        damaged = damage(exc, store.path)
        if damaged is not None:
            raise damaged from None
        raise BackupError(key="error.backup.failed", target=target, reason=str(exc).splitlines()[0]) from None
    finally:
        cur.close()
    os.replace(partial, target)
    report = verify_file(target)
    store.audit(store.cursor(), name, "backup", {"path": str(target)})
    return {"path": str(target), "bytes": target.stat().st_size, "seconds": time.perf_counter() - started, **report}


def _copy(cur: duckdb.DuckDBPyConnection, partial: Path) -> None:
    """Copy every table into a new file inside one read transaction: one snapshot, uploads go on."""
    source = cur.execute("SELECT current_database()").fetchall()[0][0]
    cur.execute(f"ATTACH '{_quoted(partial)}' AS salesdash_backup")
    try:
        cur.execute("BEGIN TRANSACTION")
        cur.execute(f'COPY FROM DATABASE "{source}" TO salesdash_backup')
        cur.execute("COMMIT")
    except duckdb.Error:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.execute("DETACH salesdash_backup")


def verify_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Check that `path` is a readable salesdash database; its data version and row counts.

    Every block of every table is read (a damaged block fails its checksum), so this takes about as
    long as reading the whole file once.
    """
    file = Path(path)
    if not file.is_file():
        raise BackupError(key="error.backup.no_file", file=file)
    try:
        con = duckdb.connect(str(file), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(key="error.backup.unreadable", file=file, reason=str(exc).splitlines()[0]) from None
    try:
        return _inspect(con, file)
    except duckdb.Error as exc:
        raise BackupError(key="error.backup.damaged", file=file, reason=str(exc).splitlines()[0]) from None
    finally:
        con.close()


def _inspect(con: duckdb.DuckDBPyConnection, file: Path) -> dict[str, Any]:
    present = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    missing = sorted({*TABLES, *BOOKKEEPING} - present)
    if missing:
        raise BackupError(key="error.backup.no_tables", file=file, tables=", ".join(missing))
    rows = {}
    for name in sorted(present):
        # hash() of every row reads every block, so a damaged one fails its checksum here.
        rows[name] = int(con.execute(f'SELECT count(*), sum(hash(t)) FROM "{name}" AS t').fetchall()[0][0])
    version = con.execute("SELECT value FROM _meta WHERE key = 'data_version'").fetchall()
    if not version:
        raise BackupError(key="error.backup.no_version", file=file)
    return {"data_version": int(version[0][0]), "rows": rows}


def restore(backup_path: str | os.PathLike[str], db_path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Replace the database at `db_path` by the backup, after checking the backup.

    The database is unchanged when the backup is not a readable salesdash database, or while another
    process (the dashboard, a load) holds it. The previous file is kept as `<db>.before-restore`.
    """
    source, db = Path(backup_path), default_db_path(db_path)
    verify_file(source)
    if open_in_this_process(db):
        raise BackupError(key="error.backup.open_here", path=db)
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        turn = take_turn(db, exclusive=True, timeout=lock_timeout(), on_wait=_tell)
    except StoreLockedError:
        raise BackupError(key="error.backup.busy_restore", path=db) from None
    try:
        return _swap_in(source, db)
    finally:
        turn.release()


def _swap_in(source: Path, db: Path) -> dict[str, Any]:
    previous = _release(db) if db.exists() else 0
    partial = db.with_name(f".{db.name}.restoring")
    _remove(partial)
    shutil.copyfile(source, partial)
    _advance_version(partial, previous)
    report = verify_file(partial)
    _remove(Path(f"{db}.wal"))  # a log of the old file must never be replayed onto the restored one
    if db.exists():
        _keep(db, Path(f"{db}.before-restore"))
    os.replace(partial, db)
    return {"path": str(db), "from": str(source), **report}


def _advance_version(partial: Path, previous: int) -> None:
    """A running dashboard keys its cached figures by the data version: the restored file must never
    repeat a version the old file had, or the dashboard could show the old file's figures for it."""
    with duckdb.connect(str(partial)) as con:
        con.execute(
            "UPDATE _meta SET value = CAST(greatest(CAST(value AS BIGINT), ?) + 1 AS VARCHAR) "
            "WHERE key = 'data_version'",
            [previous],
        )


def _tell(message: str) -> None:
    print(f"salesdash: {message}", file=sys.stderr)


def _release(db: Path) -> int:
    """The data version of `db` after folding its log into it (0 when damaged: what a restore is for).
    Fails when a process that does not take turns (an older salesdash, DuckDB's own shell) holds it."""
    try:
        con = duckdb.connect(str(db))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise BackupError(key="error.backup.busy_restore", path=db) from None
        return 0
    except duckdb.Error:
        return 0
    try:
        rows = con.execute("SELECT value FROM _meta WHERE key = 'data_version'").fetchall()
        return int(rows[0][0]) if rows else 0
    except (duckdb.Error, ValueError):
        return 0
    finally:
        con.close()


def _keep(db: Path, kept: Path) -> None:
    _remove(kept)
    try:
        os.link(db, kept)  # a second name, not a copy: costs no space
    except OSError:
        shutil.copyfile(db, kept)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


# --- command line -------------------------------------------------------------
def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        store = Store(args.db)
    except StoreLockedError:
        raise BackupError(key="error.backup.busy", path=default_db_path(args.db)) from None
    with store:
        report = backup(store, args.dest, user=command_line_identity())
    print(
        f"backup {report['path']}: {report['bytes']:,} bytes, data version {report['data_version']}, "
        f"{report['rows']['orders']:,} orders, {report['seconds']:.1f} s"
    )
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    report = restore(args.backup, args.db)
    print(
        f"restored {report['path']} from {report['from']}: data version {report['data_version']}, "
        f"{report['rows']['orders']:,} orders"
    )
    return 0


def register(commands: Any) -> None:
    """Add `backup DEST [--db]` and `restore BACKUP [--db]` to the CLI's subcommands."""
    save = commands.add_parser("backup", help="write a consistent copy of the database to a new file")
    save.add_argument("dest", nargs="?", help="the new file (default: data/backups/<db>-<time>.duckdb)")
    save.add_argument("--db")
    save.set_defaults(func=_cmd_backup)
    load = commands.add_parser("restore", help="replace the database by a backup, after checking it")
    load.add_argument("backup")
    load.add_argument("--db")
    load.set_defaults(func=_cmd_restore)
