"""Target plans: an annual company target split into months and down to regions, teams and reps.

The year is split into its months evenly, by working days (Monday to Friday) or by last year's
seasonality; each month's figure is then split among regions, each region's among its teams and each
team's among its reps, by last year's share of revenue or evenly. Every split rounds to the cent by
largest remainder, so the parts always sum exactly to the whole: months to the year, regions to the
company, teams to their region, reps to their team, months to quarters. A plan is saved as monthly
target rows of every level in one upload batch that undo reverses exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from salesdash.access import Identity, authorize
from salesdash.errors import InputError, PermissionDenied
from salesdash.filters import Filters, Window, shift_years
from salesdash.metrics.sales import revenue_in
from salesdash.metrics.targets.attainment import revenue_by
from salesdash.metrics.targets.targets import LEVELS, rep_directory, target_for
from salesdash.periods import FISCAL_SETTING, Period, check_first_month, fiscal_months, month_window, working_days
from salesdash.schema import BATCH_COLUMN, TABLES
from salesdash.store import REPLACED_PREFIX, Store
from salesdash.tables import Tables

__all__ = [
    "LEVEL_SPLITS",
    "PLAN_COLUMNS",
    "TIME_SPLITS",
    "PlanBasis",
    "build_plan",
    "largest_remainder",
    "month_weights",
    "plan_basis",
    "plan_by_quarter",
    "plan_replaces",
    "require_target_editor",
    "save_fiscal_year_start",
    "save_target_plan",
    "suggested_annual",
]

TIME_SPLITS: tuple[str, ...] = ("even", "working_days", "seasonal")
LEVEL_SPLITS: tuple[str, ...] = ("share", "even")
PLAN_COLUMNS = ["period", "period_start", "period_end", "level", "level_id", "rep_id", "team", "region", "metric"]
PLAN_COLUMNS += ["target"]
PLAN_FILE_NAME = "target plan"


def largest_remainder(total: float, weights: Sequence[float]) -> list[float]:
    """`total` split in proportion to `weights`, in cents, summing exactly to `total` rounded to the cent.

    Each part gets the floor of its exact share; the cents left over go one each to the largest remainders
    (ties to the earlier part). Negative weights count as 0; when no weight is positive the split is even.

    >>> largest_remainder(100, [1, 1, 1])
    [33.34, 33.33, 33.33]
    """
    if not weights:
        return []
    cents = round(Fraction(total) * 100)
    shares = [max(Fraction(w), Fraction(0)) for w in weights]
    if sum(shares) == 0:
        shares = [Fraction(1)] * len(weights)
    whole = sum(shares)
    exact = [cents * s / whole for s in shares]
    floors = [e.numerator // e.denominator for e in exact]
    left = cents - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f / 100 for f in floors]


def month_weights(months: Sequence[Window], split: str, last_year: Sequence[float] | None = None) -> list[float]:
    """Weights of the months of a plan: 1 each (`even`), Monday-to-Friday days (`working_days`), or last year's
    revenue of the same calendar month (`seasonal`; even when last year has no positive revenue)."""
    if split == "even":
        return [1.0] * len(months)
    if split == "working_days":
        return [float(working_days(m)) for m in months]
    if split == "seasonal":
        values = [max(v, 0.0) for v in (last_year or [])]
        if len(values) != len(months) or sum(values) <= 0:
            return [1.0] * len(months)
        return values
    raise ValueError(f"split must be one of {TIME_SPLITS}")


@dataclass(frozen=True)
class PlanBasis:
    """What a plan is split by: the year's months, last year's revenue per month and per region, team and rep,
    and who belongs where (regions, each region's teams, each team's reps)."""

    year: Period
    months: list[Window]
    last_year_months: list[float]
    last_year_total: float | None
    revenue: dict[str, dict[str, float]] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    teams: dict[str, list[str]] = field(default_factory=dict)
    reps: dict[str, list[str]] = field(default_factory=dict)


def plan_basis(tables: Tables, year: Period) -> PlanBasis:
    """The basis of a company plan for a fiscal year, read from the year before it (the whole company)."""
    months = fiscal_months(year)
    before = Filters()
    last = [month_window(shift_years(m.start, -1)) for m in months]
    values = [v or 0.0 for v in revenue_in(tables, before, last)] if tables.has_revenue else [0.0] * len(months)
    previous = Window(last[0].start, last[-1].end)
    revenue = {
        level: dict(zip(f["level_id"].astype(str), f["revenue"].astype("float64"), strict=True))
        for level in ("region", "team", "rep")
        for f in [revenue_by(tables, before, previous, level)]
    }
    regions, teams, reps = _tree(tables, year, revenue["region"])
    total = revenue_in(tables, before, [previous])[0] if tables.has_revenue else None
    return PlanBasis(year, months, values, total, revenue, regions, teams, reps)


def suggested_annual(tables: Tables, year: Period, last_year_total: float | None) -> float:
    """The annual figure a plan starts from: the company's stored target for the year (an uploaded one), else
    last year's revenue plus 10%, rounded to the hundred."""
    stored = target_for(tables, Filters(), year.window)
    if stored is not None:
        return float(stored)
    return float(round((last_year_total or 0.0) * 1.1, -2))


def _tree(
    tables: Tables, year: Period, region_revenue: dict[str, float]
) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """Regions, teams per region and reps per team from the rep directory (leavers before the year left out);
    regions that only the orders know are kept too."""
    if not tables.has_revenue and not tables.has("reps"):
        return [], {}, {}
    directory = rep_directory(tables)
    if tables.has("reps") and "leave_date" in tables.table("reps").columns:
        reps = tables.table("reps")
        left = reps.filter(reps.leave_date < year.start).select("rep_id")
        directory = directory.anti_join(left, "rep_id")
    frame = directory.execute().astype({"rep_id": str})
    regions = sorted(set(frame["region"].dropna().astype(str)) | set(region_revenue))
    teams: dict[str, list[str]] = {}
    for team, region in frame.dropna(subset=["team", "region"]).drop_duplicates("team")[["team", "region"]].values:
        teams.setdefault(str(region), []).append(str(team))
    reps_by_team: dict[str, list[str]] = {}
    for rep_id, team in frame.dropna(subset=["team"])[["rep_id", "team"]].values:
        reps_by_team.setdefault(str(team), []).append(str(rep_id))
    return regions, {k: sorted(v) for k, v in teams.items()}, {k: sorted(v) for k, v in reps_by_team.items()}


def build_plan(
    basis: PlanBasis, annual: float, time_split: str = "even", level_split: str = "share", depth: str = "company"
) -> pd.DataFrame:
    """Monthly target rows (`PLAN_COLUMNS`) of every level from the company down to `depth`, for an annual
    company target. A region without teams, or a team without reps, keeps its figure at its own level."""
    if depth not in LEVELS:
        raise ValueError(f"depth must be one of {LEVELS}")
    if level_split not in LEVEL_SPLITS:
        raise ValueError(f"level_split must be one of {LEVEL_SPLITS}")
    weights = month_weights(basis.months, time_split, basis.last_year_months)
    rows: list[dict[str, object]] = []
    deep = LEVELS.index(depth)
    for month, amount in zip(basis.months, largest_remainder(annual, weights), strict=True):
        rows.append(_row(month, "company", "", None, None, None, amount))
        if deep < 1:
            continue
        for region, r_amount in _split(basis, "region", basis.regions, amount, level_split):
            rows.append(_row(month, "region", region, None, None, region, r_amount))
            if deep < 2:
                continue
            for team, t_amount in _split(basis, "team", basis.teams.get(region, []), r_amount, level_split):
                rows.append(_row(month, "team", team, None, team, region, t_amount))
                if deep < 3:
                    continue
                for rep, p_amount in _split(basis, "rep", basis.reps.get(team, []), t_amount, level_split):
                    rows.append(_row(month, "rep", rep, rep, team, region, p_amount))
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _split(basis: PlanBasis, level: str, ids: list[str], amount: float, how: str) -> list[tuple[str, float]]:
    if not ids:
        return []
    weights = [1.0] * len(ids) if how == "even" else [basis.revenue.get(level, {}).get(i, 0.0) for i in ids]
    return list(zip(ids, largest_remainder(amount, weights), strict=True))


def _row(
    month: Window, level: str, level_id: str, rep: str | None, team: str | None, region: str | None, target: float
) -> dict[str, object]:
    return {
        "period": f"{month.start.year}-{month.start.month:02d}",
        "period_start": month.start,
        "period_end": month.end,
        "level": level,
        "level_id": level_id,
        "rep_id": rep,
        "team": team,
        "region": region,
        "metric": "revenue",
        "target": target,
    }


def plan_by_quarter(plan: pd.DataFrame, year: Period) -> pd.DataFrame:
    """The plan as a table: one row per level and id, one column per fiscal quarter (Q1..Q4) and the year."""
    if plan.empty:
        return pd.DataFrame(columns=["level", "level_id", "Q1", "Q2", "Q3", "Q4", "year"])
    index = {m.start: i for i, m in enumerate(fiscal_months(year))}
    frame = plan.assign(quarter=[f"Q{index[s] // 3 + 1}" for s in plan["period_start"]])
    cents = frame.assign(cents=(frame["target"] * 100).round().astype("int64"))
    table = cents.pivot_table(index=["level", "level_id"], columns="quarter", values="cents", aggfunc="sum")
    table = table.fillna(0).astype("int64")
    table["year"] = table.sum(axis=1)
    table = (table / 100).reset_index()
    table.columns.name = None
    order = {level: i for i, level in enumerate(LEVELS)}
    return table.sort_values(["level", "level_id"], key=lambda c: c.map(order) if c.name == "level" else c).reset_index(
        drop=True
    )


# --- saving ------------------------------------------------------------------


def require_target_editor(store: Store, user: Identity, action: str = "target_plan") -> str:
    """The user's name, or PermissionDenied for a user whose role does not allow `action`
    (analysts save target plans, admins change the fiscal calendar) or a store opened read-only."""
    name = authorize(user, action)
    if store.read_only:
        raise PermissionDenied(f"The database {store.path} is open read-only, so targets cannot be saved here.")
    return name


_FIELDS = TABLES["targets"].field_names
_SAME_KEY = " AND ".join(f"t.{k} IS NOT DISTINCT FROM p.{k}" for k in TABLES["targets"].key)
# A stored row is replaced when it has the key of a plan row, or when it sets a target for the same owner and
# metric inside the span the plan covers for that owner (a quarterly or annual target the plan's months restate).
_REPLACED = f"""
    EXISTS (SELECT 1 FROM __plan p WHERE {_SAME_KEY})
    OR EXISTS (SELECT 1 FROM __plan_spans s
               WHERE t.level IS NOT DISTINCT FROM s.level AND t.level_id IS NOT DISTINCT FROM s.level_id
                 AND t.metric IS NOT DISTINCT FROM s.metric
                 AND t.period_start >= s.span_start AND t.period_end <= s.span_end)"""


def _check_plan(rows: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in PLAN_COLUMNS if c not in rows.columns]
    if missing:
        raise InputError(f"a target plan needs the columns {', '.join(missing)}; build it with build_plan.")
    if rows.empty:
        raise InputError("the target plan has no rows; enter an annual target first.")
    rows = rows[PLAN_COLUMNS].copy()
    if rows[["period", "period_start", "period_end", "level", "target"]].isna().any().any():
        raise InputError("every row of a target plan needs a period, its dates, a level and a target.")
    duplicated = rows.duplicated(["period", "level", "level_id", "metric"])
    if duplicated.any():
        first = rows[duplicated].iloc[0]
        raise InputError(f"the plan sets {first['period']} {first['level']} {first['level_id']!r} twice.")
    return rows


def plan_replaces(store: Store, rows: pd.DataFrame) -> int:
    """How many stored target rows saving this plan would replace (for the preview)."""
    rows = _check_plan(rows)
    cur = store.cursor()
    _register(cur, rows)
    try:
        return int(cur.execute(f"SELECT count(*) FROM targets t WHERE {_REPLACED}").fetchall()[0][0])
    finally:
        _unregister(cur)


def _register(cur: object, rows: pd.DataFrame) -> None:
    cur.register("__plan_rows", rows)  # type: ignore[attr-defined]
    cur.execute(  # type: ignore[attr-defined]
        "CREATE OR REPLACE TEMP TABLE __plan AS SELECT period::VARCHAR AS period, target::DOUBLE AS target, "
        "rep_id::VARCHAR AS rep_id, team::VARCHAR AS team, region::VARCHAR AS region, "
        "NULL::VARCHAR AS category, metric::VARCHAR AS metric, "
        "level::VARCHAR AS level, level_id::VARCHAR AS level_id, period_start::DATE AS period_start, "
        "period_end::DATE AS period_end FROM __plan_rows"
    )
    cur.execute(  # type: ignore[attr-defined]
        "CREATE OR REPLACE TEMP TABLE __plan_spans AS SELECT level, level_id, metric, "
        "min(period_start) AS span_start, max(period_end) AS span_end FROM __plan GROUP BY ALL"
    )
    cur.unregister("__plan_rows")  # type: ignore[attr-defined]


def _unregister(cur: object) -> None:
    cur.execute("DROP TABLE IF EXISTS __plan; DROP TABLE IF EXISTS __plan_spans")  # type: ignore[attr-defined]


def save_target_plan(store: Store, rows: pd.DataFrame, user: Identity) -> int:
    """Save plan rows as targets in one new upload batch and return its id.

    Stored rows with the same key (period, level, level_id, metric), or for the same owner and metric inside
    the span the plan covers, are replaced: copied to `_replaced_targets` with `_replaced_by` = the batch, so
    that undoing the batch restores exactly the targets as they were. Refused for a user without the right.
    """
    name = require_target_editor(store, user)
    rows = _check_plan(rows)
    fields = ", ".join(_FIELDS)
    with store.transaction() as cur:
        batch = store.next_batch_id(cur)
        _register(cur, rows)
        updated = cur.execute(f"SELECT count(*) FROM __plan p WHERE EXISTS (FROM targets t WHERE {_SAME_KEY})")
        updated_count = int(updated.fetchall()[0][0])
        replaced = f'"{REPLACED_PREFIX}targets"'
        cur.execute(f"INSERT INTO {replaced} SELECT {fields}, {BATCH_COLUMN}, {batch} FROM targets t WHERE {_REPLACED}")
        deleted = int(cur.execute(f"SELECT count(*) FROM targets t WHERE {_REPLACED}").fetchall()[0][0])
        cur.execute(f"DELETE FROM targets t WHERE {_REPLACED}")
        cur.execute(f"INSERT INTO targets ({fields}, {BATCH_COLUMN}) SELECT {fields}, {batch} FROM __plan")
        _unregister(cur)
        cur.execute(
            "INSERT INTO _batches (batch_id, table_name, file_name, mode, rows_read, rows_loaded, inserted, updated, "
            "unchanged, rejected, user_name, created_at) VALUES (?, 'targets', ?, 'upsert', ?, ?, ?, ?, 0, 0, ?, ?)",
            [batch, PLAN_FILE_NAME, len(rows), len(rows), len(rows) - updated_count, updated_count, name, _now()],
        )
        detail = {"batch_id": batch, "rows": len(rows), "replaced": deleted, "total": _company_total(rows)}
        store.audit(cur, name, "target plan", detail)
    return batch


def _company_total(rows: pd.DataFrame) -> float:
    company = rows[rows["level"] == "company"]
    return float(round(company["target"].sum(), 2))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def save_fiscal_year_start(store: Store, month: object, user: Identity) -> int:
    """Save the first month of the fiscal year (1–12), which every year and quarter of the app follows."""
    require_target_editor(store, user, "settings")
    first_month = check_first_month(month)
    store.set_setting(FISCAL_SETTING, first_month, user)
    return first_month
