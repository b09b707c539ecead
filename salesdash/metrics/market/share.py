"""Our share of the market and the competitors' shares, from the `market` table.

Rows of `market` whose competitor is empty or null give the market's size for a period, region and
category; rows naming a competitor give that competitor's sales. Our revenue for a market period is
Σ orders.revenue with order_date in [period_start, period_end] (all global filters applied; the region
and category filters also narrow the market rows). share = our revenue / market size. Periods shown are
all market periods that end on or before the window's end (a quarter still running would compare part of
our sales with the whole market).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.sales import filtered_orders, growth
from salesdash.tables import Tables, apply_dimensions

__all__ = ["OURS", "SHARE_BY", "competitor_shares", "share_growth_matrix", "share_over_time"]

SHARE_BY: tuple[str, ...] = ("total", "region", "category")
# The competitor name that stands for our own sales in `competitor_shares`.
OURS = "__ours__"
_SHARE_COLUMNS = ["period", "period_start", "period_end", "key", "market_size", "revenue", "share"]


def _market(tables: Tables, filters: Filters, window: Window) -> ir.Table:
    market = apply_dimensions(tables.table("market"), filters)
    return market.filter(market.period_end <= window.end)


def _is_total(market: ir.Table) -> ir.BooleanValue:
    return market.competitor.isnull() | (market.competitor.strip() == "")


def _key(table: ir.Table, by: str) -> ir.Value:
    return ibis.literal("all") if by == "total" else table[by].fill_null("—")


def _our_revenue(tables: Tables, filters: Filters, periods: ir.Table, by: str) -> ir.Table:
    orders = filtered_orders(tables, filters)
    # Days first: the range join then meets a few thousand daily rows, not every order line.
    daily = orders.group_by("order_date", key=_key(orders, by)).aggregate(revenue=orders.revenue.sum())
    joined = daily.join(periods, [daily.order_date >= periods.period_start, daily.order_date <= periods.period_end])
    return joined.group_by("period", "key").aggregate(revenue=joined.revenue.sum())


def share_over_time(tables: Tables, filters: Filters, window: Window, by: str = "total") -> pd.DataFrame:
    """Per market period and value of `by` (total, region or category, column `key`): the market size,
    our revenue and share = revenue / market_size (null when the market size is 0 or missing)."""
    if by not in SHARE_BY:
        raise ValueError(f"by must be one of {SHARE_BY}")
    if not tables.has("market"):
        return pd.DataFrame(columns=_SHARE_COLUMNS)
    market = _market(tables, filters, window)
    totals = market.filter(_is_total(market))
    sizes = totals.group_by("period", "period_start", "period_end", key=_key(totals, by)).aggregate(
        market_size=totals.market_size.sum()
    )
    periods = market.select("period", "period_start", "period_end").distinct()
    ours = _our_revenue(tables, filters, periods, by) if tables.has_revenue else None
    frame = sizes.execute()
    revenue = ours.execute() if ours is not None else pd.DataFrame(columns=["period", "key", "revenue"])
    frame = frame.merge(revenue, on=["period", "key"], how="left")
    frame["revenue"] = frame["revenue"].astype("float64").fillna(0.0)
    frame["share"] = (frame["revenue"] / frame["market_size"]).where(frame["market_size"] > 0)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    return frame.sort_values(["period_start", "key"]).reset_index(drop=True)[_SHARE_COLUMNS]


def competitor_shares(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Per market period: each competitor's sales and share = its sales / the market size, with our own
    revenue and share under the competitor name `OURS`."""
    columns = ["period", "period_start", "competitor", "sales", "share"]
    if not tables.has("market"):
        return pd.DataFrame(columns=columns)
    market = _market(tables, filters, window)
    rivals = market.filter(~_is_total(market))
    sales = rivals.group_by("period", "competitor").aggregate(sales=rivals.competitor_sales.sum()).execute()
    ours = share_over_time(tables, filters, window, "total")
    sales = pd.concat([sales, ours[["period", "revenue"]].rename(columns={"revenue": "sales"}).assign(competitor=OURS)])
    sales = sales.merge(ours[["period", "period_start", "market_size"]], on="period", how="inner")
    sales["sales"] = sales["sales"].astype("float64")
    sales["share"] = (sales["sales"] / sales["market_size"]).where(sales["market_size"] > 0)
    return sales.sort_values(["period_start", "competitor"]).reset_index(drop=True)[columns]


def share_growth_matrix(tables: Tables, filters: Filters, window: Window, by: str = "category") -> pd.DataFrame:
    """Per value of `by`: our share of the market over the market periods lying inside the window
    (Σ revenue / Σ market size), the market's growth = market size of those periods / market size of the
    periods lying inside the window a year earlier − 1, our revenue growth likewise, and our revenue."""
    columns = ["key", "revenue", "market_size", "share", "market_growth", "revenue_growth"]
    frame = share_over_time(tables, filters, window, by)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    now = _inside(frame, window).groupby("key")[["revenue", "market_size"]].sum()
    before = _inside(frame, window.year_earlier()).groupby("key")[["revenue", "market_size"]].sum()
    result = now.join(before, rsuffix="_before", how="left").reset_index()
    result["share"] = (result["revenue"] / result["market_size"]).where(result["market_size"] > 0)
    result["market_growth"] = [
        growth(n, p) for n, p in zip(result["market_size"], result["market_size_before"], strict=True)
    ]
    result["revenue_growth"] = [growth(n, p) for n, p in zip(result["revenue"], result["revenue_before"], strict=True)]
    return result[columns]


def _inside(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    return frame[(frame["period_start"] >= window.start) & (frame["period_end"] <= window.end)]
