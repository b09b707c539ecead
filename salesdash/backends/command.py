"""`python -m salesdash export-to URL`: copy the canonical tables to another engine (docs/engines.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from salesdash.backends.connect import connect
from salesdash.backends.copy import copy_tables
from salesdash.schema import TABLES
from salesdash.store import Store

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add `export-to URL [--db PATH] [--tables NAME ...]` to the `python -m salesdash` commands."""
    command = subparsers.add_parser(
        "export-to",
        help="copy the canonical tables from the DuckDB store to another engine (SALESDASH_BACKEND URL)",
    )
    command.add_argument("url", help="engine URL, e.g. pyspark:///data/warehouse, sc://host:15002, postgres://…")
    command.add_argument("--db")
    command.add_argument("--tables", nargs="+", choices=sorted(TABLES), metavar="TABLE", help="default: all")
    command.set_defaults(func=_cmd_export_to)


def _cmd_export_to(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        backend = connect(args.url)
        copied = copy_tables(store, backend, _names(args.tables), progress=_progress)
    print(json.dumps(copied))
    return 0


def _names(chosen: Sequence[str] | None) -> list[str]:
    return list(chosen) if chosen else list(TABLES)


def _progress(name: str, rows: int) -> None:
    print(f"copied {name}: {rows} rows", file=sys.stderr)
