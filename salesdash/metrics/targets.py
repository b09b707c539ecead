"""Targets at every level, rolled up and pro-rated, and attainment (SPEC §4)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import scalar
from salesdash.tables import Tables

__all__ = [
    "LEVELS",
    "attainment",
    "rep_directory",
    "scope_level",
    "target_by_month",
    "target_for",
    "targets_by",
    "targets_in_window",
]

# Coarsest first: a scope looks at its own level, then at finer ones.
LEVELS: tuple[str, ...] = ("company", "region", "team", "rep")


def scope_level(filters: Filters) -> str:
    """The level a scope's target is set at: the finest of rep, team, region filtered, else company."""
    for level, values in (("rep", filters.rep), ("team", filters.team), ("region", filters.region)):
        if values:
            return level
    return "company"


def rep_directory(tables: Tables) -> ir.Table:
    """One row per rep with its team and region, from the reps table or else from the orders."""
    source = tables.table("reps") if tables.has("reps") else tables.orders()
    return source.filter(source.rep_id.notnull()).select("rep_id", "team", "region").distinct(on="rep_id", keep="first")


def _memberships(tables: Tables) -> ir.Table:
    """Targets with the region, team and rep each row belongs to (m_region, m_team, m_rep)."""
    targets = tables.table("targets")
    reps = rep_directory(tables)
    teams = reps.filter(reps.team.notnull()).select(_team=reps.team, _team_region=reps.region)
    teams = teams.distinct(on="_team", keep="first")
    reps = reps.select(_rep=reps.rep_id, _rep_team=reps.team, _rep_region=reps.region)
    joined = targets.left_join(reps, targets.level_id == reps._rep).left_join(teams, targets.level_id == teams._team)
    level = joined.level
    return joined.select(
        "target",
        "metric",
        "level",
        "level_id",
        "period_start",
        "period_end",
        m_rep=ibis.ifelse(level == "rep", joined.level_id, ibis.null("string")),
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


def _scope_rows(tables: Tables, filters: Filters, metric: str) -> ir.Table:
    rows = _memberships(tables)
    rows = rows.filter(ibis.coalesce(rows.metric, "revenue") == metric)
    for column, values in (("m_region", filters.region), ("m_team", filters.team), ("m_rep", filters.rep)):
        if values:
            rows = rows.filter(rows[column].isin(list(values)))
    return rows


def _prorate(rows: ir.Table, start: ir.DateValue, end: ir.DateValue) -> ir.Table:
    """Rows that overlap [start, end], each with the share of its target that falls inside (`prorated`)."""
    overlap_start = ibis.greatest(rows.period_start, start)
    overlap_end = ibis.least(rows.period_end, end)
    overlap = overlap_end.delta(overlap_start, unit="day") + 1
    length = rows.period_end.delta(rows.period_start, unit="day") + 1
    rows = rows.mutate(_overlap=overlap, _length=length)
    rows = rows.filter(rows._overlap > 0)
    return rows.mutate(prorated=rows.target * rows._overlap.cast("float64") / rows._length.cast("float64"))


def targets_in_window(tables: Tables, filters: Filters, window: Window, metric: str = "revenue") -> ir.Table:
    """Target rows of the scope that overlap the window, each with its pro-rata share (`prorated`)."""
    rows = _scope_rows(tables, filters, metric)
    return _prorate(rows, ibis.literal(window.start), ibis.literal(window.end))


def _first_level(found: dict[str, float | None], filters: Filters) -> float | None:
    for level in LEVELS[LEVELS.index(scope_level(filters)) :]:
        if level in found:
            return found[level]
    return None


def target_for(tables: Tables, filters: Filters, window: Window, metric: str = "revenue") -> float | None:
    """Σ targets at the scope's level in the window, pro rata by calendar days of partial overlap;
    when that level has none, Σ of the next finer level's targets inside the scope.

    None when no target covers the scope, or when a product or segment filter is set (targets carry neither).
    """
    if not tables.has("targets") or filters.has_product_or_segment:
        return None
    rows = targets_in_window(tables, filters, window, metric)
    by_level = rows.group_by("level").aggregate(target=rows.prorated.sum(), n=rows.count()).execute()
    return _first_level({r.level: scalar(r.target) for r in by_level.itertuples() if r.n}, filters)


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


def target_by_month(tables: Tables, filters: Filters, window: Window, metric: str = "revenue") -> pd.DataFrame:
    """Target per calendar month of the window (`period` = month start), rolled up and pro-rated like
    target_for, in one query."""
    starts = pd.date_range(window.start.replace(day=1), window.end, freq="MS").date
    months = pd.DataFrame(
        {
            "period": starts,
            "m_start": [max(m, window.start) for m in starts],
            "m_end": [min((pd.Timestamp(m) + pd.offsets.MonthEnd(0)).date(), window.end) for m in starts],
        }
    )
    if not tables.has("targets") or filters.has_product_or_segment:
        return months.assign(target=None)[["period", "target"]]
    grid = _scope_rows(tables, filters, metric).cross_join(ibis.memtable(months))
    rows = _prorate(grid, grid.m_start, grid.m_end)
    sums = rows.group_by("period", "level").aggregate(target=rows.prorated.sum()).execute()
    sums["period"] = pd.to_datetime(sums["period"]).dt.date
    targets = {
        period: _first_level({r.level: scalar(r.target) for r in group.itertuples()}, filters)
        for period, group in sums.groupby("period")
    }
    return months.assign(target=[targets.get(p) for p in months["period"]])[["period", "target"]]
