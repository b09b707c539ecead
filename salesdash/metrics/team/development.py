"""Developing people: how new hires ramp up, and training against attainment."""

from __future__ import annotations

import ibis
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.metrics.team.figures import scoped_training
from salesdash.metrics.team.team import rep_figures
from salesdash.tables import Tables, apply_dimensions, in_window

__all__ = ["ramp_average", "ramp_curves", "training_vs_attainment"]

RAMP_MONTHS = 12


def _new_hires(tables: Tables, filters: Filters, window: Window, months: int) -> pd.DataFrame:
    """Reps under the filters' region, team and rep hired in the `months` calendar months up to the window's end."""
    reps = apply_dimensions(tables.table("reps"), filters, ("region", "team", "rep"))
    first = (pd.Timestamp(window.end).to_period("M") - (months - 1)).to_timestamp().date()
    hires = reps.filter(reps.hire_date.between(ibis.literal(first), ibis.literal(window.end)))
    return hires.select("rep_id", "rep_name", "hire_date").distinct(on="rep_id", keep="first").execute()


def _tenure_month(year: int, month: int, hired: pd.Timestamp) -> int:
    return (year - hired.year) * 12 + month - hired.month + 1


def ramp_curves(tables: Tables, filters: Filters, window: Window, months: int = RAMP_MONTHS) -> pd.DataFrame:
    """Revenue per new hire by tenure month (1 = the month of hire_date), for reps hired in the `months`
    calendar months up to the window's end, from hire to the window's end; months without orders are 0.
    Columns: rep_id, rep_name, hire_date, tenure_month, revenue."""
    columns = ["rep_id", "rep_name", "hire_date", "tenure_month", "revenue"]
    if not tables.has("reps") or not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    hires = _new_hires(tables, filters, window, months)
    if hires.empty:
        return pd.DataFrame(columns=columns)
    hires["hire_date"] = pd.to_datetime(hires["hire_date"])
    orders = filtered_orders(tables, filters, Window(hires["hire_date"].min().date(), window.end))
    orders = orders.filter(orders.rep_id.isin(list(hires["rep_id"])))
    monthly = (
        orders.group_by("rep_id", year=orders.order_date.year(), month=orders.order_date.month())
        .aggregate(revenue=orders.revenue.sum())
        .execute()
    )
    grid = _tenure_grid(hires, window)
    if not monthly.empty:
        hired = monthly["rep_id"].map(hires.set_index("rep_id")["hire_date"])
        monthly["tenure_month"] = [
            _tenure_month(y, m, h) for y, m, h in zip(monthly["year"], monthly["month"], hired, strict=True)
        ]
        grid = grid.merge(monthly[["rep_id", "tenure_month", "revenue"]], on=["rep_id", "tenure_month"], how="left")
    else:
        grid["revenue"] = 0.0
    grid["revenue"] = grid["revenue"].astype("float64").fillna(0.0)
    grid["hire_date"] = grid["hire_date"].dt.date
    return grid[columns].sort_values(["rep_id", "tenure_month"]).reset_index(drop=True)


def _tenure_grid(hires: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Every (new hire, tenure month) from the hire month to the window's end month."""
    rows: list[tuple[object, ...]] = []
    for rep in hires.itertuples():
        last = _tenure_month(window.end.year, window.end.month, rep.hire_date)
        rows.extend((rep.rep_id, rep.rep_name, rep.hire_date, k) for k in range(1, last + 1))
    return pd.DataFrame(rows, columns=["rep_id", "rep_name", "hire_date", "tenure_month"])


def ramp_average(tables: Tables, filters: Filters, window: Window, months: int = RAMP_MONTHS) -> pd.DataFrame:
    """Mean revenue per new hire in each tenure month, over the new hires who reached that month."""
    curves = ramp_curves(tables, filters, window, months)
    if curves.empty:
        return pd.DataFrame(columns=["tenure_month", "revenue", "reps"])
    return (
        curves.groupby("tenure_month", as_index=False)
        .agg(revenue=("revenue", "mean"), reps=("rep_id", "count"))
        .astype({"reps": "float64"})
    )


def training_vs_attainment(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per rep of `rep_figures` with training in the window: hours = Σ hours, score = mean score,
    courses = count of training rows, beside the rep's attainment in the window."""
    columns = ["rep_id", "rep_name", "hours", "score", "courses", "attainment"]
    if not tables.has("training"):
        return pd.DataFrame(columns=columns)
    rows = scoped_training(tables, filters)
    rows = rows.filter(in_window(rows.training_date, window))
    trained = (
        rows.group_by("rep_id")
        .aggregate(hours=rows.hours.sum(), score=rows.score.mean(), courses=rows.count())
        .execute()
    )
    reps = rep_figures(tables, filters, window)[["rep_id", "rep_name", "attainment"]]
    frame = trained.merge(reps, on="rep_id", how="left")
    frame = frame.astype({"hours": "float64", "score": "float64", "courses": "float64", "attainment": "float64"})
    return frame[columns].sort_values("rep_id").reset_index(drop=True)
