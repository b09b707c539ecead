"""`python -m salesdash`: the command line (SPEC §5). Subcommands are registered by their packages."""

from __future__ import annotations

import argparse

from salesdash.ingest import cli as ingest_cli

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesdash", description="Sales-management BI dashboard")
    subparsers = parser.add_subparsers(dest="command", required=True)
    ingest_cli.register(subparsers)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return int(args.func(args))
