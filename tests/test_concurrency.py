"""Twenty real Streamlit sessions browse the overview while a settings change commits in the same server."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Iterator
from functools import partial

import pytest
from browser import serve

from bench.sessions import Run, browse_during_write, percentile, run_sessions, submit_form
from salesdash import fmt
from salesdash.demo import build_demo
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables

pytestmark = pytest.mark.slow
SESSIONS = 20


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, float]]:
    db = tmp_path_factory.mktemp("concurrency") / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=20_000)
        revenue = kpis(Tables.from_store(store), Filters())["revenue"]
    with serve(db) as url:
        yield url, revenue


def test_twenty_sessions_see_the_before_or_the_after_state_while_a_change_commits(
    served: tuple[str, float],
) -> None:
    url, revenue = served
    before, after = fmt.money(revenue, "en", "CNY"), fmt.money(revenue, "en", "USD")
    assert before != after
    run_sessions(url, 1, rounds=1)  # the first run of a server process imports and warms the caches
    save = partial(submit_form, url, "lang=en", "settings", {"Currency": "USD"}, "Save settings")
    results, saved = asyncio.run(browse_during_write(url, SESSIONS, save))

    assert saved.errors == [] and saved.status == "FINISHED_SUCCESSFULLY"
    runs = [run for result in results for run in result.runs]
    assert [run.errors for run in runs if run.errors] == []
    assert all(run.status == "FINISHED_SUCCESSFULLY" for run in runs)
    assert {run.metrics["Revenue"] for run in runs} <= {before, after}
    assert all(result.runs[-1].metrics["Revenue"] == after for result in results)  # started after the commit
    print(
        f"during the commit: {SESSIONS} sessions, {len(runs)} runs, "
        f"{sum(r.metrics['Revenue'] == before for r in runs)} showing the before state; {timings(runs)}"
    )
    steady = [run for result in run_sessions(url, SESSIONS, rounds=2) for run in result.runs]
    assert {run.metrics["Revenue"] for run in steady} == {after} and not any(run.errors for run in steady)
    print(f"steady (cached figures): {SESSIONS} sessions, {len(steady)} runs; {timings(steady)}")


def timings(runs: list[Run]) -> str:
    seconds = [run.seconds for run in runs]
    return (
        f"rerun p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, max {max(seconds):.2f} s"
    )
