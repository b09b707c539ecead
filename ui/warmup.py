"""Warm-up after an upload: the default view computed in the background (docs/pages.md#warm-up-after-an-upload).

A new data version (an upload or undo through the Data page, a load by the command line or the inbox, a
setting change) empties every cached figure. The first person to open a page after it would wait for the
whole page; so when this process first sees a new version, one background thread computes what a visitor of
the default link sees first on every dashboard page: the sidebar's options, the KPI row (window and
comparison) and the page's first section, with the default filters (this year to date, compared with the
previous period, no dimension chosen) and no scope. A scoped user's or another filter's view is computed on
its first visit as before.

The figures go through the same cache as a page run (`ui.state.cached`), so a page run afterwards finds them.
The thread reads one committed state, keyed by the version it read, and holds the file like a page run does.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import date

from salesdash.filters import Filters, Window, comparison_window, preset_window
from salesdash.metrics.customers.churn import churn_totals
from salesdash.metrics.customers.concentration import concentration, pareto_curve, tier_table
from salesdash.metrics.customers.movement import new_vs_returning_summary
from salesdash.metrics.market.trend import trend
from salesdash.metrics.pipeline.change import open_pipeline_on
from salesdash.metrics.pipeline.funnel import funnel, stage_durations
from salesdash.metrics.pipeline.outcomes import velocity
from salesdash.metrics.targets.attainment import periods_with_data
from salesdash.metrics.targets.on_track import monthly_on_track
from salesdash.metrics.targets.pacing import pacing, pacing_path, pacing_summary
from salesdash.metrics.team.commission import commission_summary
from salesdash.metrics.team.leaderboard import leaderboard
from salesdash.metrics.team.spread import attainment_spread
from salesdash.options import filter_options, first_date, latest_date
from salesdash.periods import period_containing
from ui import state
from ui.headline import figures

__all__ = ["DefaultView", "enabled", "seen", "start", "warm"]

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_seen: dict[str, str] = {}  # store path -> the last data version this process saw
_threads: dict[str, threading.Thread] = {}  # data version -> its warm-up


class DefaultView:
    """The view of the default link: its filters (window applied), window, comparison and the data's today."""

    def __init__(self, filters: Filters, window: Window, comparison: Window | None, latest: date) -> None:
        self.filters, self.window, self.comparison, self.latest = filters, window, comparison, latest


def enabled() -> bool:
    """Off with `SALESDASH_WARMUP=off` (docs/operations.md): a machine short of cores, or a test."""
    return os.environ.get("SALESDASH_WARMUP", "on").lower() not in ("off", "0", "false", "no")


def default_view(version: str) -> DefaultView | None:
    """The default link's view, resolved as the sidebar resolves it (ui/sidebar); None without data."""
    latest = state.cached(latest_date)
    if latest is None:
        return None
    tables = state.tables(version, ())
    chosen = preset_window("ytd", latest, tables.fiscal_first_month)
    window = tables.window(Filters(start=chosen.start, end=chosen.end))
    if window is None:
        return None
    return DefaultView(
        Filters(start=window.start, end=window.end), window, comparison_window(window, "previous"), latest
    )


def _headline(view: DefaultView) -> None:
    """Every page's KPI row (ui/headline): the window's figures, the comparison's, the pipeline at its end."""
    state.cached(filter_options)
    state.cached(first_date)
    figures(view.filters, view.window)
    if view.comparison is not None:
        figures(view.filters.with_window(view.comparison), view.comparison)
        state.cached(open_pipeline_on, view.filters, view.comparison.end)


def _targets(view: DefaultView, first_month: int) -> None:
    """The Targets page's first section at its default controls (this quarter, views/targets/sections.py)."""
    as_of = min(view.window.end, view.latest)
    state.cached(periods_with_data, "quarter", first_month)
    period = period_containing("quarter", as_of, first_month)
    state.cached(pacing, view.filters, period.window, as_of)
    if period.start <= as_of:
        state.cached(pacing_path, view.filters, period.window, as_of)
    state.cached(pacing_summary, view.filters, as_of, first_month)


def _first_sections(view: DefaultView, first_month: int) -> list[Callable[[], object]]:
    """Each dashboard page's figures above and in its first section, as the page calls them (views/)."""
    f, w, c = view.filters, view.window, view.comparison
    return [
        lambda: state.cached(monthly_on_track, f, w, c),  # overview
        lambda: _targets(view, first_month),
        lambda: state.cached(trend, f, w, c, "month"),  # market
        lambda: [state.cached(figure, f, w) for figure in (tier_table, concentration, new_vs_returning_summary)],
        lambda: state.cached(churn_totals, f, w),
        lambda: state.cached(pareto_curve, f, w),  # customers' first section
        lambda: [state.cached(figure, f, w) for figure in (velocity, funnel, stage_durations)],  # pipeline
        lambda: [state.cached(figure, f, w) for figure in (attainment_spread, commission_summary)],  # team
        lambda: state.cached(leaderboard, f, w, c),
    ]


def warm() -> None:
    """Compute the default view's figures for the store's current data version (in this thread)."""
    store = state.store()
    with store.snapshot():
        version = state.data_version()
        with state.bound_to(version, ()):
            view = default_view(version)
            if view is None:
                return
            _headline(view)
            for step in _first_sections(view, state.tables(version, ()).fiscal_first_month):
                step()


def _run(version: str) -> None:
    started = time.perf_counter()
    before = sum(state.computed.values())
    try:
        warm()
        done = sum(state.computed.values()) - before
        _log.info("warmed %s: %d figures in %.2f s", version, done, time.perf_counter() - started)
    except Exception:  # a warm-up that fails costs nothing but the first visitor's wait: the page computes then
        _log.exception("warm-up of %s failed", version)


def start() -> threading.Thread | None:
    """Start the warm-up of the current data version in a background thread, once per version; the thread,
    or None when it is off or already done for this version."""
    if not enabled():
        return None
    version = state.data_version()
    with _lock:
        found = _threads.get(version)
        if found is not None:
            return found
        thread = threading.Thread(target=_run, args=(version,), name="salesdash-warmup", daemon=True)
        _threads[version] = thread
    thread.start()
    return thread


def seen(version: str) -> None:
    """Called on every page run with the data version it reads: a version new to this process (committed by
    the command line, the inbox or another session) starts the warm-up; the first one seen does not (the
    server just started: nothing was cached before, and nobody is waiting for a new state)."""
    path = version.partition("#")[0]
    with _lock:
        before = _seen.get(path)
        _seen[path] = version
    if before is not None and before != version:
        start()
