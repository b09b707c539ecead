"""Pacing of a period that is not over: expected to date, pace, gap, required daily rate, projections (docs/figures.md).

Two projections to the period's end: the linear run rate (revenue to date × days in period / elapsed
days) and a seasonal one that follows last year's monthly shape (revenue to date / the share of last
year's period revenue that had come in by the same point). Each has an 80% band from the spread of
the daily revenue so far.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import partial

import ibis
import pandas as pd

from salesdash.filters import Filters, Window, shift_years
from salesdash.metrics.sales import filtered_orders, revenue_in
from salesdash.metrics.targets.attainment import LEVEL_COLUMN, rep_names, revenue_by, targets_rolled_up
from salesdash.metrics.targets.targets import target_for
from salesdash.periods import PERIOD_KINDS, month_window, period_containing, periods_overlapping
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = [
    "BAND_Z",
    "Pacing",
    "last_year_share",
    "pacing",
    "pacing_by",
    "pacing_path",
    "pacing_summary",
    "shortfalls",
]

# z of a two-sided 80% band under a normal approximation of the sum of the remaining days.
BAND_Z = 1.2815515655446004


@dataclass(frozen=True)
class Pacing:
    """Where a scope stands in a period on `as_of` (None where the data cannot tell)."""

    start: date
    end: date
    as_of: date
    days: int
    elapsed_days: int
    remaining_days: int
    target: float | None
    revenue: float | None
    expected_to_date: float | None
    pace: float | None
    gap: float | None
    required_daily_rate: float | None
    daily_rate: float | None
    run_rate: float | None
    run_rate_low: float | None
    run_rate_high: float | None
    last_year_share: float | None
    seasonal: float | None
    seasonal_low: float | None
    seasonal_high: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0 or math.isnan(top) or math.isnan(bottom):
        return None
    return top / bottom


def _elapsed(period: Window, as_of: date) -> int:
    return max(0, min(period.days, (as_of - period.start).days + 1))


def _last_year_months(period: Window) -> list[Window]:
    return [month_window(shift_years(m.start, -1)) for m in periods_overlapping("month", period)]


def _share_by(values: list[float], months: list[Window], as_of: date) -> float | None:
    """Share of the months' total that had come in by `as_of` (the month of `as_of` pro rata by its days)."""
    total = sum(values)
    if total <= 0:
        return None
    done = 0.0
    for value, month in zip(values, months, strict=True):
        if month.end <= as_of:
            done += value
        elif month.start <= as_of:
            done += value * _elapsed(month, as_of) / month.days
    return done / total


def last_year_share(tables: Tables, filters: Filters, period: Window, as_of: date) -> float | None:
    """The share of last year's revenue of the period that came in by the same day and month a year earlier,
    reading last year by whole months (None when last year's revenue of the period is not positive)."""
    if not tables.has_revenue:
        return None
    return _share_by(_last_year_values(tables, filters, period), _months(period), as_of)


def _last_year_values(tables: Tables, filters: Filters, period: Window) -> list[float]:
    """Last year's revenue in each month matching a month of the period (0 for a month without sales)."""
    return [v or 0.0 for v in revenue_in(tables, filters, _last_year_months(period))]


def _months(period: Window) -> list[Window]:
    return [m.window for m in periods_overlapping("month", period)]


def _daily_spread(tables: Tables, filters: Filters, to_date: Window) -> float | None:
    """Standard deviation of the daily revenue over every day of the window, days without sales counting 0
    (once per filters and window: the pacing and its path share it)."""
    if to_date.days < 2 or not tables.has_revenue:
        return None
    return tables.kept(
        ("daily_spread", filters, to_date), lambda: _spread_over(_daily_revenue(tables, filters, to_date), to_date)
    )


def _half_width(projected_rest: float, daily_rate: float, spread: float | None, days_left: int) -> float | None:
    """Half the 80% band of revenue still to come over `days_left` days: the daily spread × √days, scaled to the
    projected rest when a projection expects a different rate than the run rate (same coefficient of variation)."""
    if spread is None:
        return None
    if days_left <= 0:
        return 0.0
    if daily_rate <= 0:
        return BAND_Z * spread * math.sqrt(days_left)
    return BAND_Z * projected_rest * spread / (daily_rate * math.sqrt(days_left))


def pacing(tables: Tables, filters: Filters, period: Window, as_of: date) -> Pacing:
    """expected_to_date = target × elapsed days / days in period; pace = revenue to date / expected_to_date;
    gap = target − revenue to date; required daily rate = gap / remaining days; run-rate projection = revenue to
    date × days in period / elapsed days; seasonal projection = revenue to date / last year's share by this day.

    Computed once per (filters, period, as_of) and data version: the pacing path and the pacing summary of the
    same period read the same result (`Tables.kept`)."""
    return tables.kept(("pacing", filters, period, as_of), lambda: _pacings(tables, filters, [period], as_of)[0])


def _pacings(tables: Tables, filters: Filters, periods: list[Window], as_of: date) -> list[Pacing]:
    """`pacing` of several periods (the summary's year, quarter and month) from one scan: the revenue per day
    from the first of last year's months to `as_of`, from which each period's revenue to date, last year's
    months and the daily spread are summed (a few hundred days, not the lines)."""
    elapsed = [_elapsed(period, as_of) for period in periods]
    to_date = [Window(p.start, p.start + timedelta(days=e - 1)) for p, e in zip(periods, elapsed, strict=True)]
    last_year = [_last_year_months(period) for period in periods]
    revenue: list[float | None] = [None] * len(periods)
    shares: list[float | None] = [None] * len(periods)
    spreads: list[float | None] = [None] * len(periods)
    started = [to_date[i] for i, e in enumerate(elapsed) if e]
    if tables.has_revenue and started:
        first = min([w.start for w in started] + [m.start for i, ms in enumerate(last_year) if elapsed[i] for m in ms])
        daily = _daily_revenue(tables, filters, Window(first, max(w.end for w in started)))
        for i, period in enumerate(periods):
            if not elapsed[i]:
                continue
            revenue[i] = _sum_over(daily, to_date[i])
            values = [_sum_over(daily, m) for m in last_year[i]]
            shares[i] = _share_by(values, _months(period), as_of)
            # Kept for the pacing path of the same period, which reads the same window's spread.
            spreads[i] = tables.kept(("daily_spread", filters, to_date[i]), partial(_spread_over, daily, to_date[i]))
    return [
        _pacing_of(period, as_of, e, target_for(tables, filters, period), r, share, spread)
        for period, e, r, share, spread in zip(periods, elapsed, revenue, shares, spreads, strict=True)
    ]


def _daily_revenue(tables: Tables, filters: Filters, span: Window) -> pd.Series:
    """Σ revenue per order day in the span (days without sales absent), indexed by date, in date order."""
    orders = filtered_orders(tables, filters, span)
    daily = orders.group_by("order_date").aggregate(x=orders.revenue.sum()).execute()
    days = pd.to_datetime(daily["order_date"]).dt.date
    return pd.Series(daily["x"].astype("float64").to_numpy(), index=days).sort_index()


def _sum_over(daily: pd.Series, window: Window) -> float:
    inside = (daily.index >= window.start) & (daily.index <= window.end)
    return float(daily[inside].sum())


def _spread_over(daily: pd.Series, window: Window) -> float | None:
    """The standard deviation of the daily revenue over every day of the window, days without sales counting 0."""
    days = window.days
    if days < 2:
        return None
    inside = daily[(daily.index >= window.start) & (daily.index <= window.end)]
    total, squares = float(inside.sum()), float((inside * inside).sum())
    variance = (squares - total * total / days) / (days - 1)
    return math.sqrt(max(variance, 0.0))


def _pacing_of(
    period: Window,
    as_of: date,
    elapsed: int,
    target: float | None,
    revenue: float | None,
    share: float | None,
    spread: float | None,
) -> Pacing:
    remaining = period.days - elapsed
    expected = target * elapsed / period.days if target is not None else None
    gap = target - revenue if target is not None and revenue is not None else None
    daily = revenue / elapsed if revenue is not None and elapsed else None
    run_rate = daily * period.days if daily is not None else None
    seasonal = _ratio(revenue, share)
    bands = [_band(p, revenue, daily, spread, remaining) for p in (run_rate, seasonal)]
    return Pacing(
        start=period.start,
        end=period.end,
        as_of=as_of,
        days=period.days,
        elapsed_days=elapsed,
        remaining_days=remaining,
        target=target,
        revenue=revenue,
        expected_to_date=expected,
        pace=_ratio(revenue, expected),
        gap=gap,
        required_daily_rate=_ratio(gap, remaining) if remaining else None,
        daily_rate=daily,
        run_rate=run_rate,
        run_rate_low=bands[0][0],
        run_rate_high=bands[0][1],
        last_year_share=share,
        seasonal=seasonal,
        seasonal_low=bands[1][0],
        seasonal_high=bands[1][1],
    )


def _band(
    projection: float | None, revenue: float | None, daily: float | None, spread: float | None, remaining: int
) -> tuple[float | None, float | None]:
    if projection is None or revenue is None or daily is None:
        return None, None
    half = _half_width(projection - revenue, daily, spread, remaining)
    return (None, None) if half is None else (projection - half, projection + half)


def pacing_summary(tables: Tables, filters: Filters, as_of: date, first_month: int = 1) -> pd.DataFrame:
    """The scope's pacing in the fiscal year, quarter and month that contain `as_of`, one row each."""
    periods = [period_containing(kind, as_of, first_month).window for kind in PERIOD_KINDS]
    rows = []
    for kind, found in zip(PERIOD_KINDS, _pacings(tables, filters, periods, as_of), strict=True):
        values = found.as_dict()
        values["attainment"] = _ratio(values["revenue"], values["target"])  # type: ignore[arg-type]
        rows.append({"kind": kind, **values})
    return pd.DataFrame(rows)


def pacing_path(tables: Tables, filters: Filters, period: Window, as_of: date) -> pd.DataFrame:
    """Per day of the period: cumulative revenue up to `as_of`, the expected line (target spread evenly over the
    days), and from `as_of` on the run-rate and seasonal paths with their 80% bands."""
    found = pacing(tables, filters, period, as_of)
    days = pd.date_range(period.start, period.end, freq="D").date
    frame = pd.DataFrame({"day": days, "n": range(1, len(days) + 1)})
    if found.target is not None:
        frame["expected"] = found.target * frame["n"] / period.days
    frame["actual"] = _cumulative_daily(tables, filters, period, as_of, days)
    if found.revenue is None or found.daily_rate is None:
        return frame.drop(columns="n")
    after = frame["n"] >= found.elapsed_days
    rest = frame["n"] - found.elapsed_days
    spread = _daily_spread(tables, filters, Window(period.start, found.as_of))
    frame["run_rate"] = (found.revenue + found.daily_rate * rest).where(after)
    if found.seasonal is not None:
        shares = _share_path(tables, filters, period, days)
        frame["seasonal"] = (found.seasonal * shares).where(after)
    for name in ("run_rate", "seasonal"):
        if name in frame:
            half = [
                _half_width(p - found.revenue, found.daily_rate, spread, int(k)) if k >= 0 else None
                for p, k in zip(frame[name], rest, strict=True)
            ]
            width = pd.Series(half, dtype="float64")
            frame[f"{name}_low"] = frame[name] - width
            frame[f"{name}_high"] = frame[name] + width
    return frame.drop(columns="n")


def _cumulative_daily(tables: Tables, filters: Filters, period: Window, as_of: date, days: object) -> pd.Series:
    index = pd.Index(days)
    if not tables.has_revenue or as_of < period.start:
        return pd.Series([None] * len(index), dtype="float64")
    by_day = _daily_revenue(tables, filters, Window(period.start, min(as_of, period.end)))
    values = by_day.reindex(index, fill_value=0.0).cumsum()
    return pd.Series(values.where([d <= as_of for d in index]).to_numpy(), dtype="float64")


def _share_path(tables: Tables, filters: Filters, period: Window, days: object) -> pd.Series:
    values, months = _last_year_values(tables, filters, period), _months(period)
    return pd.Series([_share_by(values, months, d) for d in days], dtype="float64")  # type: ignore[attr-defined]


def pacing_by(tables: Tables, filters: Filters, period: Window, as_of: date, level: str) -> pd.DataFrame:
    """`pacing` for every id of a level inside the scope that has a target in the period, with the projection
    (seasonal where last year allows, else run rate), projected attainment and shortfall = target − projection."""
    elapsed = _elapsed(period, as_of)
    targets = targets_rolled_up(tables, filters, period, level)
    if targets.empty or not elapsed:
        return pd.DataFrame(columns=_BY_COLUMNS)
    to_date = Window(period.start, period.start + timedelta(days=elapsed - 1))
    frame = targets.merge(revenue_by(tables, filters, to_date, level), on="level_id", how="left")
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    frame["share"] = _shares_by(tables, filters, period, as_of, level).reindex(frame["level_id"]).to_numpy()
    remaining = period.days - elapsed
    frame["expected_to_date"] = frame["target"] * elapsed / period.days
    frame["pace"] = frame["revenue"] / frame["expected_to_date"].where(frame["expected_to_date"] != 0)
    frame["gap"] = frame["target"] - frame["revenue"]
    frame["required_daily_rate"] = frame["gap"] / remaining if remaining else float("nan")
    frame["daily_rate"] = frame["revenue"] / elapsed
    frame["run_rate"] = frame["daily_rate"] * period.days
    frame["seasonal"] = frame["revenue"] / frame["share"].where(frame["share"] > 0)
    frame["projection"] = frame["seasonal"].fillna(frame["run_rate"])
    frame["projected_attainment"] = frame["projection"] / frame["target"].where(frame["target"] != 0)
    frame["shortfall"] = frame["target"] - frame["projection"]
    frame["uplift"] = frame["required_daily_rate"] / frame["daily_rate"].where(frame["daily_rate"] > 0) - 1
    frame["pipeline"] = _open_pipeline(tables, filters, period, as_of, level).reindex(frame["level_id"]).to_numpy()
    frame["coverage"] = frame["pipeline"] / frame["gap"].where(frame["gap"] > 0)
    names = rep_names(tables) if level == "rep" else {}
    frame["name"] = [names.get(str(i), str(i)) for i in frame["level_id"]]
    return frame[_BY_COLUMNS].reset_index(drop=True)


_BY_COLUMNS = [
    "level_id",
    "name",
    "target",
    "revenue",
    "expected_to_date",
    "pace",
    "gap",
    "required_daily_rate",
    "daily_rate",
    "run_rate",
    "seasonal",
    "projection",
    "projected_attainment",
    "shortfall",
    "uplift",
    "pipeline",
    "coverage",
]


def shortfalls(tables: Tables, filters: Filters, period: Window, as_of: date, level: str) -> pd.DataFrame:
    """The ids of a level whose projection falls short of their target, worst projected attainment first, with
    what closing the gap takes: the required daily rate, its uplift on the current rate, open pipeline due."""
    frame = pacing_by(tables, filters, period, as_of, level)
    short = frame[frame["projection"] < frame["target"]]
    return short.sort_values(["projected_attainment", "level_id"]).reset_index(drop=True)


def _level_key(table: ibis.expr.types.Table, level: str) -> ibis.expr.types.Value:
    if level == "company":
        return ibis.literal("")
    return table[LEVEL_COLUMN[level]].cast("string")


def _shares_by(tables: Tables, filters: Filters, period: Window, as_of: date, level: str) -> pd.Series:
    """`last_year_share` per id of a level."""
    if not tables.has_revenue:
        return pd.Series(dtype="float64")
    months = _last_year_months(period)
    orders = filtered_orders(tables, filters, Window(months[0].start, months[-1].end))
    key = _level_key(orders, level)
    orders = orders.filter(key.notnull())
    grouped = (
        orders.group_by(level_id=_level_key(orders, level), month=orders.order_date.truncate("M").cast("date"))
        .aggregate(revenue=orders.revenue.sum())
        .execute()
    )
    grouped["month"] = pd.to_datetime(grouped["month"]).dt.date
    this_year = [p.window for p in periods_overlapping("month", period)]
    shares = {}
    for level_id, rows in grouped.groupby("level_id"):
        by_month = dict(zip(rows["month"], rows["revenue"].astype("float64"), strict=True))
        shares[level_id] = _share_by([by_month.get(m.start, 0.0) for m in months], this_year, as_of)
    return pd.Series(shares, dtype="float64")


def _open_pipeline(tables: Tables, filters: Filters, period: Window, as_of: date, level: str) -> pd.Series:
    """Open opportunity value per id expected to close after `as_of` and by the period's end."""
    if not tables.has("opportunities") or as_of >= period.end:
        return pd.Series(dtype="float64")
    deals = apply_dimensions(tables.opportunities(), filters)
    due = Window(as_of + timedelta(days=1), period.end)
    deals = deals.filter(deals.is_open & in_window(deals.expected_close_date, due))
    key = _level_key(deals, level)
    deals = deals.filter(key.notnull())
    grouped = deals.group_by(level_id=_level_key(deals, level)).aggregate(value=deals.amount.sum()).execute()
    return pd.Series(grouped["value"].astype("float64").to_numpy(), index=grouped["level_id"], dtype="float64")
