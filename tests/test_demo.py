"""The demo company: complete, exact in size, deterministic per seed, consistent, and with the
signals a manager is meant to find."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from salesdash.demo import AS_OF, build_demo
from salesdash.demo.facts import SNAPSHOTS
from salesdash.errors import InputError
from salesdash.schema import TABLES
from salesdash.store import Store

SIGNAL_ORDERS = 20_000
YEAR_START = date(AS_OF.year, 1, 1)


def _build(path: Path, orders: int = 5000, seed: int = 7, lang: str = "en") -> tuple[Store, dict[str, int]]:
    store = Store(path)
    return store, build_demo(store, orders=orders, seed=seed, lang=lang)


def _rows(store: Store, sql: str) -> list[tuple]:
    return store.cursor().execute(sql).fetchall()


def _checksums(store: Store) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, per canonical table."""
    return {name: _rows(store, f'SELECT count(*), sum(hash(t)) FROM "{name}" t')[0] for name in TABLES}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    store, counts = _build(tmp_path_factory.mktemp("demo") / "demo.duckdb", orders=SIGNAL_ORDERS)
    yield store, counts
    store.close()


def test_every_canonical_table_is_filled_and_counted(demo: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo
    assert set(counts) == set(TABLES)
    assert counts == {name: store.row_count(name) for name in TABLES}
    assert all(n > 0 for n in counts.values()), counts
    assert counts["orders"] == SIGNAL_ORDERS
    assert (counts["reps"], counts["products"], counts["customers"]) == (40, 58, 200)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[int, int, str], Store]]:
    """Small builds by (orders, seed, lang), made once for the tests that compare them."""
    folder = tmp_path_factory.mktemp("builds")
    stores = {key: _build(folder / "_".join(map(str, key)), *key)[0] for key in [(3001, 11, "en"), (3001, 12, "en")]}
    stores[(3001, 11, "zh")] = _build(folder / "zh", 3001, 11, "zh")[0]
    yield stores
    for store in stores.values():
        store.close()


@pytest.mark.parametrize("orders", [11, 3001, SIGNAL_ORDERS])
def test_exact_number_of_order_lines_in_orders_of_one_to_four_lines(
    demo: tuple[Store, dict[str, int]], builds: dict[tuple[int, int, str], Store], tmp_path: Path, orders: int
) -> None:
    store = {SIGNAL_ORDERS: demo[0], 3001: builds[(3001, 11, "en")]}.get(orders)
    if store is None:
        store = _build(tmp_path / "n.duckdb", orders=orders)[0]
    lines = _rows(store, "SELECT count(*) FROM orders")
    sizes = _rows(
        store,
        "SELECT min(n), max(n), bool_and(numbered) FROM ("
        "SELECT count(*) AS n, list_sort(list(CAST(line_id AS INTEGER))) = range(1, count(*) + 1) AS numbered "
        "FROM orders GROUP BY order_id)",
    )
    assert lines == [(orders,)]
    assert sizes[0][0] >= 1 and sizes[0][1] <= 4 and sizes[0][2] is True


def test_same_seed_same_data_other_seed_other_data(builds: dict[tuple[int, int, str], Store], tmp_path: Path) -> None:
    with Store(tmp_path / "again.duckdb") as again:
        build_demo(again, orders=3001, seed=11)
        first = _checksums(builds[(3001, 11, "en")])
        assert _checksums(again) == first
    other = _checksums(builds[(3001, 12, "en")])
    differing = {name for name in TABLES if first[name] != other[name]}
    assert {"orders", "customers", "targets", "opportunities", "activities", "reps"} <= differing


def test_language_changes_words_not_numbers(builds: dict[tuple[int, int, str], Store]) -> None:
    english, chinese = builds[(3001, 11, "en")], builds[(3001, 11, "zh")]
    numbers = "SELECT count(*), round(sum(revenue), 2), sum(cost), sum(hash(order_id, line_id, order_date, customer_id)) FROM orders"
    assert _rows(english, numbers) == _rows(chinese, numbers)
    assert _rows(chinese, "SELECT DISTINCT country FROM orders") == [("中国",)]
    assert {r[0] for r in _rows(chinese, "SELECT DISTINCT region FROM orders")} == {
        "华东", "华南", "华北", "西南", "华中", "东北"
    }  # fmt: skip
    assert {r[0] for r in _rows(chinese, "SELECT DISTINCT channel FROM orders")} == {"直销", "经销", "线上"}
    assert {r[0] for r in _rows(chinese, "SELECT DISTINCT segment FROM customers")} == {
        "大客户", "中小企业", "政府机构"
    }  # fmt: skip
    assert {r[0] for r in _rows(chinese, "SELECT DISTINCT activity_type FROM activities")} == {
        "电话", "拜访", "邮件", "演示"
    }  # fmt: skip
    assert {r[0] for r in _rows(english, "SELECT DISTINCT region FROM orders")} == {
        "East", "South", "North", "Southwest", "Central", "Northeast"
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(TABLES))
def test_keys_are_unique(demo: tuple[Store, dict[str, int]], name: str) -> None:
    store, _ = demo
    key = ", ".join(TABLES[name].key)
    duplicates = _rows(store, f'SELECT {key}, count(*) FROM "{name}" GROUP BY ALL HAVING count(*) > 1 LIMIT 3')
    nulls = _rows(
        store, f'SELECT count(*) FROM "{name}" WHERE ' + " OR ".join(f"{k} IS NULL" for k in TABLES[name].key)
    )
    assert duplicates == []
    assert nulls == [(0,)]


@pytest.mark.parametrize(
    ("table", "column", "dimension"),
    [
        ("orders", "customer_id", "customers"),
        ("orders", "product_id", "products"),
        ("orders", "rep_id", "reps"),
        ("opportunities", "customer_id", "customers"),
        ("opportunities", "rep_id", "reps"),
        ("opportunities", "product_id", "products"),
        ("activities", "rep_id", "reps"),
        ("activities", "customer_id", "customers"),
        ("targets", "rep_id", "reps"),
        ("training", "rep_id", "reps"),
        ("feedback", "customer_id", "customers"),
    ],
)
def test_references_exist(demo: tuple[Store, dict[str, int]], table: str, column: str, dimension: str) -> None:
    store, _ = demo
    orphans = _rows(
        store,
        f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT {column} FROM {dimension})",
    )
    assert orphans == [(0,)]


def test_order_lines_add_up(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    worst = _rows(
        store,
        "SELECT max(abs(revenue - quantity * unit_price * (1 - discount))), max(abs(profit - (revenue - cost))), "
        "count(*) FILTER (WHERE sign(revenue) <> sign(quantity)), count(*) FILTER (WHERE quantity = 0) FROM orders",
    )[0]
    assert worst[0] < 1e-6 and worst[1] < 1e-6
    assert worst[2:] == (0, 0)
    assert _rows(store, "SELECT DISTINCT currency FROM orders") == [("CNY",)]


def test_orders_span_the_data_years_and_a_few_percent_are_returns(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    first, last, returns = _rows(
        store, "SELECT min(order_date), max(order_date), avg(CAST(quantity < 0 AS INTEGER)) FROM orders"
    )[0]
    assert (first, last) == (date(2024, 1, 1), AS_OF)
    assert 0.01 < returns < 0.03


def test_a_customer_is_served_by_its_regions_team(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    mismatched = _rows(
        store,
        "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) JOIN reps r USING (rep_id) "
        "WHERE o.region <> c.region OR r.region <> c.region OR o.team <> r.team OR o.segment <> c.segment",
    )
    # At most two reps serve a customer: its owner and, after the owner left, the successor.
    reps_per_customer = _rows(
        store, "SELECT max(n) FROM (SELECT count(DISTINCT rep_id) AS n FROM orders GROUP BY customer_id)"
    )
    assert mismatched == [(0,)]
    assert reps_per_customer[0][0] <= 2


def test_targets_roll_up_exactly_every_month(demo: tuple[Store, dict[str, int]]) -> None:
    """Invariant: for every month, company target = Σ region targets = Σ team targets = Σ rep targets."""
    store, _ = demo
    levels = _rows(store, "SELECT DISTINCT level, metric FROM targets ORDER BY level")
    sums = _rows(
        store,
        "SELECT period, sum(target) FILTER (level = 'company'), sum(target) FILTER (level = 'region'), "
        "sum(target) FILTER (level = 'team'), sum(target) FILTER (level = 'rep') FROM targets GROUP BY period "
        "ORDER BY period",
    )
    assert levels == [("company", "revenue"), ("region", "revenue"), ("rep", "revenue"), ("team", "revenue")]
    assert [s[0] for s in sums] == [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]
    assert all(abs(c - r) < 0.01 and abs(c - t) < 0.01 and abs(c - p) < 0.01 for _, c, r, t, p in sums), sums


def test_target_rows_follow_the_contract(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    wrong = _rows(
        store,
        """SELECT count(*) FROM targets WHERE period_start <> CAST(period || '-01' AS DATE)
           OR period_end <> last_day(period_start) OR target <= 0
           OR NOT CASE level
               WHEN 'rep' THEN level_id = rep_id AND team IS NOT NULL AND region IS NOT NULL
               WHEN 'team' THEN level_id = team AND rep_id IS NULL AND region IS NOT NULL
               WHEN 'region' THEN level_id = region AND rep_id IS NULL AND team IS NULL
               WHEN 'company' THEN level_id = '' AND rep_id IS NULL AND team IS NULL AND region IS NULL
           END""",
    )
    companies = _rows(store, "SELECT count(*) FROM targets WHERE level = 'company'")
    assert wrong == [(0,)]
    assert companies == [(36,)]


def test_targets_are_set_a_little_above_last_year(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    target, actual = _rows(
        store,
        "SELECT (SELECT sum(target) FROM targets WHERE level = 'company' AND period LIKE '2025-%'), "
        "(SELECT sum(revenue) FROM orders WHERE year(order_date) = 2024)",
    )[0]
    assert 1.05 < target / actual < 1.2


def test_the_build_is_one_undoable_batch(demo: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo
    batches = _rows(
        store,
        "SELECT batch_id, table_name, file_name, mode, rows_loaded, created_at, undone_at FROM _batches",
    )
    assert batches == [(1, "demo", "demo", "replace-all", sum(counts.values()), datetime(2026, 9, 18), None)]
    for name in TABLES:
        assert _rows(store, f'SELECT DISTINCT _batch_id FROM "{name}"') == [(1,)]


def test_a_rebuild_replaces_the_data_keeps_it_for_undo_and_fails_whole(tmp_path: Path) -> None:
    store, _ = _build(tmp_path / "twice.duckdb", orders=300)
    seen: list[float] = []

    def fail(fraction: float, message: str) -> None:
        if fraction > 0.5:
            raise RuntimeError("stop")

    with store:
        version = store.data_version()
        counts = build_demo(store, orders=200, seed=8, progress=lambda fraction, message: seen.append(fraction))
        assert store.data_version() == version + 1
        assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5
        assert _rows(store, "SELECT count(*), min(_batch_id), max(_batch_id) FROM orders") == [(200, 2, 2)]
        assert _rows(store, "SELECT count(*), min(_replaced_by), max(_batch_id) FROM _replaced_orders") == [(300, 2, 1)]
        assert _rows(store, "SELECT batch_id, rows_loaded FROM _batches ORDER BY 1")[1] == (2, sum(counts.values()))
        assert _rows(store, "SELECT count(*) FROM duckdb_tables() WHERE temporary") == [(0,)]
        before = _checksums(store)
        with pytest.raises(RuntimeError):
            build_demo(store, orders=400, seed=9, progress=fail)
        assert _checksums(store) == before
        assert _rows(store, "SELECT count(*) FROM _batches") == [(2,)]


@pytest.mark.parametrize(("orders", "lang"), [(0, "en"), (100, "fr")])
def test_bad_arguments_are_refused(tmp_path: Path, orders: int, lang: str) -> None:
    with Store(tmp_path / "bad.duckdb") as store, pytest.raises(InputError):
        build_demo(store, orders=orders, lang=lang)


def test_pipeline_snapshots_show_each_deal_as_it_stood(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    snapshots = _rows(store, "SELECT DISTINCT snapshot_date FROM opportunities ORDER BY 1")
    inconsistent = _rows(
        store,
        """SELECT count(*) FROM opportunities WHERE status <> CASE WHEN stage IN ('won', 'after_sales') THEN 'won'
               WHEN stage = 'lost' THEN 'lost' ELSE 'open' END
           OR (closed_date IS NULL) <> (status = 'open') OR closed_date > snapshot_date
           OR created_date > snapshot_date OR probability IS NOT NULL
           OR (lost_reason IS NOT NULL) <> (status = 'lost')""",
    )
    everyone_latest = _rows(
        store,
        f"SELECT count(DISTINCT opportunity_id) FILTER (WHERE snapshot_date = DATE '{AS_OF}') "
        "= count(DISTINCT opportunity_id) FROM opportunities",
    )
    assert snapshots == [(d,) for d in SNAPSHOTS]
    assert inconsistent == [(0,)]
    assert everyone_latest == [(True,)]


def test_stage_history_matches_the_latest_snapshot(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    mismatched = _rows(
        store,
        f"""WITH last AS (SELECT opportunity_id, arg_max(stage, entered_date) AS stage, count(*) AS steps,
                                 count(*) FILTER (WHERE stage = 'contact') AS contacts
                          FROM stage_history GROUP BY ALL)
            SELECT count(*) FROM opportunities o LEFT JOIN last l USING (opportunity_id)
            WHERE o.snapshot_date = DATE '{AS_OF}'
              AND (l.stage IS DISTINCT FROM o.stage OR l.contacts <> 1
                   OR (o.status = 'won' AND l.steps < 5))""",
    )
    assert mismatched == [(0,)]


def test_market_rows_are_totals_or_one_competitor(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    wrong = _rows(
        store,
        """SELECT count(*) FROM market WHERE NOT regexp_full_match(period, '20[0-9]{2}-Q[1-4]')
           OR CASE WHEN competitor = '' THEN market_size IS NULL OR competitor_sales IS NOT NULL
                   ELSE market_size IS NOT NULL OR competitor_sales IS NULL END
           OR period_start <> CAST(date_trunc('quarter', period_start) AS DATE)
           OR period_end <> CAST(period_start + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)""",
    )
    competitors = _rows(store, "SELECT count(DISTINCT competitor) FROM market WHERE competitor <> ''")
    assert wrong == [(0,)]
    assert competitors == [(3,)]


# --- the signals a manager should find ------------------------------------------------------

PACE = f"""
    WITH target AS (
        SELECT level, level_id, sum(target * (least(period_end, DATE '{AS_OF}') - period_start + 1)
                                        / (period_end - period_start + 1)) AS expected
        FROM targets WHERE period_start BETWEEN DATE '{YEAR_START}' AND DATE '{AS_OF}' GROUP BY ALL),
    revenue AS (
        SELECT 'rep' AS level, rep_id AS level_id, sum(revenue) AS revenue FROM orders
        WHERE order_date >= DATE '{YEAR_START}' GROUP BY ALL
        UNION ALL
        SELECT 'region', region, sum(revenue) FROM orders WHERE order_date >= DATE '{YEAR_START}' GROUP BY ALL
        UNION ALL
        SELECT 'company', '', sum(revenue) FROM orders WHERE order_date >= DATE '{YEAR_START}')
    SELECT level, level_id, coalesce(revenue, 0) / expected AS pace FROM target LEFT JOIN revenue USING (level, level_id)
"""


def _paces(store: Store, level: str) -> list[float]:
    return sorted(p for lvl, _, p in _rows(store, PACE) if lvl == level)


def test_some_reps_are_stars_and_some_struggle(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    reps = _paces(store, "rep")
    assert sum(p < 0.7 for p in reps) >= 2
    assert sum(p > 1.25 for p in reps) >= 2


def test_one_region_is_clearly_behind_while_the_company_is_near_plan(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    regions = _paces(store, "region")
    assert regions[0] < 0.85 < regions[1]
    assert 0.9 < _paces(store, "company")[0] < 1.1


def test_big_customers_have_gone_quiet(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    quiet = _rows(
        store,
        f"""WITH yearly AS (SELECT customer_id, sum(revenue) FILTER (WHERE year(order_date) = 2025) AS revenue,
                                   max(order_date) AS last_order FROM orders GROUP BY ALL),
                 ranked AS (SELECT *, percent_rank() OVER (ORDER BY revenue DESC) AS top FROM yearly)
            SELECT count(*) FROM ranked JOIN customers USING (customer_id)
            WHERE top < 0.1 AND status = 'active' AND DATE '{AS_OF}' - last_order BETWEEN 60 AND 120""",
    )
    assert quiet[0][0] >= 3


def test_some_open_deals_are_stalled_or_overdue(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    stalled, overdue, open_now = _rows(
        store,
        f"""WITH moved AS (SELECT opportunity_id, max(entered_date) AS last_move FROM stage_history GROUP BY ALL)
            SELECT count(*) FILTER (WHERE DATE '{AS_OF}' - last_move > 90),
                   count(*) FILTER (WHERE expected_close_date < DATE '{AS_OF}'), count(*)
            FROM opportunities JOIN moved USING (opportunity_id)
            WHERE snapshot_date = DATE '{AS_OF}' AND status = 'open'""",
    )[0]
    assert stalled >= 3 and overdue >= 3 and open_now > stalled


def test_reps_join_and_leave(demo: tuple[Store, dict[str, int]]) -> None:
    # Successors join a quarter or more before the leaver goes, so "recent" is the last 18 months.
    store, _ = demo
    leavers, recent, levels, teams = _rows(
        store,
        f"""SELECT count(leave_date), count(*) FILTER (WHERE hire_date > DATE '{AS_OF}' - 548),
                   list(DISTINCT level ORDER BY level), count(DISTINCT team) FROM reps""",
    )[0]
    after_leaving = _rows(
        store, "SELECT count(*) FROM orders o JOIN reps r USING (rep_id) WHERE o.order_date >= r.leave_date"
    )
    assert (leavers, levels, teams) == (3, ["junior", "senior"], 7)
    assert recent >= 3
    assert after_leaving == [(0,)]


# Demo coherence: what a manager would question on the default-size demo (`python -m salesdash demo`).
# Each figure is computed here in SQL on the store, independently of salesdash.metrics.
FULL_ORDERS = 200_000
PLAN_END = date(AS_OF.year, AS_OF.month, 1)  # the as-of month is partial: compare full months before it


@pytest.fixture(scope="module", params=[50_000, FULL_ORDERS], ids=["screenshots", "default"])
def full(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Store]:
    """The demo at the size of the README screenshots and at the default size."""
    store, _ = _build(tmp_path_factory.mktemp("full") / "full.duckdb", orders=request.param)
    yield store
    store.close()


def test_every_rep_with_sales_has_activities_that_year(full: Store) -> None:
    silent = _rows(
        full,
        """SELECT year(order_date), rep_id, round(sum(revenue)) FROM orders o
           WHERE NOT EXISTS (SELECT 1 FROM activities a
                             WHERE a.rep_id = o.rep_id AND year(a.activity_date) = year(o.order_date))
           GROUP BY ALL""",
    )
    assert silent == []


def test_the_top_customers_main_rep_has_a_target_and_works_the_account(full: Store) -> None:
    customer, rep, target, visits, busiest = _rows(
        full,
        f"""WITH top AS (SELECT customer_id FROM orders WHERE order_date >= DATE '{YEAR_START}'
                         GROUP BY ALL ORDER BY sum(revenue) DESC, customer_id LIMIT 1),
                 main AS (SELECT customer_id, rep_id FROM orders JOIN top USING (customer_id)
                          WHERE order_date >= DATE '{YEAR_START}' GROUP BY ALL ORDER BY sum(revenue) DESC LIMIT 1),
                 per_customer AS (SELECT customer_id, count(*) AS n FROM activities
                                  WHERE activity_date >= DATE '{YEAR_START}' GROUP BY ALL)
            SELECT m.customer_id, m.rep_id,
                   (SELECT sum(target) FROM targets t WHERE t.level = 'rep' AND t.rep_id = m.rep_id
                    AND t.period_start >= DATE '{YEAR_START}' AND t.period_start <= DATE '{AS_OF}'),
                   (SELECT count(*) FROM activities a WHERE a.rep_id = m.rep_id AND a.customer_id = m.customer_id
                    AND a.activity_date >= DATE '{YEAR_START}'),
                   (SELECT quantile_cont(n, 0.9) FROM per_customer)
            FROM main m""",
    )[0]
    assert target is not None and target > 0, (customer, rep)
    assert visits >= busiest, (customer, rep, visits, busiest)  # among the most worked accounts


def test_no_rep_leaps_from_the_bottom_to_the_top_between_quarters(full: Store) -> None:
    """Reps on staff through two consecutive quarters: none goes from the bottom ten to the top three,
    or back (a handover is gradual; a leaver or a new hire is not compared)."""
    leaps = _rows(
        full,
        """WITH q AS (SELECT rep_id, CAST(date_trunc('quarter', order_date) AS DATE) AS quarter,
                            sum(revenue) AS revenue FROM orders GROUP BY ALL),
                ranked AS (SELECT *, rank() OVER (PARTITION BY quarter ORDER BY revenue DESC) AS rank,
                                  count(*) OVER (PARTITION BY quarter) AS reps FROM q)
           SELECT a.rep_id, a.quarter, b.rank, a.rank FROM ranked a
           JOIN ranked b ON b.rep_id = a.rep_id AND b.quarter = a.quarter - INTERVAL 3 MONTH
           JOIN reps r ON r.rep_id = a.rep_id
           WHERE r.hire_date < b.quarter AND (r.leave_date IS NULL OR r.leave_date > a.quarter + INTERVAL 3 MONTH)
             AND ((b.rank > b.reps - 10 AND a.rank <= 3) OR (b.rank <= 3 AND a.rank > a.reps - 10))""",
    )
    assert leaps == []


def test_new_hires_ramp_believably(full: Store) -> None:
    """Every month of a new hire's (or successor's) first year with a quota: attainment 40%–200%, never 0%
    then 430%."""
    months = _rows(
        full,
        f"""WITH sold AS (SELECT rep_id, CAST(date_trunc('month', order_date) AS DATE) AS month,
                                sum(revenue) AS revenue FROM orders GROUP BY ALL)
            SELECT t.rep_id, t.period_start, coalesce(s.revenue, 0) / t.target AS attainment
            FROM targets t JOIN reps r USING (rep_id)
            LEFT JOIN sold s ON s.rep_id = t.rep_id AND s.month = t.period_start
            WHERE t.level = 'rep' AND r.hire_date >= DATE '2025-01-01' AND t.period_start < DATE '{PLAN_END}'
              AND t.period_start < r.hire_date + INTERVAL 12 MONTH""",
    )
    assert len({rep for rep, _, _ in months}) >= 4
    if _rows(full, "SELECT count(*) FROM orders")[0][0] < FULL_ORDERS:
        # Known: with 500 customers a successor inherits a handful of lumpy accounts (8%..536% months).
        pytest.xfail("smaller demos are too lumpy per rep and month for believable ramps")
    outside = [(rep, str(month), round(a, 2)) for rep, month, a in months if not 0.4 <= a <= 2.0]
    assert outside == []


def _attainments(store: Store, level: str, start: date, end: date) -> dict[str, float]:
    """Revenue / target per level id over the full months [start, end)."""
    key = {"company": "''", "region": "region", "rep": "rep_id"}[level]
    rows = _rows(
        store,
        f"""WITH plan AS (SELECT level_id, sum(target) AS target FROM targets
                          WHERE level = '{level}' AND period_start >= DATE '{start}' AND period_start < DATE '{end}'
                          GROUP BY ALL),
                 sold AS (SELECT {key} AS level_id, sum(revenue) AS revenue FROM orders
                          WHERE order_date >= DATE '{start}' AND order_date < DATE '{end}' GROUP BY ALL)
            SELECT level_id, revenue / target FROM plan JOIN sold USING (level_id)""",
    )
    return dict(rows)


def test_targets_are_planned_not_copied_from_sales(full: Store) -> None:
    """Attainment varies by region, rep and month, as it does when a plan is set ahead of the year."""
    company = _attainments(full, "company", YEAR_START, PLAN_END)[""]
    regions = _attainments(full, "region", YEAR_START, PLAN_END)
    reps = _attainments(full, "rep", YEAR_START, PLAN_END)
    assert abs(company - 1) > 0.005, company
    assert max(regions.values()) - min(regions.values()) > 0.2, regions
    assert sum(a < 0.9 for a in reps.values()) >= 5 and sum(a > 1.1 for a in reps.values()) >= 5
    for year in range(2024, AS_OF.year + 1):
        months = [
            _attainments(full, "company", date(year, m, 1), date(year + m // 12, m % 12 + 1, 1))[""]
            for m in range(1, 13 if year < AS_OF.year else AS_OF.month)
        ]
        assert max(months) - min(months) > 0.1, (year, months)


def test_no_rep_leaps_from_the_bottom_to_the_top_of_the_leaderboard(full: Store) -> None:
    """The Team leaderboard's default view: the year to date against the period of the same length before it.
    Every rep with sales in both, new hires and successors included: none from the bottom ten to the top three
    (a leaver's key accounts go to a long-serving rep, not to the newcomer)."""
    days = (AS_OF - YEAR_START).days + 1
    leaps = _rows(
        full,
        f"""WITH now AS (SELECT rep_id, rank() OVER (ORDER BY sum(revenue) DESC) AS rank FROM orders
                         WHERE order_date BETWEEN DATE '{YEAR_START}' AND DATE '{AS_OF}' GROUP BY ALL),
                 before AS (SELECT rep_id, rank() OVER (ORDER BY sum(revenue) DESC) AS rank,
                                   count(*) OVER () AS reps FROM orders
                            WHERE order_date BETWEEN DATE '{YEAR_START}' - {days} AND DATE '{YEAR_START}' - 1
                            GROUP BY ALL)
            SELECT rep_id, before.rank, now.rank FROM now JOIN before USING (rep_id)
            WHERE before.rank > before.reps - 10 AND now.rank <= 3""",
    )
    assert leaps == []
