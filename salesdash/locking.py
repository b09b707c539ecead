"""Turns on the database file between processes: one writer at a time, readers together, a waiting
writer first (docs/operations.md#scheduled-loads-while-the-dashboard-runs).

Two lock files sit beside the database, locked with `flock` (so two threads of one process that open
them separately exclude each other too):

- `<db>.lock`: held for as long as a process has the DuckDB file open — exclusively when it may write,
  shared when it only reads (`read_only`), so read-only commands run side by side.
- `<db>.queue`: taken briefly by everyone on the way to `<db>.lock`, and held by whoever waits for it.
  So a load waiting for the dashboard to finish its page runs is not overtaken by new page runs.

Waiting polls with a growing pause (`flock` itself has no timeout) and ends with `StoreLockedError`
when `timeout` seconds pass. Where `flock` is missing (Windows) or the folder is read-only, the turns
are skipped and DuckDB's own lock is the only guard: a second process then fails at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from salesdash.errors import StoreLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_TIMEOUT", "Turn", "Waiting", "lock_timeout", "take_turn", "wait_in_queue"]

DEFAULT_TIMEOUT = 120.0
Waiting = Callable[[str], None]


def lock_timeout() -> float:
    """Seconds a command waits for the database: `$SALESDASH_LOCK_TIMEOUT`, else 120."""
    value = os.environ.get("SALESDASH_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(value)) if value.strip() else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


class Turn:
    """A held lock file; `release()` gives it back (idempotent)."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _open(path: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        try:
            return os.open(path, os.O_RDONLY)
        except OSError:
            return None  # a read-only folder without lock files: DuckDB's lock guards alone


def _lock(
    path: Path, exclusive: bool, timeout: float, db: Path, on_wait: Waiting | None, total: float | None = None
) -> Turn:
    fd = _open(path)
    if fd is None or fcntl is None:
        return Turn(None)
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline, pause, told = time.monotonic() + timeout, 0.01, False
    while True:
        try:
            fcntl.flock(fd, mode)
            return Turn(fd)
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            os.close(fd)
            waited = timeout if total is None else total
            raise StoreLockedError(key="error.store.busy", path=db, seconds=f"{waited:g}")
        if not told and on_wait is not None:
            on_wait(f"The database {db} is in use by another salesdash process; waiting for its turn …")
            told = True
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.2)


def _paths(db: Path) -> tuple[Path, Path]:
    return db.with_name(db.name + ".lock"), db.with_name(db.name + ".queue")


def take_turn(db: Path, *, exclusive: bool, timeout: float, on_wait: Waiting | None = None) -> Turn:
    """Wait in the queue, then hold `<db>.lock` (exclusive to write, shared to read) until released.

    Raises
    ------
    StoreLockedError
        When another process keeps the file for more than `timeout` seconds.
    """
    lock, queue = _paths(db)
    started = time.monotonic()
    place = _lock(queue, True, timeout, db, on_wait)
    try:
        return _lock(lock, exclusive, max(0.0, timeout - (time.monotonic() - started)), db, on_wait, timeout)
    finally:
        place.release()


def wait_in_queue(db: Path, *, timeout: float, on_wait: Waiting | None = None) -> None:
    """Pass through the queue: returns at once unless a process waits for `<db>.lock`."""
    _lock(_paths(db)[1], True, timeout, db, on_wait).release()
