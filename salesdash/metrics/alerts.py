"""What needs a manager's attention now: reps behind pace, A-tier customers gone silent, overdue deals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import ibis

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.customers import abc_tiers
from salesdash.metrics.team.team import rep_figures
from salesdash.tables import Tables, apply_dimensions

__all__ = ["Alert", "alerts", "overdue_deals", "reps_behind_pace", "silent_a_customers"]

PACE_FLOOR = 0.70
SILENT_DAYS = 60


@dataclass(frozen=True)
class Alert:
    """One line of the alert list: a count, the page that explains it, and the message key."""

    key: str
    count: int
    page: str


def reps_behind_pace(tables: Tables, filters: Filters, window: Window, floor: float = PACE_FLOOR) -> list[str]:
    """Reps whose revenue is below `floor` × their pro-rata target to date (the target expected by now)."""
    reps = rep_figures(tables, filters, window)
    behind = reps[reps["attainment"].notna() & (reps["attainment"] < floor)]
    return sorted(behind["rep_id"].astype(str))


def silent_a_customers(tables: Tables, filters: Filters, window: Window, days: int = SILENT_DAYS) -> list[str]:
    """A-tier customers of the window whose last order is more than `days` before the window's end."""
    tiers = abc_tiers(tables, filters, window)
    a_tier = tiers.filter(tiers.tier == "A")
    orders = apply_dimensions(tables.orders(), filters)
    orders = orders.filter(orders.order_date <= ibis.literal(window.end))
    last = orders.group_by("customer_id").aggregate(last_order=orders.order_date.max())
    silent = a_tier.join(last, "customer_id").filter(
        lambda t: t.last_order < ibis.literal(window.end - timedelta(days=days))
    )
    return sorted(silent.customer_id.execute().astype(str))


def overdue_deals(tables: Tables, filters: Filters, window: Window) -> int:
    """Open deals whose expected close date has passed by the window's end."""
    if not tables.has("opportunities"):
        return 0
    deals = apply_dimensions(tables.opportunities(), filters)
    late = deals.is_open & (deals.expected_close_date < ibis.literal(window.end))
    return int(deals.count(where=late).execute())


def alerts(tables: Tables, filters: Filters, window: Window) -> list[Alert]:
    """The alert list of the Overview page; only alerts with a non-zero count."""
    found = []
    if tables.has_revenue:
        found.append(Alert("alert.reps_behind", len(reps_behind_pace(tables, filters, window)), "team"))
        found.append(Alert("alert.silent_a", len(silent_a_customers(tables, filters, window)), "customers"))
    found.append(Alert("alert.overdue_deals", overdue_deals(tables, filters, window), "pipeline"))
    return [a for a in found if a.count]
