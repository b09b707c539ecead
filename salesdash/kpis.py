"""The headline figures of `kpis` (docs/cli.md) in one object, computed by the functions the pages use."""

from __future__ import annotations

import math
from typing import Any

from salesdash.filters import Filters
from salesdash.metrics.customers.customers import tier_summary
from salesdash.metrics.pipeline.pipeline import PIPELINE_KEYS, pipeline_summary
from salesdash.metrics.sales import growth_yoy, sales_summary
from salesdash.metrics.targets.targets import attainment, target_for
from salesdash.metrics.team.team import REP_COLUMNS, rep_figures
from salesdash.tables import Tables

__all__ = ["HEADLINE", "kpis"]

# The top-level figures of the `kpis` object, in the order docs/cli.md lists them.
HEADLINE = ("revenue", "orders", "customers", "avg_order_value", "gross_margin", "growth_yoy", "target", "attainment")


# Figures that count things (orders, customers, deals): whole numbers in JSON wherever they appear
# (docs/cli.md#kpis); every other figure is a number with a fraction (money, ratio, days) or null.
COUNTS = frozenset({"orders", "customers", "won", "lost", "open"})


def _plain(value: Any, key: str = "") -> Any:
    """JSON-ready, nested: NaN, ±Infinity and missing become None, numpy scalars become Python numbers,
    counts (`COUNTS`) become ints and the other figures floats."""
    if isinstance(value, dict):
        return {name: _plain(item, name) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, key) for item in value]
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not math.isfinite(value):
        return None
    return int(value) if key in COUNTS else float(value)


def kpis(tables: Tables, filters: Filters) -> dict[str, Any]:
    """Every figure of `python -m salesdash kpis --json` for the filters' window and scope.

    The result holds only finite numbers, None, text and nested dicts/lists (valid JSON, docs/cli.md); `customers`
    is None when no line of the window names a customer (no customer column loaded: the data cannot tell).
    """
    window = tables.window(filters)
    if window is None:
        return _no_data()
    summary = sales_summary(tables, filters, window)
    if summary.get("customers") == 0:
        summary["customers"] = None
    target = target_for(tables, filters, window)
    reps = rep_figures(tables, filters, window)
    return _plain(
        {
            "window": {"start": window.start.isoformat(), "end": window.end.isoformat()},
            **summary,
            "growth_yoy": growth_yoy(tables, filters, window),
            "target": target,
            "attainment": attainment(summary["revenue"], target),
            "tiers": tier_summary(tables, filters, window),
            "pipeline": pipeline_summary(tables, filters, window),
            "reps": [{key: row[key] for key in REP_COLUMNS} for row in reps.to_dict("records")],
        }
    )


def _no_data() -> dict[str, Any]:
    return {
        "window": {"start": None, "end": None},
        **dict.fromkeys(HEADLINE),
        "tiers": {tier: {"customers": None, "revenue": None} for tier in "ABC"},
        "pipeline": dict.fromkeys(PIPELINE_KEYS),
        "reps": [],
    }
