"""The headline KPI cards (the figures of `kpis`) with deltas against the comparison period."""

from __future__ import annotations

from typing import Any

from salesdash import fmt
from salesdash.filters import Filters, Window
from salesdash.kpis import kpis
from salesdash.metrics.pipeline.change import open_pipeline_on
from salesdash.metrics.pipeline.pipeline import pipeline_summary
from salesdash.metrics.sales import growth, growth_yoy, sales_summary
from salesdash.metrics.targets.targets import attainment, target_for
from ui.components import Card, kpi_cards
from ui.state import cached, comparison, filters, lang, money, window

__all__ = ["headline", "headline_cards"]


def _delta(now: float | None, before: float | None) -> str | None:
    change = growth(now, before)
    return fmt.delta_percent(change) if change is not None else None


def _point_delta(now: float | None, before: float | None) -> str | None:
    if now is None or before is None:
        return None
    return f"{(now - before) * 100:+.1f} pt"


def figures(current: Filters, span: Window) -> dict[str, Any]:
    """The headline figures of `kpis` for one window, from the same functions `kpis` calls, without its ABC
    tiers and per-rep rows, which no headline card shows (they cost half of `kpis`' time)."""
    summary = cached(sales_summary, current, span)
    target = cached(target_for, current, span)
    return {
        **summary,
        "growth_yoy": cached(growth_yoy, current, span),
        "target": target,
        "attainment": attainment(summary["revenue"], target),
        "pipeline": cached(pipeline_summary, current, span),
    }


def headline() -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The figures of the window and of the comparison window, as `kpis` computes them."""
    current, span, before_window = filters(), window(), comparison()
    if span is None:
        return cached(kpis, current), None
    now = figures(current, span)
    before = figures(current.with_window(before_window), before_window) if before_window else None
    return now, before


def _pipeline_before() -> dict[str, float] | None:
    """The open and weighted pipeline at the comparison window's end, from the snapshot of that day (or
    before); None without such a snapshot: the card then shows no change (docs/figures.md, "Pipeline")."""
    before_window = comparison()
    if before_window is None:
        return None
    return cached(open_pipeline_on, filters(), before_window.end)


def headline_cards(keys: tuple[str, ...]) -> None:
    """KPI cards for some of: revenue, attainment, growth_yoy, gross_margin, customers, orders,
    avg_order_value, target, open_value, weighted_value, win_rate, avg_deal_size, avg_cycle_days."""
    if window() is None:
        return
    now, before = headline()
    lang_ = lang()
    pipeline_before = _pipeline_before() if {"open_value", "weighted_value"} & set(keys) else None
    cards = []
    for key in keys:
        section = (
            "pipeline"
            if key in ("open_value", "weighted_value", "win_rate", "avg_deal_size", "avg_cycle_days")
            else None
        )
        value = now[section][key] if section else now[key]
        previous = (before[section][key] if section else before[key]) if before else None
        if key in ("open_value", "weighted_value"):  # a stock: compared with its snapshot at the comparison's end
            previous = pipeline_before[key] if pipeline_before else None
        if key in ("attainment", "gross_margin", "win_rate", "growth_yoy"):
            shown, delta = fmt.percent(value), _point_delta(value, previous)
        elif key in ("orders", "customers", "avg_cycle_days"):
            shown, delta = fmt.number(value, lang_), _delta(value, previous)
        else:
            shown, delta = money(value), _delta(value, previous)
        cards.append(Card(f"kpi.{key}", shown, delta))
    kpi_cards(cards)
