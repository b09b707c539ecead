"""The inbox folder: exports dropped into it are loaded, one upload per file (docs/operations.md#the-inbox-folder).

`python -m salesdash inbox` makes one pass (for cron); `--watch` keeps passing every few seconds. A pass
loads every ready file with the mapping saved for its header shape (else the guess `ingest` makes), then
moves it: a loaded file (or one loaded before: same content, same table) to `loaded/`, a refused one to
`rejected/` beside `<file>.txt`, which gives the reasons in the configured language (setting
`default_lang`). A file is ready when its name does not end in `.part`, `.tmp`, `.crdownload` or start
with `.`, and it has not changed for `settle` seconds (a copy still running keeps touching it).

Each file is one `ingest` (one transaction, one batch in the upload history); the store is opened per
file, so the dashboard keeps serving between files.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesdash.access import Identity
from salesdash.errors import SalesdashError, StoreDamagedError, StoreLockedError, error_text
from salesdash.i18n import normalize_lang, t
from salesdash.ingest.messages import notice_text
from salesdash.ingest.pipeline import UploadRejected, ingest_file
from salesdash.store import Store, default_db_path

__all__ = ["INCOMPLETE", "InboxResult", "inbox_folder", "ready_files", "register", "run_once"]

# Names a copy in progress carries: the sender renames the file when it is complete.
INCOMPLETE = (".part", ".partial", ".tmp", ".crdownload", ".filepart")
LOADED, REJECTED = "loaded", "rejected"
DEFAULT_SETTLE = 5.0


@dataclass(frozen=True)
class InboxResult:
    """What a pass did with one file: `status` is loaded, already_loaded or rejected; `moved_to` its new path."""

    file: str
    status: str
    moved_to: Path
    batch_id: int | None = None
    rows_loaded: int = 0
    reasons: tuple[str, ...] = ()


def inbox_folder(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """`--folder PATH`, else `$SALESDASH_INBOX`, else None (the inbox is off)."""
    value = explicit or os.environ.get("SALESDASH_INBOX")
    return Path(value) if value else None


def ready_files(folder: Path, settle: float = DEFAULT_SETTLE, now: float | None = None) -> list[Path]:
    """Files of `folder` (not its subfolders) that are complete: no copy-in-progress name, unchanged
    for `settle` seconds. Oldest first."""
    now = time.time() if now is None else now
    found = []
    for path in folder.iterdir():
        if path.name.startswith(".") or path.name.lower().endswith(INCOMPLETE) or not path.is_file():
            continue
        stat = path.stat()
        if now - stat.st_mtime >= settle and stat.st_size > 0:
            found.append((stat.st_mtime, path.name, path))
    return [path for _, _, path in sorted(found)]


def run_once(
    db: str | os.PathLike[str] | None,
    folder: Path,
    *,
    settle: float = DEFAULT_SETTLE,
    user: Identity | None = None,
    report: Callable[[InboxResult], None] | None = None,
) -> list[InboxResult]:
    """Load every ready file of `folder` into the store at `db`, each as its own upload, and move it.

    `user` is the acting identity (default: an admin audited as `inbox`: whoever can drop files into the folder
    the server reads can write the database file anyway). Raises StoreLockedError or StoreDamagedError (the
    file stays in the inbox for the next pass).
    """
    user = user or Identity("inbox", "admin", mode="local")
    for sub in (LOADED, REJECTED):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    results = []
    for path in ready_files(folder, settle):
        result = _load_one(db, path, folder, user)
        results.append(result)
        if report is not None:
            report(result)
    return results


def _load_one(db: str | os.PathLike[str] | None, path: Path, folder: Path, user: Identity) -> InboxResult:
    with Store(db) as store:
        lang = normalize_lang(str(store.setting("default_lang", "zh")))
        try:
            loaded = ingest_file(store, path, user=user)
        except (StoreLockedError, StoreDamagedError):
            raise
        except SalesdashError as exc:
            reasons = _reasons(exc, lang)
            moved = _move(path, folder / REJECTED)
            _write_reasons(moved, path.name, reasons, lang)
            with store.transaction() as cur:
                store.audit(cur, user.user, "inbox_rejected", {"file": path.name, "reasons": list(reasons)})
            return InboxResult(path.name, "rejected", moved, reasons=reasons)
    status = "already_loaded" if loaded.already_loaded else "loaded"
    moved = _move(path, folder / LOADED)
    return InboxResult(path.name, status, moved, loaded.batch_id, loaded.rows_loaded)


def _reasons(exc: SalesdashError, lang: str) -> tuple[str, ...]:
    reasons = [error_text(exc, lang)]
    if isinstance(exc, UploadRejected):
        reasons += [reject.message(lang) for reject in exc.result.rejects[:200]]
        reasons += [notice_text(w, lang) for w in exc.result.warnings]
    return tuple(reasons)


def _write_reasons(moved: Path, name: str, reasons: tuple[str, ...], lang: str) -> None:
    lines = [t("inbox.rejected_header", lang, file=name), "", *(f"- {reason}" for reason in reasons), ""]
    lines.append(t("inbox.rejected_next", lang))
    moved.with_name(moved.name + ".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _move(path: Path, into: Path) -> Path:
    """Move `path` into `into` under its name, or `name (2).ext`, … when that is taken: never overwrite."""
    for candidate in _names(path.name, into):
        try:
            os.link(path, candidate)  # fails when the name exists: no race with another pass
        except FileExistsError:
            continue
        path.unlink()
        return candidate
    raise AssertionError("unreachable")


def _names(name: str, into: Path) -> Iterator[Path]:
    yield into / name
    stem, dot, suffix = name.partition(".")
    n = 2
    while True:
        yield into / f"{stem} ({n}){dot}{suffix}"
        n += 1


# --- command line -------------------------------------------------------------
def _say(result: InboxResult) -> None:
    if result.status == "loaded":
        print(f"{result.file}: loaded as batch {result.batch_id} ({result.rows_loaded} rows) → {result.moved_to}")
    elif result.status == "already_loaded":
        print(f"{result.file}: already loaded as batch {result.batch_id}; nothing changed → {result.moved_to}")
    else:
        print(f"{result.file}: refused → {result.moved_to} (reasons in {result.moved_to.name}.txt)", file=sys.stderr)
        for reason in result.reasons[:5]:
            print(f"  {reason}", file=sys.stderr)


def _cmd_inbox(args: argparse.Namespace) -> int:
    folder = inbox_folder(args.folder)
    if folder is None:
        print("salesdash: the inbox is off: set SALESDASH_INBOX=FOLDER or pass --folder FOLDER.", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"salesdash: the inbox folder {folder} does not exist; create it first.", file=sys.stderr)
        return 2
    db = default_db_path(args.db)
    refused = False
    try:
        while True:
            results = run_once(db, folder, settle=args.settle, report=_say)
            refused = refused or any(r.status == "rejected" for r in results)
            if not args.watch:
                break
            time.sleep(args.every)
    except KeyboardInterrupt:  # stopping --watch (Ctrl-C, a service manager's SIGINT) is its normal end
        pass
    return 1 if refused else 0


def register(commands: Any) -> None:
    """Add `inbox [--folder F] [--watch] [--every S] [--settle S] [--db]` to the CLI."""
    inbox = commands.add_parser("inbox", help="load the files dropped into the inbox folder ($SALESDASH_INBOX)")
    inbox.add_argument("--folder", help="the inbox folder (default: $SALESDASH_INBOX)")
    inbox.add_argument("--db")
    inbox.add_argument("--watch", action="store_true", help="keep watching instead of one pass")
    inbox.add_argument("--every", type=float, default=10.0, help="seconds between passes with --watch")
    inbox.add_argument(
        "--settle", type=float, default=DEFAULT_SETTLE, help="seconds a file must stay unchanged before loading"
    )
    inbox.set_defaults(func=_cmd_inbox)
