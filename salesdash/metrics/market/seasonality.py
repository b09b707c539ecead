"""Seasonality from the whole order history, and the months that fall outside their expected band.

Definitions (documented on the Market page too):
- history: revenue per calendar month of every order line up to the window's end (dimension filters
  applied); a month between the first order and the window's end without order lines counts as 0.
- complete year: a calendar year whose 12 months all lie between the first order's month and the
  window's end (that is, the first order falls in or before its January and the window ends on or after
  its 31 December).
- seasonality index of calendar month m = mean over complete years of revenue(year, m) / mean over complete
  years of all 12 monthly revenues = 12 × Σ_years revenue(year, m) / Σ_years Σ_months revenue. The 12
  indices average exactly 1. Without a complete year there is no index.
- expected revenue of a month = index(its calendar month) × mean revenue of the 12 months before it (the
  level); it exists once 12 months of history precede the month (index 1 when there is no index).
  residual = revenue − expected; σ = population standard deviation of all residuals in the history.
  A month is flagged when its revenue lies outside expected ± k·σ, k = setting `market_band_sigma`
  (default 2). When the window ends before its last month does, that month's expected value and band are
  taken pro rata: × days up to the window's end / days in the month.
"""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders
from salesdash.tables import Tables

__all__ = ["expected_band", "monthly_history", "seasonality_index"]


def monthly_history(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Revenue per calendar month (`year`, `month`, `revenue`) from the first order's month to the window's
    end month, months without order lines included as 0."""
    columns = ["year", "month", "revenue"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    orders = filtered_orders(tables, filters)
    orders = orders.filter(orders.order_date <= window.end)
    grouped = orders.group_by(year=orders.order_date.year(), month=orders.order_date.month()).aggregate(
        revenue=orders.revenue.sum()
    )
    found = grouped.execute()
    if found.empty:
        return pd.DataFrame(columns=columns)
    first = int(found["year"].min()), int(found.loc[found["year"] == found["year"].min(), "month"].min())
    calendar = pd.period_range(f"{first[0]}-{first[1]:02d}", f"{window.end.year}-{window.end.month:02d}", freq="M")
    frame = pd.DataFrame({"year": calendar.year.astype("int64"), "month": calendar.month.astype("int64")})
    found = found.astype({"year": "int64", "month": "int64"})
    frame = frame.merge(found, on=["year", "month"], how="left")
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    return frame


def _complete_years(history: pd.DataFrame, window: Window) -> list[int]:
    if history.empty:
        return []
    first_year = int(history["year"].iloc[0])
    first_complete = first_year if int(history["month"].iloc[0]) == 1 else first_year + 1
    last_complete = window.end.year if window.end >= date(window.end.year, 12, 31) else window.end.year - 1
    return list(range(first_complete, last_complete + 1))


def seasonality_index(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per calendar month 1–12: `index` = 12 × Σ revenue of that month over the complete years ÷ Σ revenue
    of the complete years, with `years` = the number of complete years used. Empty without a complete
    year (or when the complete years' revenue is 0)."""
    history = monthly_history(tables, filters, window)
    years = _complete_years(history, window)
    columns = ["month", "index", "revenue", "years"]
    complete = history[history["year"].isin(years)]
    total = float(complete["revenue"].sum()) if not complete.empty else 0.0
    if not years or total == 0:
        return pd.DataFrame(columns=columns)
    by_month = complete.groupby("month", as_index=False)["revenue"].sum()
    by_month["index"] = 12 * by_month["revenue"] / total
    by_month["years"] = len(years)
    return by_month[columns]


def expected_band(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Monthly revenue of the history with `expected`, `low`, `high` (expected ± k·σ of the residuals)
    and `flagged` (revenue outside [low, high]), as defined in this module's docstring; only the months
    of the window are returned."""
    history = monthly_history(tables, filters, window)
    columns = ["month", "revenue", "expected", "low", "high", "flagged"]
    if history.empty:
        return pd.DataFrame(columns=columns)
    index = seasonality_index(tables, filters, window).set_index("month")["index"]
    level = history["revenue"].rolling(12).mean().shift(1)
    seasonal = history["month"].map(index).fillna(1.0) if not index.empty else 1.0
    history["expected"] = level * seasonal
    residual = history["revenue"] - history["expected"]
    sigma = float(residual.std(ddof=0)) if residual.notna().any() else float("nan")
    k = float(tables.settings.get("market_band_sigma", 2))
    history["low"] = history["expected"] - k * sigma
    history["high"] = history["expected"] + k * sigma
    last = history.index[-1]
    elapsed = window.end.day / calendar.monthrange(window.end.year, window.end.month)[1]
    history.loc[last, ["expected", "low", "high"]] = history.loc[last, ["expected", "low", "high"]] * elapsed
    history["flagged"] = (history["revenue"] < history["low"]) | (history["revenue"] > history["high"])
    history["month"] = [date(int(y), int(m), 1) for y, m in zip(history["year"], history["month"], strict=True)]
    inside = history[(history["month"] >= window.start.replace(day=1)) & (history["month"] <= window.end)]
    return inside[columns].reset_index(drop=True)
