"""SMART check of the targets: owned, measurable, time-bound, achievable, and every rep holding one.

Flags, one row each: a target without an owner (`no_owner`) or whose owner the data does not know
(`unknown_owner`); without a period (`no_period`); without a metric that salesdash measures
(`no_metric`) or without a positive figure (`no_figure`); a target more than `limit` times the best
result its owner ever had in an earlier period of the same length (`far_above_past`); and reps in
the scope who hold no target in the window (`rep_without_target`).
"""

from __future__ import annotations

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.targets.attainment import LEVEL_COLUMN, rep_names
from salesdash.metrics.targets.targets import rep_directory, target_memberships
from salesdash.tables import Tables, apply_dimensions

__all__ = ["ISSUES", "MEASURED_METRICS", "STRETCH_SETTING", "smart_check", "smart_counts"]

ISSUES: tuple[str, ...] = (
    "no_owner",
    "unknown_owner",
    "no_period",
    "no_metric",
    "no_figure",
    "far_above_past",
    "rep_without_target",
)
# The metrics that attainment measures; a target in any other metric cannot be followed up here.
MEASURED_METRICS: tuple[str, ...] = ("revenue",)
STRETCH_SETTING = "target_stretch_limit"
DEFAULT_STRETCH = 2.0
COLUMNS = ["issue", "level", "level_id", "name", "period", "target", "best_past", "ratio"]
# The length of period a target is compared with past results of: a month, a quarter or a year.
_UNITS = ((31, "M"), (92, "Q"), (366, "Y"))


def _scoped_targets(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    rows = target_memberships(tables)
    for column, values in (("m_region", filters.region), ("m_team", filters.team), ("m_rep", filters.rep)):
        if values:
            rows = rows.filter(rows[column].isin(list(values)))
    undated = rows.period_start.isnull() | rows.period_end.isnull()
    overlaps = (rows.period_start <= ibis.literal(window.end)) & (rows.period_end >= ibis.literal(window.start))
    rows = rows.filter(undated | overlaps)
    columns = ["period", "target", "metric", "level", "level_id", "period_start", "period_end", "m_rep"]
    frame = rows.select(*columns).execute()
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _known_ids(tables: Tables) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {"region": set(), "team": set(), "rep": set()}
    sources = [rep_directory(tables)] if (tables.has("reps") or tables.has_revenue) else []
    if tables.has_revenue:
        sources.append(tables.orders())
    for source in sources:
        for level, column in LEVEL_COLUMN.items():
            values = source.filter(source[column].notnull()).select(v=source[column].cast("string")).distinct()
            known[level] |= set(values.execute()["v"].astype(str))
    return known


def _flag(frame: pd.DataFrame, issue: str, mask: pd.Series) -> pd.DataFrame:
    return frame[mask].assign(issue=issue)


def _row_flags(frame: pd.DataFrame, known: dict[str, set[str]]) -> list[pd.DataFrame]:
    owner = frame["level_id"].fillna("").astype(str).str.strip()
    owned_level = frame["level"].isin(["region", "team", "rep"])
    unknown = [
        lvl in known and bool(known[lvl]) and oid != "" and oid not in known[lvl]
        for lvl, oid in zip(frame["level"], owner, strict=True)
    ]
    metric = frame["metric"].fillna("").astype(str).str.strip().str.lower()
    return [
        _flag(frame, "no_owner", frame["level"].isna() | (owned_level & (owner == ""))),
        _flag(frame, "unknown_owner", pd.Series(unknown, index=frame.index, dtype=bool)),
        _flag(frame, "no_period", frame["period_start"].isna() | frame["period_end"].isna()),
        _flag(frame, "no_metric", ~metric.isin(MEASURED_METRICS)),
        _flag(frame, "no_figure", frame["target"].isna() | (frame["target"] <= 0)),
    ]


def _unit(frame: pd.DataFrame) -> pd.Series:
    days = [
        (e - s).days + 1 if pd.notna(s) and pd.notna(e) else None
        for s, e in zip(frame["period_start"], frame["period_end"], strict=True)
    ]
    return pd.Series(
        [next((u for limit, u in _UNITS if d is not None and d <= limit), None) for d in days], index=frame.index
    )


def _past_results(tables: Tables, level: str, unit: str, first_month: int) -> pd.DataFrame:
    """Revenue per owner of a level and per fiscal month, quarter or year (`level_id`, `bucket`, `revenue`)."""
    orders = tables.orders()
    key = ibis.literal("") if level == "company" else orders[LEVEL_COLUMN[level]].cast("string")
    shift = ibis.interval(months=first_month - 1)
    bucket = ((orders.order_date - shift).truncate(unit) + shift).cast("date")
    grouped = orders.filter(key.notnull()).group_by(level_id=key, bucket=bucket).aggregate(revenue=orders.revenue.sum())
    frame = grouped.execute()
    frame["bucket"] = pd.to_datetime(frame["bucket"]).dt.date
    return frame


def _far_above(tables: Tables, frame: pd.DataFrame, limit: float) -> pd.DataFrame:
    """Revenue targets above `limit` × the owner's best earlier result over a period of the same length."""
    if not tables.has_revenue:
        return frame.iloc[0:0]
    metric = frame["metric"].fillna("revenue").astype(str).str.lower()
    candidates = frame[(metric == "revenue") & frame["target"].notna()].assign(unit=_unit(frame))
    candidates = candidates[candidates["unit"].notna() & candidates["level"].isin(["company", *LEVEL_COLUMN])]
    best = []
    for (level, unit), group in candidates.groupby(["level", "unit"]):
        past = _past_results(tables, str(level), str(unit), tables.fiscal_first_month)
        by_owner = {k: g for k, g in past.groupby("level_id")}
        for index, row in group.iterrows():
            history = by_owner.get("" if level == "company" else str(row["level_id"]))
            earlier = history[history["bucket"] < row["period_start"]] if history is not None else None
            best.append((index, earlier["revenue"].max() if earlier is not None and len(earlier) else None))
    found = candidates.assign(best_past=pd.Series(dict(best), dtype="float64"))
    found["ratio"] = found["target"] / found["best_past"].where(found["best_past"] > 0)
    return found[found["ratio"] > limit].assign(issue="far_above_past")


def _reps_without_target(tables: Tables, filters: Filters, window: Window, frame: pd.DataFrame) -> pd.DataFrame:
    if not (tables.has("reps") or tables.has_revenue):
        return pd.DataFrame(columns=COLUMNS)
    directory = apply_dimensions(rep_directory(tables), filters, ("region", "team", "rep"))
    if tables.has("reps") and "leave_date" in tables.table("reps").columns:
        reps = tables.table("reps")
        directory = directory.anti_join(reps.filter(reps.leave_date < ibis.literal(window.start)), "rep_id")
    rep_ids = set(directory.select(r=directory.rep_id.cast("string")).execute()["r"].astype(str))
    held = set(frame.loc[(frame["level"] == "rep") & frame["period_start"].notna(), "level_id"].astype(str))
    missing = sorted(rep_ids - held)
    return pd.DataFrame({"issue": "rep_without_target", "level": "rep", "level_id": missing})


def smart_check(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Every SMART flag on the targets of the scope that overlap the window (and on undated ones), in the order
    of `ISSUES`, with the owner's name, the target and, for far-above targets, the best past result and ratio."""
    if not tables.has("targets"):
        frame = pd.DataFrame(columns=["period", "target", "metric", "level", "level_id", "period_start", "period_end"])
    else:
        frame = _scoped_targets(tables, filters, window)
    limit = float(tables.settings.get(STRETCH_SETTING, DEFAULT_STRETCH))
    parts = [*_row_flags(frame, _known_ids(tables)), _far_above(tables, frame, limit)]
    parts.append(_reps_without_target(tables, filters, window, frame))
    found = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(not p.empty for p in parts) else None
    if found is None:
        return pd.DataFrame(columns=COLUMNS)
    for column in COLUMNS:
        if column not in found:
            found[column] = None
    names = rep_names(tables)
    found["name"] = [
        names.get(str(i), i) if lvl == "rep" else i for lvl, i in zip(found["level"], found["level_id"], strict=True)
    ]
    found["order"] = found["issue"].map({issue: i for i, issue in enumerate(ISSUES)})
    found = found.sort_values(["order", "level", "level_id", "period"], na_position="last")
    return found[COLUMNS].reset_index(drop=True)


def smart_counts(flags: pd.DataFrame) -> dict[str, int]:
    """How many flags of each issue, every issue listed."""
    counts = flags["issue"].value_counts() if not flags.empty else pd.Series(dtype="int64")
    return {issue: int(counts.get(issue, 0)) for issue in ISSUES}
