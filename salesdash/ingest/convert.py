"""The staging SELECT: text columns of a file to typed canonical fields, derived fields and a reject reason.

Everything runs in DuckDB in one pass; `__err` holds, for a rejected row, `field␟reason␟value`, where
reason is the key of its text in salesdash/locales/ingest.py (`ingest.reject.<reason>`).
Derivations (docs/tables.md): ids from names when ids are absent, revenue = quantity × unit_price × (1 − discount),
targets' level from the finest of rep_id / team / region, periods normalised, stages mapped, status from stage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from salesdash.ingest.dates import DateFormat, date_sql, period_sql
from salesdash.ingest.numbers import DEFAULT_MISSING, bind_missing, missing_sql, number_sql, other_style_sql
from salesdash.ingest.sqltext import Params, quote_ident
from salesdash.ingest.stages import stage_sql
from salesdash.schema import DATE, INTEGER, MONEY, NUMBER, TEXT, Table

__all__ = ["StagePlan", "stage_select"]

_NAME_FOR_ID = {"customer_id": "customer_name", "rep_id": "rep_name", "product_id": "product_name"}
# Fields that must not be negative or must be fractions.
_NON_NEGATIVE = ("target", "market_size", "competitor_sales", "hours", "amount", "list_price", "unit_cost")
_FRACTION = ("discount", "probability")


@dataclass
class StagePlan:
    """What the staging query needs to know besides the mapping."""

    table: Table
    mapping: Mapping[str, str]  # field -> source column (already unpivoted names for wide files)
    date_formats: Mapping[str, DateFormat]
    decimals: Mapping[str, str] = dataclasses.field(default_factory=dict)  # field -> "." or ","
    missing: tuple[str, ...] = DEFAULT_MISSING
    units: float = 1.0
    stage_map: Mapping[str, str] | None = None
    today: dt.date = dataclasses.field(default_factory=dt.date.today)
    synthesize_order_id: bool = False
    all_columns: tuple[str, ...] = ()


def _typed(plan: StagePlan, name: str, src: str, p: Params) -> str:
    dtype = plan.table.field(name).dtype
    if name in ("period",) and plan.table.name in ("targets", "market"):
        return period_sql(src)[0]
    if name == "stage":
        return stage_sql(src, plan.stage_map or {}, p)
    if dtype == DATE:
        return date_sql(src, plan.date_formats.get(name, DateFormat("ISO", ("%Y-%m-%d",))), p)
    if dtype in (MONEY, NUMBER, INTEGER):
        value = number_sql(src, plan.decimals.get(name, "."))
        if dtype == MONEY and plan.units != 1:
            value = f"({value}) * {p(float(plan.units))}"
        return value
    return f"trim({src})"


def _clean_name(column: str) -> str:
    return quote_ident("__clean_" + column)


def _clean_columns(plan: StagePlan, tokens: str) -> str:
    """Each mapped column once more, with missing-value tokens as NULL (docs/uploads.md#missing-values)."""
    cols = dict.fromkeys(plan.mapping.values())
    return ", ".join(
        f"CASE WHEN {missing_sql(quote_ident(c), tokens)} THEN NULL ELSE {quote_ident(c)} END AS {_clean_name(c)}"
        for c in cols
    )


def _base_columns(plan: StagePlan, p: Params) -> list[str]:
    cols = []
    for f in plan.table.fields:
        src = plan.mapping.get(f.name)
        if src is None:
            cols.append(f"CAST(NULL AS {f.dtype}) AS {quote_ident(f.name)}")
            continue
        cols.append(f"{_typed(plan, f.name, _clean_name(src), p)} AS {quote_ident(f.name)}")
        cols.append(f"{quote_ident(src)} AS {quote_ident('__raw_' + f.name)}")
    if plan.table.name in ("targets", "market") and "period" in plan.mapping:
        _, start, end = period_sql(_clean_name(plan.mapping["period"]))
        cols = [c for c in cols if not c.endswith(('"period_start"', '"period_end"'))]
        cols += [f"{start} AS period_start", f"{end} AS period_end"]
    if plan.synthesize_order_id:
        content = ", ".join(f"coalesce({quote_ident(c)}, '')" for c in plan.all_columns)
        cols = [c for c in cols if not c.endswith('"order_id"')]
        cols.append(f"'R' || substr(md5(concat_ws(chr(31), {content})), 1, 16) AS order_id")
    return cols


def _derived(plan: StagePlan, p: Params, tokens: str) -> dict[str, str]:
    t, m = plan.table.name, plan.mapping
    out: dict[str, str] = {}
    for id_field, name_field in _NAME_FOR_ID.items():
        if id_field in plan.table.field_names and name_field in plan.table.field_names and name_field in m:
            out[id_field] = f"coalesce({id_field}, {name_field})"
    if t == "orders":
        # Derived only where the revenue cell is empty: an unreadable one rejects its row (docs/uploads.md#numbers).
        derive = "quantity * unit_price * (1 - coalesce(discount, 0))"
        empty = missing_sql('"__raw_revenue"', tokens) if "revenue" in m else "TRUE"
        out["revenue"] = f"CASE WHEN revenue IS NULL AND {empty} THEN {derive} ELSE revenue END"
    if t == "targets":
        out["level"] = (
            "CASE WHEN rep_id IS NOT NULL THEN 'rep' WHEN team IS NOT NULL THEN 'team' "
            "WHEN region IS NOT NULL THEN 'region' WHEN category IS NOT NULL THEN 'category' ELSE 'company' END"
        )
        out["level_id"] = "coalesce(rep_id, team, region, category, '')"
        out["metric"] = "coalesce(metric, 'revenue')"
    if t == "opportunities":
        out["status"] = (
            "coalesce(status, CASE stage WHEN 'won' THEN 'won' WHEN 'after_sales' THEN 'won' "
            "WHEN 'lost' THEN 'lost' ELSE 'open' END)"
        )
        out["snapshot_date"] = f"coalesce(snapshot_date, CAST({p(plan.today.isoformat())} AS DATE))"
        # A CRM's one "Close Date" is actual for won and lost deals (docs/tables.md; docs/uploads.md, "Stages").
        out["closed_date"] = (
            "coalesce(closed_date, CASE WHEN stage IN ('won', 'lost', 'after_sales') "
            "OR lower(status) IN ('won', 'lost') THEN expected_close_date END)"
        )
    return out


def _errors(plan: StagePlan, p: Params, tokens: str) -> str:
    checks: list[tuple[str, str, str]] = []  # (condition, field, reason code)
    for f in plan.table.fields:
        raw = quote_ident("__raw_" + f.name)
        name = quote_ident(f.name)
        if f.name not in plan.mapping or (f.dtype == TEXT and f.name not in ("stage", "period")):
            continue
        unread = f"{name} IS NULL AND NOT {missing_sql(raw, tokens)}"
        if f.dtype in (MONEY, NUMBER, INTEGER):
            checks.append((unread, f.name, "not_number"))  # or wrong_style: see below
            checks.append((f"NOT isfinite({name})", f.name, "not_finite"))
            continue
        what = {"stage": "not_stage", "period": "not_period"}.get(f.name, "not_date")
        checks.append((unread, f.name, what))
    for group in plan.table.one_of:
        first = group[0]
        if plan.table.name == "orders" and first not in plan.mapping:
            # no revenue column: name the file's empty quantity or price cell, not a field the file lacks
            for part in ("quantity", "unit_price"):
                if part in plan.mapping:
                    checks.append((f"revenue IS NULL AND {quote_ident(part)} IS NULL", part, "underivable_from"))
        checks.append((f"{quote_ident(first)} IS NULL", first, "underivable"))
    for name in plan.table.required:
        checks.append((f"{quote_ident(name)} IS NULL", name, "required"))
    for f in plan.table.fields:
        if f.dtype == DATE and f.name in plan.mapping:
            q = quote_ident(f.name)
            limit = p((plan.today + dt.timedelta(days=366)).isoformat())
            checks.append((f"{q} > CAST({limit} AS DATE)", f.name, "future"))
            checks.append((f"{q} < DATE '1900-01-01'", f.name, "before_1900"))
        if f.name in _NON_NEGATIVE and f.name in plan.mapping:
            checks.append((f"{quote_ident(f.name)} < 0", f.name, "negative"))
        if f.name in _FRACTION and f.name in plan.mapping:
            checks.append((f"{quote_ident(f.name)} NOT BETWEEN 0 AND 1", f.name, "not_fraction"))
    whens = []
    for cond, field, reason in checks:
        raw = f"coalesce(CAST({quote_ident('__raw_' + field)} AS VARCHAR), '')" if field in plan.mapping else "''"
        label = p(field + chr(31) + reason + chr(31))
        if reason == "not_number":  # told apart only for the rows that fail: the test is costly
            other = other_style_sql(quote_ident("__raw_" + field), plan.decimals.get(field, "."))
            label = f"CASE WHEN {other} THEN {p(field + chr(31) + 'wrong_style' + chr(31))} ELSE {label} END"
        whens.append(f"WHEN {cond} THEN {label} || {raw}")
    return f"CASE {' '.join(whens)} END" if whens else "NULL"


def _closed_dates(plan: StagePlan) -> str:
    """Won and lost deals without a closed date take their close date (Salesforce's `Close Date` is the actual
    close date of a closed deal; docs/uploads.md#closed-deals)."""
    if plan.table.name != "opportunities" or "expected_close_date" not in plan.mapping:
        return "SELECT * FROM derived"
    return (
        "SELECT * REPLACE (coalesce(closed_date, CASE WHEN status IN ('won', 'lost') "
        "THEN expected_close_date END) AS closed_date) FROM derived"
    )


def stage_select(plan: StagePlan, source_sql: str, p: Params) -> str:
    """SELECT giving every canonical field of the table, typed and derived, plus `__err` (and `__row` if any)."""
    tokens = bind_missing(p, plan.missing)
    clean = _clean_columns(plan, tokens)
    base = ", ".join(_base_columns(plan, p))
    derived = _derived(plan, p, tokens)
    replace = ", ".join(f"{expr} AS {quote_ident(name)}" for name, expr in derived.items())
    derived_sql = f"SELECT * REPLACE ({replace}) FROM base" if replace else "SELECT * FROM base"
    row = '"__row", ' if '"__row"' in source_sql or "__row" in plan.all_columns else ""
    fields = ", ".join(quote_ident(f.name) for f in plan.table.fields)
    return (
        f"WITH src AS ({source_sql}), clean AS (SELECT *{', ' + clean if clean else ''} FROM src), "
        f"base AS (SELECT {row}{base} FROM clean), derived AS ({derived_sql}), closed AS ({_closed_dates(plan)}) "
        f'SELECT {row}{fields}, {_errors(plan, p, tokens)} AS "__err" FROM closed'
    )
