"""Attainment per region, team, rep or product category for any window, the rep × month heat map, targets against actuals (docs/figures.md)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders, revenue_in, revenue_over_time
from salesdash.metrics.targets.targets import TARGET_LEVELS, target_by_month, targets_per_window
from salesdash.periods import Period, month_window, periods_overlapping
from salesdash.tables import Tables

__all__ = [
    "LEVEL_COLUMN",
    "attainment_by",
    "attainment_heatmap",
    "heatmap_grid",
    "periods_with_data",
    "rep_names",
    "revenue_by",
    "targets_rolled_up",
    "targets_vs_actuals",
]

# The orders column that a level's ids are found in, and the target membership column of that level.
LEVEL_COLUMN = {"region": "region", "team": "team", "rep": "rep_id"}
# Category targets (docs/targets.md) are met by the order lines of that product category.
_ORDERS_COLUMN = {**LEVEL_COLUMN, "category": "category"}
ATTAINMENT_COLUMNS = ["level_id", "name", "revenue", "target", "attainment", "gap"]


def _check_level(level: str) -> None:
    if level not in TARGET_LEVELS:
        raise ValueError(f"level must be one of {TARGET_LEVELS}")


def targets_rolled_up(
    tables: Tables, filters: Filters, window: Window, level: str, metric: str = "revenue"
) -> pd.DataFrame:
    """Target per id of a level inside the scope (`level_id`, `target`), pro rata: an id's own targets, else Σ of
    the next finer level's targets inside it — the rule of `target_for`, applied to every id at once."""
    _check_level(level)
    found = targets_per_window(tables, filters, [window], level, metric)
    return found[["level_id", "target"]].reset_index(drop=True)


def revenue_by(tables: Tables, filters: Filters, window: Window, level: str) -> pd.DataFrame:
    """Revenue per region, team or rep (`level_id`, `revenue`) of the order lines in the scope and window."""
    _check_level(level)
    empty = pd.DataFrame({"level_id": pd.Series(dtype="object"), "revenue": pd.Series(dtype="float64")})
    if not tables.has_revenue:
        return empty
    if level == "company":
        value = revenue_in(tables, filters, [window])[0]
        return empty if value is None else pd.DataFrame({"level_id": [""], "revenue": [value]})
    orders = filtered_orders(tables, filters, window)
    column = orders[_ORDERS_COLUMN[level]]
    orders = orders.filter(column.notnull())
    grouped = orders.group_by(level_id=column.cast("string")).aggregate(revenue=orders.revenue.sum()).execute()
    return grouped.astype({"revenue": "float64"})


def rep_names(tables: Tables) -> dict[str, str]:
    """rep_id → name, from the reps table where it names the rep, else from the orders."""
    names: dict[str, str] = {}
    if tables.has_revenue:
        orders = tables.orders()
        if "rep_name" in orders.columns:
            found = orders.filter(orders.rep_id.notnull() & orders.rep_name.notnull())
            frame = found.group_by("rep_id").aggregate(name=found.rep_name.max()).execute()
            names.update(zip(frame["rep_id"].astype(str), frame["name"].astype(str), strict=True))
    if tables.has("reps"):
        reps = tables.table("reps")
        reps = reps.filter(reps.rep_name.notnull())
        frame = reps.group_by("rep_id").aggregate(name=reps.rep_name.max()).execute()
        names.update(zip(frame["rep_id"].astype(str), frame["name"].astype(str), strict=True))
    return names


def attainment_by(tables: Tables, filters: Filters, window: Window, level: str) -> pd.DataFrame:
    """Per id of a level inside the scope: revenue, target (rolled up, pro rata), attainment = revenue / target and
    gap = target − revenue; ids with revenue or a target, best attainment first.

    At level `company` the one row is the scope itself, with the figures of `kpis` for the same filters.
    """
    revenue = revenue_by(tables, filters, window, level)
    targets = targets_rolled_up(tables, filters, window, level)
    frame = revenue.merge(targets, on="level_id", how="outer")
    if level != "company" and tables.has_revenue:
        frame["revenue"] = frame["revenue"].fillna(0.0)
    frame["attainment"] = frame["revenue"] / frame["target"].where(frame["target"] != 0)
    frame["gap"] = frame["target"] - frame["revenue"].fillna(0.0)
    names = rep_names(tables) if level == "rep" else {}
    frame["name"] = [names.get(str(i), str(i)) for i in frame["level_id"]]
    frame = frame.sort_values(["attainment", "level_id"], ascending=[False, True], na_position="last")
    return frame[ATTAINMENT_COLUMNS].reset_index(drop=True)


def _months_to(window: Window, as_of: date) -> list[Window]:
    end = min(window.end, as_of)
    if end < window.start:
        return []
    return [
        Window(max(p.start, window.start), min(p.end, end))
        for p in periods_overlapping("month", Window(window.start, end))
    ]


def attainment_heatmap(tables: Tables, filters: Filters, window: Window, as_of: date) -> pd.DataFrame:
    """Attainment of every rep with a target in each month of the window up to `as_of` (the month of `as_of` to
    date, pro rata): long form with rep_id, rep_name, period (month start), revenue, target, attainment."""
    columns = ["rep_id", "rep_name", "period", "revenue", "target", "attainment"]
    months = _months_to(window, as_of)
    if not months:
        return pd.DataFrame(columns=columns)
    span = Window(months[0].start, months[-1].end)
    targets = targets_per_window(tables, filters, months, "rep").rename(columns={"level_id": "rep_id"})
    if targets.empty:  # no rep has a target (company or category targets only): nothing to show
        return pd.DataFrame(columns=columns)
    targets["period"] = [months[w].start.replace(day=1) for w in targets["w"]]
    targets = targets.drop(columns="w")
    revenue = _rep_revenue_by_month(tables, filters, span)
    frame = revenue.merge(targets, on=["rep_id", "period"], how="outer")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    frame["attainment"] = frame["revenue"] / frame["target"].where(frame["target"] != 0)
    # A rep without a target in any month has no attainment to show (the SMART check lists them).
    frame = frame[frame.groupby("rep_id")["target"].transform("count") > 0]
    names = rep_names(tables)
    frame["rep_name"] = [names.get(str(r), str(r)) for r in frame["rep_id"]]
    return frame.sort_values(["rep_name", "rep_id", "period"])[columns].reset_index(drop=True)


def _rep_revenue_by_month(tables: Tables, filters: Filters, span: Window) -> pd.DataFrame:
    if not tables.has_revenue:
        return pd.DataFrame(columns=["rep_id", "period", "revenue"])
    orders = filtered_orders(tables, filters, span)
    orders = orders.filter(orders.rep_id.notnull())
    month = orders.order_date.truncate("M").cast("date")
    frame = (
        orders.group_by(rep_id=orders.rep_id.cast("string"), period=month)
        .aggregate(revenue=orders.revenue.sum())
        .execute()
    )
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def heatmap_grid(heatmap: pd.DataFrame, value: str = "attainment") -> pd.DataFrame:
    """The heat map as a table: one row per rep (`rep`), one column per month (`YYYY-MM`)."""
    if heatmap.empty:
        return pd.DataFrame(columns=["rep_id", "rep_name"])
    frame = heatmap.assign(month=[f"{p.year}-{p.month:02d}" for p in heatmap["period"]])
    grid = frame.pivot(index=["rep_name", "rep_id"], columns="month", values=value)
    grid.columns.name = None
    return grid.reset_index()[["rep_id", "rep_name", *grid.columns]]


def targets_vs_actuals(tables: Tables, filters: Filters, window: Window, comparison: Window | None) -> pd.DataFrame:
    """Per calendar month of the window: revenue, target (pro rata, rolled up) and the comparison period's revenue
    in its month of the same rank, each also cumulated (`*_cum`)."""
    months = [Window(max(m.start, window.start), min(m.end, window.end)) for m in _calendar_months(window)]
    frame = pd.DataFrame({"period": [m.start.replace(day=1) for m in months]})
    actual = revenue_over_time(tables, filters, window)
    frame = frame.merge(actual[["period", "revenue"]], on="period", how="left")
    frame = frame.merge(target_by_month(tables, filters, window), on="period", how="left")
    frame["previous"] = _previous_by_rank(tables, filters, comparison, len(frame))
    if tables.has_revenue:
        frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    for column in ("revenue", "target", "previous"):
        values = frame[column].astype("float64")
        frame[f"{column}_cum"] = values.cumsum().where(values.notna().cummin())
    return frame


def _calendar_months(window: Window) -> list[Window]:
    return [month_window(p.start) for p in periods_overlapping("month", window)]


def _previous_by_rank(tables: Tables, filters: Filters, comparison: Window | None, count: int) -> list[float | None]:
    if comparison is None or not tables.has_revenue:
        return [None] * count
    months = [Window(max(m.start, comparison.start), min(m.end, comparison.end)) for m in _calendar_months(comparison)]
    values = revenue_in(tables, filters, months)
    if any(v is not None for v in values):
        values = [0.0 if v is None else v for v in values]
    return (values + [None] * count)[:count]


def periods_with_data(tables: Tables, kind: str, first_month: int = 1) -> list[Period]:
    """The fiscal periods of a kind from the first order or target to the last one, newest first."""
    bounds: list[date] = []
    if tables.has_revenue:
        orders = tables.orders()
        row = orders.aggregate(lo=orders.order_date.min(), hi=orders.order_date.max()).execute().iloc[0]
        bounds += [pd.Timestamp(v).date() for v in row if pd.notna(v)]
    if tables.has("targets"):
        targets = tables.table("targets")
        row = targets.aggregate(lo=targets.period_start.min(), hi=targets.period_end.max()).execute().iloc[0]
        bounds += [pd.Timestamp(v).date() for v in row if pd.notna(v)]
    if not bounds:
        return []
    return periods_overlapping(kind, Window(min(bounds), max(bounds)), first_month)[::-1]
