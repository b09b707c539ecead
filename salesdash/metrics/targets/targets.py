"""Targets at every level, rolled up and pro-rated, and attainment (docs/figures.md)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = [
    "LEVELS",
    "TARGET_LEVELS",
    "attainment",
    "rep_directory",
    "scope_level",
    "target_by_month",
    "target_for",
    "target_memberships",
    "targets_by",
    "targets_in_window",
    "targets_per_window",
]

# Coarsest first: a scope looks at its own level, then at finer ones.
LEVELS: tuple[str, ...] = ("company", "region", "team", "rep")
# Targets may also be set per product category (docs/targets.md): company-wide, used for the company when no
# region, team or rep targets exist, and for attainment per category.
TARGET_LEVELS: tuple[str, ...] = (*LEVELS, "category")
# The column of `target_memberships` that says which region, team, rep or category a target row belongs to.
_REP_DIRECTORY = ibis.schema({"rep_id": "string", "team": "string", "region": "string"})
_MEMBER = {"region": "m_region", "team": "m_team", "rep": "m_rep", "category": "m_category"}


def scope_level(filters: Filters) -> str:
    """The level a scope's target is set at: the finest of rep, team, region filtered, else company."""
    for level, values in (("rep", filters.rep), ("team", filters.team), ("region", filters.region)):
        if values:
            return level
    return "company"


def rep_directory(tables: Tables) -> ir.Table:
    """One row per rep with its team and region, from the reps table or else from the orders; no rows when
    the store holds neither (a store of targets alone)."""
    if not tables.has("reps") and not tables.has_revenue:
        return ibis.memtable(pd.DataFrame(columns=["rep_id", "team", "region"]), schema=_REP_DIRECTORY)
    source = tables.table("reps") if tables.has("reps") else tables.orders()
    return source.filter(source.rep_id.notnull()).select("rep_id", "team", "region").distinct(on="rep_id", keep="first")


def target_memberships(tables: Tables) -> ir.Table:
    """Target rows with the region, team and rep each belongs to (m_region, m_team, m_rep)."""
    targets = tables.table("targets")
    reps = rep_directory(tables)
    teams = reps.filter(reps.team.notnull()).select(_team=reps.team, _team_region=reps.region)
    teams = teams.distinct(on="_team", keep="first")
    reps = reps.select(_rep=reps.rep_id, _rep_team=reps.team, _rep_region=reps.region)
    joined = targets.left_join(reps, targets.level_id == reps._rep).left_join(teams, targets.level_id == teams._team)
    level = joined.level
    return joined.select(
        "period",
        "target",
        "metric",
        "level",
        "level_id",
        "period_start",
        "period_end",
        m_rep=ibis.ifelse(level == "rep", joined.level_id, ibis.null("string")),
        m_category=ibis.ifelse(level == "category", joined.level_id, ibis.null("string")),
        m_team=ibis.cases(
            (level == "team", joined.level_id),
            (level == "rep", ibis.coalesce(joined.team, joined._rep_team)),
            else_=ibis.null("string"),
        ),
        m_region=ibis.cases(
            (level == "region", joined.level_id),
            (level == "team", ibis.coalesce(joined.region, joined._team_region)),
            (level == "rep", ibis.coalesce(joined.region, joined._rep_region)),
            else_=ibis.null("string"),
        ),
    )


def _scoped(tables: Tables, filters: Filters, metric: str) -> ir.Table:
    rows = target_memberships(tables)
    rows = rows.filter(ibis.coalesce(rows.metric, "revenue") == metric)
    for column, values in (("m_region", filters.region), ("m_team", filters.team), ("m_rep", filters.rep)):
        if values:
            rows = rows.filter(rows[column].isin(list(values)))
    return rows


def _prorate(rows: ir.Table, start: ir.Value, end: ir.Value) -> ir.Table:
    """Rows that overlap [start, end], with `prorated` = target × overlapping days / days of the target's period."""
    overlap = ibis.least(rows.period_end, end).delta(ibis.greatest(rows.period_start, start), unit="day") + 1
    length = rows.period_end.delta(rows.period_start, unit="day") + 1
    rows = rows.filter(overlap > 0)
    return rows.mutate(prorated=rows.target * overlap.cast("float64") / length.cast("float64"))


def targets_in_window(tables: Tables, filters: Filters, window: Window, metric: str = "revenue") -> ir.Table:
    """Target rows of the scope that overlap the window, each with its pro-rata share (`prorated`)."""
    return _prorate(_scoped(tables, filters, metric), ibis.literal(window.start), ibis.literal(window.end))


def targets_per_window(
    tables: Tables, filters: Filters, windows: list[Window], level: str = "company", metric: str = "revenue"
) -> pd.DataFrame:
    """The rule of `target_for` for many windows and every id of a level at once, in one query: per window
    (`w`, its index) and id (`level_id`; '' for the scope itself at level company), Σ the pro-rata targets of
    the id's own level, else of the next finer level that has targets inside it.
    """
    empty = pd.DataFrame({"w": pd.Series(dtype="int64"), "level_id": pd.Series(dtype="object")})
    empty["target"] = pd.Series(dtype="float64")
    if not windows or not tables.has("targets") or filters.has_product_or_segment:
        return empty
    bounds = pd.DataFrame({"w": range(len(windows)), "w_start": [w.start for w in windows]})
    bounds["w_end"] = [w.end for w in windows]
    spans = ibis.memtable(bounds).mutate(w_start=lambda t: t.w_start.cast("date"), w_end=lambda t: t.w_end.cast("date"))
    rows = _scoped(tables, filters, metric).cross_join(spans)
    rows = _prorate(rows, rows.w_start, rows.w_end)
    key = ibis.literal("") if level == "company" else rows[_MEMBER[level]]
    rows = rows.filter(key.notnull())
    grouped = rows.group_by("w", "level", level_id=key).aggregate(target=rows.prorated.sum()).execute()
    first = scope_level(filters) if level == "company" else level
    rank = {name: i for i, name in enumerate(TARGET_LEVELS[TARGET_LEVELS.index(first) :])}
    grouped["rank"] = grouped["level"].map(rank)
    grouped = grouped.dropna(subset=["rank"]).sort_values(["w", "level_id", "rank"])
    chosen = grouped.drop_duplicates(["w", "level_id"], keep="first")
    return chosen[["w", "level_id", "target"]].astype({"w": "int64", "target": "float64"}).reset_index(drop=True)


def target_for(tables: Tables, filters: Filters, window: Window, metric: str = "revenue") -> float | None:
    """Σ targets at the scope's level in the window, pro rata by calendar days of partial overlap;
    when that level has none, Σ of the next finer level's targets inside the scope.

    None when no target covers the scope, or when a product or segment filter is set (targets carry neither).
    """
    if not tables.has("targets") or filters.has_product_or_segment:
        return None
    rows = targets_in_window(tables, filters, window, metric)
    by_level = rows.group_by("level").aggregate(target=rows.prorated.sum(), n=rows.count()).execute()
    found = {r.level: scalar(r.target) for r in by_level.itertuples() if r.n}
    for level in TARGET_LEVELS[TARGET_LEVELS.index(scope_level(filters)) :]:
        if level in found:
            return found[level]
    return None


def targets_by(tables: Tables, filters: Filters, window: Window, level: str, metric: str = "revenue") -> pd.DataFrame:
    """Pro-rata target per id at one level (`level_id`, `target`) inside the scope."""
    if not tables.has("targets") or filters.has_product_or_segment:
        return pd.DataFrame(columns=["level_id", "target"])
    rows = targets_in_window(tables, filters, window, metric)
    rows = rows.filter(rows.level == level)
    return rows.group_by("level_id").aggregate(target=rows.prorated.sum()).execute()


def attainment(revenue: float | None, target: float | None) -> float | None:
    """revenue / target; None when either is unknown or the target is 0."""
    if revenue is None or not target:
        return None
    return revenue / target


def target_by_month(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Target per calendar month of the window (`period` = month start), rolled up and pro-rated like target_for."""
    starts = pd.date_range(window.start.replace(day=1), window.end, freq="MS").date
    months = [
        Window(max(s, window.start), min((pd.Timestamp(s) + pd.offsets.MonthEnd(0)).date(), window.end)) for s in starts
    ]
    found = targets_per_window(tables, filters, months).set_index("w")["target"]
    return pd.DataFrame({"period": list(starts), "target": [found.get(i) for i in range(len(months))]})
