"""`python -m salesdash …`: demo, ingest, batches, undo, kpis (docs/cli.md).

Exit 0 on success, 1 when input is rejected (the store unchanged), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

import duckdb

from salesdash import backup as backup_commands
from salesdash import inbox as inbox_commands
from salesdash.backends import command as backend_commands
from salesdash.errors import SalesdashError
from salesdash.filters import COMPARISONS, Filters
from salesdash.ingest import cli as ingest_commands
from salesdash.kpis import HEADLINE
from salesdash.store import Store, damage, default_db_path

__all__ = ["main"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _values(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def _cmd_demo(args: argparse.Namespace) -> int:
    from salesdash.demo import build_demo

    with Store(args.db) as store:
        counts = build_demo(store, orders=args.orders, seed=args.seed, lang=args.lang, progress=_progress)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def _cmd_kpis(args: argparse.Namespace) -> int:
    from salesdash.backends.connect import backend_url, tables_for
    from salesdash.kpis import kpis

    filters = Filters(
        start=args.start,
        end=args.end,
        compare=args.compare,
        region=args.region,
        team=args.team,
        rep=args.rep,
        category=args.category,
        segment=args.segment,
    )
    with Store(args.db) as store:
        result = kpis(tables_for(backend_url(), store), filters)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, allow_nan=False))
    else:
        _print_table(result)
    return 0


def _print_table(result: dict[str, Any]) -> None:
    window = result["window"]
    print(f"window      {window['start']} … {window['end']}")
    for key in HEADLINE:
        print(f"{key:<18}{_show(result[key])}")
    for key, value in result["pipeline"].items():
        print(f"pipeline.{key:<9}{_show(value)}")
    for tier, figures in result["tiers"].items():
        print(f"tier {tier}            {_show(figures['customers'])} customers, {_show(figures['revenue'])}")


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}" if isinstance(value, float) and abs(value) < 10 else f"{value:,.2f}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m salesdash", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the demo data set (deterministic per seed)")
    demo.add_argument("--db")
    demo.add_argument("--orders", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--lang", choices=("en", "zh"), default="en")
    demo.set_defaults(func=_cmd_demo)

    figures = commands.add_parser("kpis", help="print the headline figures")
    figures.add_argument("--db")
    figures.add_argument("--start", type=_day)
    figures.add_argument("--end", type=_day)
    figures.add_argument("--compare", choices=COMPARISONS, default="previous")
    for dimension in ("region", "team", "rep", "category", "segment"):
        figures.add_argument(f"--{dimension}", type=_values, default=(), help="one value or several, comma-separated")
    figures.add_argument("--json", action="store_true")
    figures.set_defaults(func=_cmd_kpis)

    ingest_commands.register(commands)
    backend_commands.register(commands)
    backup_commands.register(commands)
    inbox_commands.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 after --help
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except SalesdashError as exc:
        print(f"salesdash: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:  # a damaged block shows when a query first reads it
        damaged = damage(exc, default_db_path(getattr(args, "db", None)))
        if damaged is None:
            raise
        print(f"salesdash: {damaged}", file=sys.stderr)
        return 1
