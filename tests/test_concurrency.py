"""Twenty real Streamlit sessions browse while an analyst's upload, then a settings change, commits in the same server.

The sessions speak Streamlit's WebSocket protocol (bench/sessions.py); the upload goes through the Data page
in Debian's chromium, as an analyst does it. Both tests share one server; run them on one worker.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import LOCAL
from fixtures_proofs import JUNE, june_orders, window_delta

from bench.sessions import Route, Run, browse_during_write, percentile, run_sessions, submit_form
from salesdash import fmt
from salesdash.demo import build_demo
from salesdash.filters import Filters
from salesdash.i18n import t
from salesdash.ingest.pipeline import ingest_file
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("concurrency")]
SESSIONS = 20
REGIONS = (None, "East")  # half the sessions browse every region, half the East only
# The KPI cards the test reads. Each page's come from one `kpis` call; YoY growth is a second query in it.
PAGES = {"overview": ("revenue", "customers", "growth_yoy"), "market": ("revenue", "orders", "growth_yoy")}
QUERY = f"lang=en&start={JUNE[0].isoformat()}&end={JUNE[1].isoformat()}"


@dataclass
class Served:
    url: str
    upload: Path
    rows: int  # lines in the upload file
    batch: int  # the batch number the upload gets
    before: dict[str | None, dict[str, Any]]  # kpis of June 2025 by region, before the upload …
    after: dict[str | None, dict[str, Any]]  # … and after it
    revenue: float  # the default window's revenue (2026: the upload does not touch it)
    currency: str = "CNY"  # what the settings show; the settings test changes it


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The 20,000-line demo served by a real server; every figure the sessions may see, computed before it starts."""
    folder = tmp_path_factory.mktemp("concurrency")
    db, copy, upload = folder / "demo.duckdb", folder / "after.duckdb", folder / "june-orders.csv"
    lines = june_orders()
    lines.to_csv(upload, index=False)
    with Store(db) as store:
        build_demo(store, orders=20_000)
        before = {region: kpis(Tables.from_store(store), june(region)) for region in REGIONS}
        revenue = kpis(Tables.from_store(store), Filters())["revenue"]
    assert not Path(f"{db}.wal").exists()
    shutil.copy(db, copy)
    with Store(copy) as store:  # the same upload on a copy: the figures after it
        result = ingest_file(store, upload, user=LOCAL)
        after = {region: kpis(Tables.from_store(store), june(region)) for region in REGIONS}
        assert kpis(Tables.from_store(store), Filters())["revenue"] == revenue
    assert (result.rows_loaded, result.inserted, result.rows_rejected) == (len(lines), len(lines), 0)
    for region in REGIONS:  # the change, checked against pandas on the file's lines
        delta = window_delta(lines, JUNE, region)
        assert after[region]["revenue"] - before[region]["revenue"] == pytest.approx(delta["revenue"])
        assert delta["orders"] > 0 and after[region]["orders"] - before[region]["orders"] == delta["orders"]
        assert after[region]["customers"] - before[region]["customers"] == delta["customers"]
    with serve(db) as url:
        yield Served(url, upload, len(lines), result.batch_id, before, after, revenue)


def june(region: str | None) -> Filters:
    return Filters(start=JUNE[0], end=JUNE[1], region=(region,) if region else ())


def shown(figures: dict[str, Any], page: str, currency: str) -> dict[str, str]:
    """The KPI cards `page` shows for `figures`, as the card labels and texts of the English page."""
    formats = {"revenue": partial(fmt.money, lang="en", currency=currency), "growth_yoy": fmt.percent}
    return {
        t(f"kpi.{key}", "en"): formats.get(key, partial(fmt.number, lang="en"))(figures[key]) for key in PAGES[page]
    }


def routes() -> list[tuple[str | None, Route]]:
    """June 2025 from a link, a region or all; every other run on the other page, the filters kept as a
    browser keeps them (sent back with each run)."""
    found = []
    for region in REGIONS:
        pins: dict[str, str | list[str]] = {
            "f_preset": t("filters.preset.custom", "en"),
            "f_dates": [JUNE[0].isoformat(), JUNE[1].isoformat()],
        }
        query = QUERY
        if region:
            pins["f_region"] = [region]
            query += f"&region={region}"
        for pages in (("overview", "market"), ("market", "overview")):
            found.append((region, Route(query, pages, pins)))
    return found


@dataclass
class Upload:
    clicked: float  # time.perf_counter() when Load was pressed …
    reported: float  # … and when the page said the batch was loaded
    metrics: dict[str, str]
    exceptions: int


def metric_values(page: Any) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return {label.strip(): value.strip() for label, value in zip(labels, values, strict=False)}


def choose_file(stack: ExitStack, url: str, file: Path) -> Any:
    """The analyst opens the Data page and picks the file through the file chooser: the Load button shows."""
    page: Any = stack.enter_context(browser_page())
    page.set_default_timeout(240_000)  # the server serves 20 sessions meanwhile
    page.goto(f"{url}/data?lang=en")
    wait_for_app(page, timeout=240_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(file))
    page.get_by_role("button", name=t("data.load", "en"), exact=True).wait_for()
    wait_for_app(page, timeout=240_000)
    return page


def press_load(page: Any, loaded: str) -> Upload:
    """… and presses Load; returns what the page reported."""
    clicked = time.perf_counter()
    page.get_by_role("button", name=t("data.load", "en"), exact=True).click()
    page.get_by_text(loaded).wait_for()
    reported = time.perf_counter()
    wait_for_app(page, timeout=240_000)
    return Upload(clicked, reported, metric_values(page), page.locator('[data-testid="stException"]').count())


def test_twenty_sessions_see_the_before_or_the_after_state_while_an_upload_commits(served: Served) -> None:
    require_chromium()
    began = time.perf_counter()
    regions = [region for region, _ in routes()]
    browsing = [route for _, route in routes()]
    expected = {
        (region, page): (
            shown(served.before[region], page, served.currency),
            shown(served.after[region], page, served.currency),
        )
        for region in REGIONS
        for page in PAGES
    }
    assert all(before[label] != after[label] for before, after in expected.values() for label in before)
    run_sessions(served.url, 4, rounds=1, routes=browsing)  # the server's first runs import and warm the caches
    loaded = t("data.loaded", "en", batch=served.batch, table=t("table.orders", "en"))
    # Playwright's sync objects stay on the thread that made them: the analyst gets one thread.
    with ThreadPoolExecutor(1) as analyst, ExitStack() as stack:
        try:
            page = analyst.submit(choose_file, stack, served.url, served.upload).result()
            warm = time.perf_counter() - began

            async def upload() -> Upload:
                return await asyncio.wrap_future(analyst.submit(press_load, page, loaded))

            results, uploaded = asyncio.run(browse_during_write(served.url, SESSIONS, upload, routes=browsing))
        finally:
            analyst.submit(stack.close).result()
    wall = time.perf_counter() - began

    assert uploaded.exceptions == 0
    rows = f"{served.rows:,}"
    assert {uploaded.metrics[t(key, "en")] for key in ("data.rows_read", "data.rows_loaded", "data.inserted")} == {rows}
    assert uploaded.metrics[t("data.rows_rejected", "en")] == "0"
    runs = [(regions[result.session % len(regions)], run) for result in results for run in result.runs]
    assert [run.errors for _, run in runs if run.errors] == []
    assert all(run.status == "FINISHED_SUCCESSFULLY" for _, run in runs)
    states = []
    for region, run in runs:
        before, after = expected[(region, run.page)]
        seen = {label: run.metrics[label] for label in before}
        assert seen in (before, after), (region, run.page, seen, before, after)
        states.append("after" if seen == after else "before")
        if run.ended < uploaded.clicked:
            assert seen == before  # over before the upload began
        if run.started > uploaded.reported:
            assert seen == after  # began after the page said the batch was loaded
    during = [run for _, run in runs if run.started < uploaded.reported and run.ended > uploaded.clicked]
    assert during, "no run overlapped the upload: the test proved nothing"
    assert all(result.runs[-1].started > uploaded.reported for result in results)
    print(
        f"\nduring the upload: {SESSIONS} sessions, {len(runs)} runs ({states.count('before')} before, "
        f"{states.count('after')} after, {len(during)} overlapping the load), 0 errors; {timings([r for _, r in runs])}; "
        f"Load pressed → reported {uploaded.reported - uploaded.clicked:.1f} s; wall {wall:.0f} s "
        f"(warming and choosing the file {warm:.0f} s); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def test_twenty_sessions_see_the_before_or_the_after_state_while_a_change_commits(served: Served) -> None:
    began = time.perf_counter()
    before, after = fmt.money(served.revenue, "en", served.currency), fmt.money(served.revenue, "en", "USD")
    assert before != after
    run_sessions(served.url, 1, rounds=1)  # the first run of a server process imports and warms the caches
    save = partial(submit_form, served.url, "lang=en", "settings", {"Currency": "USD"}, "Save settings")
    results, saved = asyncio.run(browse_during_write(served.url, SESSIONS, save))
    served.currency = "USD"

    assert saved.errors == [] and saved.status == "FINISHED_SUCCESSFULLY"
    runs = [run for result in results for run in result.runs]
    assert [run.errors for run in runs if run.errors] == []
    assert all(run.status == "FINISHED_SUCCESSFULLY" for run in runs)
    assert {run.metrics["Revenue"] for run in runs} <= {before, after}
    assert all(result.runs[-1].metrics["Revenue"] == after for result in results)  # started after the commit
    print(
        f"\nduring the commit: {SESSIONS} sessions, {len(runs)} runs, "
        f"{sum(r.metrics['Revenue'] == before for r in runs)} showing the before state; {timings(runs)}; "
        f"wall {time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.1f}"
    )


def timings(runs: list[Run]) -> str:
    seconds = [run.seconds for run in runs]
    return (
        f"rerun p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, max {max(seconds):.2f} s"
    )
