"""`ingest`, `batches` and `undo` subcommands (docs/cli.md). Exit 0 ok, 1 input rejected, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from salesdash.access import command_line_identity
from salesdash.errors import InputError, SalesdashError
from salesdash.ingest.load import MODES, list_batches, undo
from salesdash.ingest.pipeline import IngestResult, UploadRejected, ingest_file, ingest_sheets, set_stage_map
from salesdash.ingest.readers import DEFAULT_MAX_BYTES
from salesdash.ingest.stages import STAGE_MAP_KEY
from salesdash.schema import STAGES, TABLES
from salesdash.store import Store, default_db_path

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add `ingest`, `batches` and `undo` to the `python -m salesdash` parser."""
    p = subparsers.add_parser("ingest", help="load exports (CSV, TSV, Parquet, XLSX, XLS) into the database")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db")
    p.add_argument("--table", choices=sorted(TABLES), help="table kind (guessed when absent)")
    p.add_argument("--map", action="append", default=[], metavar="SOURCE=FIELD", help="column mapping override")
    p.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="workbook sheet (default: the first); repeat for several sheets, or 'all' for every sheet "
        "with the first sheet's header row; one batch per sheet",
    )
    p.add_argument("--mode", choices=MODES, default="upsert")
    p.add_argument("--date-format", help="DMY, MDY, YMD or a strptime pattern such as %%d.%%m.%%Y")
    p.add_argument(
        "--decimal",
        choices=(",", "."),
        help="the decimal mark of number columns the file leaves ambiguous (e.g. 18.500)",
    )
    p.add_argument("--units", type=float, default=1, help="multiply money columns, e.g. 1000 for thousands")
    p.add_argument("--max-reject", type=int, default=0, help="load when at most N rows are rejected")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    p.add_argument("--year", type=int, help="year of month columns that carry none (1月…12月, Jan…Dec)")
    p.add_argument(
        "--stage",
        action="append",
        default=[],
        metavar="NAME=STAGE",
        help=f"map a stage name of the file onto a standard stage ({', '.join(STAGES)}); saved for later uploads",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_ingest)
    b = subparsers.add_parser("batches", help="upload history")
    b.add_argument("--db")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=_batches)
    u = subparsers.add_parser("undo", help="undo an upload batch")
    u.add_argument("batch_id", type=int, metavar="BATCH_ID")
    u.add_argument("--db")
    u.set_defaults(func=_undo)


def _mapping(pairs: list[str], option: str = "--map", what: str = "SOURCE=FIELD") -> dict[str, str]:
    out = {}
    for pair in pairs:
        source, sep, target = pair.rpartition("=")
        if not sep or not source:
            raise SystemExit(_usage(f"{option} expects {what}, got {pair!r}"))
        out[source] = target
    return out


def _stages(pairs: list[str]) -> dict[str, str]:
    stages = _mapping(pairs, "--stage", "NAME=STAGE")
    bad = [v for v in stages.values() if v not in STAGES]
    if bad:
        raise SystemExit(_usage(f"--stage: {bad[0]!r} is not a standard stage; use one of {', '.join(STAGES)}"))
    return stages


def _usage(message: str) -> int:
    print(f"salesdash: {message}", file=sys.stderr)
    return 2


def _ingest(args: argparse.Namespace) -> int:
    try:
        mapping = _mapping(args.map)
        stages = _stages(args.stage)
    except SystemExit as exc:
        return int(exc.code or 2)
    results: list[IngestResult] = []
    try:
        with Store(default_db_path(args.db)) as store:
            if stages:  # saved like a mapping chosen on the Data page (docs/uploads.md, "Stages")
                set_stage_map(store, {**store.setting(STAGE_MAP_KEY, {}), **stages}, command_line_identity())
            for file in args.files:
                options = dict(
                    table=args.table,
                    mapping=mapping or None,
                    mode=args.mode,
                    date_format=args.date_format,
                    decimal=args.decimal,
                    units=args.units,
                    max_reject=args.max_reject,
                    max_bytes=args.max_bytes,
                    year=args.year,
                    user=command_line_identity(),
                )
                if args.sheet and (len(args.sheet) > 1 or args.sheet == ["all"]):
                    sheets = "all" if args.sheet == ["all"] else args.sheet
                    results.extend(ingest_sheets(store, file, sheets, **options))
                else:
                    results.append(ingest_file(store, file, sheet=args.sheet[0] if args.sheet else None, **options))
    except UploadRejected as exc:
        _print(args, [*results, exc.result], error=str(exc))
        return 1
    except SalesdashError as exc:
        _print(args, results, error=str(exc))
        return 1
    _print(args, results)
    return 0


def _print(args: argparse.Namespace, results: list[IngestResult], error: str | None = None) -> None:
    if args.json:
        objs = [r.to_json() for r in results]
        if error and (not results or not objs[-1]["errors"]):
            objs.append(
                {
                    "batch_id": None,
                    "table": None,
                    "rows_read": 0,
                    "rows_loaded": 0,
                    "rows_rejected": 0,
                    "mapping": {},
                    "confidence": {},
                    "warnings": [],
                    "errors": [error],
                }
            )
        print(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, default=str))
    else:
        for r in results:
            label = f"{r.file} [{r.sheet}]" if r.sheet and not r.file.endswith(f" [{r.sheet}]") else r.file
            if r.already_loaded:
                print(f"{label}: already loaded as batch {r.batch_id}; nothing changed.")
            elif r.batch_id is not None:
                print(
                    f"{label}: batch {r.batch_id} → {r.table}: {r.rows_loaded} of {r.rows_read} rows loaded "
                    f"({r.inserted} inserted, {r.updated} updated, {r.unchanged} unchanged, {r.rows_rejected} rejected)"
                )
            for w in r.warnings:
                print(f"  warning: {w}")
        if error:
            print(f"salesdash: {error}", file=sys.stderr)
            for r in results[-1:]:
                for line in r.errors:
                    print(f"  {line}", file=sys.stderr)


def _batches(args: argparse.Namespace) -> int:
    try:
        with Store(default_db_path(args.db)) as store:
            frame = list_batches(store)
    except SalesdashError as exc:
        print(f"salesdash: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False) if len(frame) else "no uploads yet")
    return 0


def _undo(args: argparse.Namespace) -> int:
    try:
        with Store(default_db_path(args.db)) as store:
            counts = undo(store, args.batch_id, command_line_identity())
    except (InputError, SalesdashError) as exc:
        print(f"salesdash: {exc}", file=sys.stderr)
        return 1
    print(f"batch {args.batch_id} undone: {counts.deleted} rows removed, {counts.inserted} rows restored.")
    return 0
