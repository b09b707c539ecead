"""The demo company: a deterministic, believable data set in every canonical table.

`build_demo` replaces the canonical tables' rows with about three years (2024-01-01 to AS_OF)
of a Chinese IT-equipment seller: six regions, seven teams, forty reps, ~2,000 customers, 58
products, order lines, book-based targets, a pipeline with snapshots and stage history,
activities, market sizes, training and customer feedback. Everything is generated inside
DuckDB from `hash(row, seed, salt)`, so a build depends only on (orders, seed) and the language
changes nothing but the words. It carries the signals a manager should find: star and struggling
reps, one region behind target this year, stalled and overdue deals, big customers gone quiet.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from salesdash.demo import crm, facts
from salesdash.demo.facts import AS_OF, Plan
from salesdash.demo.names import (
    ACTIVITY_TYPES,
    BRANCH,
    BRANDS,
    CATALOG,
    CHANNELS,
    COMPANY_SUFFIX,
    GEOGRAPHY,
    GIVEN_NAMES,
    INDUSTRIES,
    PUBLIC_BODIES,
    PUBLIC_INDUSTRY,
    SEGMENTS,
    SURNAMES,
    TEAMS,
)
from salesdash.demo.orders import PRODUCT_SLOTS, insert_orders, insert_targets
from salesdash.errors import InputError
from salesdash.i18n import t
from salesdash.schema import TABLES
from salesdash.store import REPLACED_PREFIX, Store

__all__ = ["AS_OF", "build_demo"]

Progress = Callable[[float, str], None]
COUNTRY = ("China", "中国")
# Share of each category in what a segment buys (Servers, Networking, Storage, Software, Services, Peripherals).
CATEGORY_MIX = (
    (0.24, 0.20, 0.12, 0.15, 0.17, 0.12),  # Enterprise
    (0.08, 0.20, 0.03, 0.22, 0.12, 0.35),  # SMB
    (0.18, 0.20, 0.10, 0.15, 0.20, 0.17),  # Public sector
)
SEGMENT_FACTORS = ((4.0, 0.25), (1.0, 0.06), (2.0, 0.12))  # (customer weight, quantity) per segment
BEHIND_REGION_MULTIPLIER = 0.65
STAR_MULTIPLIERS = (1.15, 1.6)  # 2025, 2026
STRUGGLER_MULTIPLIERS = (1.0, 0.5)


def build_demo(
    store: Store,
    orders: int = 200_000,
    seed: int = 7,
    lang: str = "en",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Replace every canonical table's rows with the demo company, in one transaction.

    Returns the number of rows written per table. The build registers one batch in `_batches`
    (mode 'replace-all'); the rows it replaced are kept for undo.

    Examples
    --------
    >>> with Store("/tmp/doctest-demo.duckdb") as store:  # doctest: +SKIP
    ...     build_demo(store, orders=5000)["orders"]
    5000
    """
    plan = _plan(orders, seed, lang)
    report = progress or (lambda fraction, message: None)
    with store.transaction() as cur:
        batch_id = store.next_batch_id(cur)
        _set_aside(cur, batch_id)
        report(0.02, t("demo.step.dimensions", lang))
        _create_label_tables(cur, plan)
        facts.create_customers(cur, plan, _name_words(plan))
        _insert_dimensions(cur, plan, batch_id)
        report(0.10, t("demo.step.orders", lang))
        total_orders = facts.create_order_groups(cur, plan)
        day_width = facts.create_calendar(cur, plan, total_orders)
        facts.create_customer_months(cur, plan)
        channels = [plan.label(c) for c in CHANNELS]
        insert_orders(cur, plan, batch_id, total_orders, day_width, plan.label(COUNTRY), channels)
        report(0.70, t("demo.step.targets", lang))
        insert_targets(cur, plan, batch_id)
        report(0.78, t("demo.step.pipeline", lang))
        crm.create_deals(cur, plan)
        crm.insert_opportunities(cur, batch_id)
        crm.insert_stage_history(cur, batch_id)
        report(0.85, t("demo.step.activities", lang))
        crm.insert_activities(cur, plan, batch_id, [plan.label(a) for a, _ in ACTIVITY_TYPES], total_orders)
        crm.insert_market(cur, plan, batch_id)
        crm.insert_training(cur, plan, batch_id)
        crm.insert_feedback(cur, plan, batch_id)
        counts = {name: int(cur.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]) for name in TABLES}
        _register_batch(cur, store, batch_id, plan, counts)
        _drop_temp_tables(cur)
    report(1.0, t("demo.step.done", lang))
    return counts


def _plan(orders: int, seed: int, lang: str) -> Plan:
    if lang not in ("en", "zh"):
        raise InputError(f"The demo data comes in English ('en') or Chinese ('zh'), not {lang!r}.")
    if not isinstance(orders, int) or orders < 1:
        raise InputError(f"The demo needs at least one order line; got {orders!r}.")
    if not isinstance(seed, int):
        raise InputError(f"The demo seed must be a whole number; got {seed!r}.")
    return Plan(
        orders=orders,
        seed=seed,
        lang=("en", "zh").index(lang),
        customers=min(2000, max(200, orders // 100)),
        opportunities=min(50_000, max(300, orders // 60)),
        activities=min(2_000_000, max(2000, orders // 5)),
    )


def _set_aside(cur: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Move the current rows into the `_replaced_` tables, so undoing the demo restores them."""
    for name in TABLES:
        cur.execute(f'INSERT INTO "{REPLACED_PREFIX}{name}" SELECT *, {batch_id} FROM "{name}"')
        cur.execute(f'DELETE FROM "{name}"')


def _register_batch(
    cur: duckdb.DuckDBPyConnection, store: Store, batch_id: int, plan: Plan, counts: dict[str, int]
) -> None:
    total = sum(counts.values())
    lang = ("en", "zh")[plan.lang]
    cur.execute(
        "INSERT INTO _batches (batch_id, table_name, file_name, file_hash, mode, rows_read, rows_loaded, inserted, "
        "updated, unchanged, rejected, mapping, user_name, created_at, undone_at) "
        "VALUES (?, 'demo', 'demo', ?, 'replace-all', ?, ?, ?, 0, 0, 0, ?, 'demo', ?, NULL)",
        [
            batch_id,
            f"demo:orders={plan.orders};seed={plan.seed};lang={lang}",
            total,
            total,
            total,
            json.dumps({"rows": counts}),
            AS_OF.isoformat() + " 00:00:00",
        ],
    )
    store.audit(cur, "demo", "demo", {"batch_id": batch_id, "orders": plan.orders, "seed": plan.seed, "lang": lang})


def _drop_temp_tables(cur: duckdb.DuckDBPyConnection) -> None:
    names = cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, '_demo_')"
    ).fetchall()
    for (name,) in names:
        cur.execute(f'DROP TABLE "{name}"')


def _create(cur: duckdb.DuckDBPyConnection, name: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """A small temp table from Python rows; `columns` is the column list with DuckDB types."""
    cur.execute(f"CREATE TEMP TABLE {name} ({columns})")
    frame = pd.DataFrame(list(rows), dtype=object)
    if len(frame):
        cur.register("_demo_rows", frame)
        cur.execute(f"INSERT INTO {name} SELECT * FROM _demo_rows")
        cur.unregister("_demo_rows")


def _name_words(plan: Plan) -> dict[str, str]:
    return {
        "sep": " " if plan.lang == 0 else "",
        "suffix": plan.label(COMPANY_SUFFIX),
        "branch": plan.label(BRANCH),
        "public_industry": plan.label(PUBLIC_INDUSTRY),
    }


def _create_label_tables(cur: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    rng = random.Random(f"salesdash-demo-{plan.seed}")
    behind = rng.choice([1, 2, 3, 4])  # one region, never East, falls behind this year
    _create_geography(cur, plan, behind)
    label = plan.label
    segments, low = [], 0.0
    for idx, ((name, share, channels), (weight, quantity)) in enumerate(zip(SEGMENTS, SEGMENT_FACTORS, strict=True)):
        high = 1.0 + 1e-9 if idx == len(SEGMENTS) - 1 else low + share
        segments.append((idx, label(name), low, high, weight, quantity, channels[0], channels[1]))
        low = high
    _create(
        cur,
        "_demo_segments",
        "seg_idx INTEGER, segment VARCHAR, cum_lo DOUBLE, cum_hi DOUBLE, weight_factor DOUBLE, "
        "quantity_factor DOUBLE, direct DOUBLE, distributor DOUBLE",
        segments,
    )
    _create(
        cur,
        "_demo_industries",
        "idx INTEGER, label VARCHAR, word VARCHAR",
        [(i, label(name), label(word)) for i, (name, word) in enumerate(INDUSTRIES)],
    )
    _create(cur, "_demo_brands", "idx INTEGER, label VARCHAR", [(i, label(b)) for i, b in enumerate(BRANDS)])
    _create(cur, "_demo_bodies", "idx INTEGER, label VARCHAR", [(i, label(b)) for i, b in enumerate(PUBLIC_BODIES)])
    _create_reps(cur, plan, rng)
    _create_products(cur, plan, rng)
    _create_splits(cur)


def _create_geography(cur: duckdb.DuckDBPyConnection, plan: Plan, behind: int) -> None:
    regions, cities, low = [], [], 0.0
    for r, (region, share, provinces) in enumerate(GEOGRAPHY):
        places = [(province, city) for province, names in provinces for city in names]
        high = 1.0 + 1e-9 if r == len(GEOGRAPHY) - 1 else low + share
        mult = BEHIND_REGION_MULTIPLIER if r == behind else 1.0
        regions.append((r, plan.label(region), share, low, high, len(places), mult))
        cities += [(r, i, plan.label(p), plan.label(c)) for i, (p, c) in enumerate(places)]
        low = high
    _create(
        cur,
        "_demo_regions",
        "region_idx INTEGER, region VARCHAR, weight DOUBLE, cum_lo DOUBLE, cum_hi DOUBLE, cities INTEGER, "
        "mult_2026 DOUBLE",
        regions,
    )
    _create(cur, "_demo_geo", "region_idx INTEGER, city_in_region INTEGER, province VARCHAR, city VARCHAR", cities)


def _create_reps(cur: duckdb.DuckDBPyConnection, plan: Plan, rng: random.Random) -> None:
    """Forty reps in seven teams: three leave (a new hire takes over), two more join late,
    three stars and three strugglers."""
    pairs = rng.sample(list(itertools.product(SURNAMES, GIVEN_NAMES)), 40 + len(TEAMS))
    sep = " " if plan.lang == 0 else ""
    names = [plan.label(s) + sep + plan.label(g) for s, g in pairs]
    reps: list[dict[str, Any]] = []
    for team_idx, (_, region_idx, size) in enumerate(TEAMS):
        for _ in range(size):
            hire = date(2014, 1, 6) + timedelta(days=rng.randint(0, 3550))
            reps.append({"team_idx": team_idx, "region_idx": region_idx, "hire": hire, "role": "normal"})
    big = [i for i, (_, _, size) in enumerate(TEAMS) if size >= 5]
    handover_teams = rng.sample(big, 3)
    for team_idx in handover_teams:
        members = [i for i, r in enumerate(reps) if r["team_idx"] == team_idx]
        leaver, successor = rng.sample(members, 2)
        leave = date(2025, 3, 1) + timedelta(days=rng.randint(0, 420))
        reps[leaver] |= {"role": "leaver", "leave": leave, "successor": successor}
        # Hired a quarter or so ahead, so the accounts can be handed over one by one before the leave date.
        reps[successor] |= {"role": "successor", "hire": leave - timedelta(days=rng.randint(90, 150))}
    for team_idx in rng.sample([i for i in range(len(TEAMS)) if i not in handover_teams], 2):
        member = rng.choice([i for i, r in enumerate(reps) if r["team_idx"] == team_idx])
        reps[member] |= {"role": "new", "hire": date(2025, 10, 1) + timedelta(days=rng.randint(0, 170))}
    normal = [i for i, r in enumerate(reps) if r["role"] == "normal"]
    chosen = rng.sample(normal, 6)
    for i in chosen[:3]:
        reps[i]["role"] = "star"
    for i in chosen[3:]:
        reps[i]["role"] = "struggling"
    _create(
        cur,
        "_demo_reps",
        "rep_idx INTEGER, rep_id VARCHAR, rep_name VARCHAR, team_idx INTEGER, team VARCHAR, manager VARCHAR, "
        "region_idx INTEGER, region VARCHAR, hire_date DATE, leave_date DATE, level VARCHAR, "
        "successor_idx INTEGER, role VARCHAR, mult_2025 DOUBLE, mult_2026 DOUBLE, pick_weight DOUBLE",
        [_rep_row(plan, i, r, names) for i, r in enumerate(reps)],
    )


def _rep_row(plan: Plan, i: int, rep: dict[str, Any], names: list[str]) -> tuple[Any, ...]:
    team, region_idx, _ = TEAMS[rep["team_idx"]]
    mults = {"star": STAR_MULTIPLIERS, "struggling": STRUGGLER_MULTIPLIERS}.get(rep["role"], (1.0, 1.0))
    leave = rep.get("leave")
    return (
        i,
        f"R{i + 1:03d}",
        names[i],
        rep["team_idx"],
        plan.label(team),
        names[40 + rep["team_idx"]],
        region_idx,
        plan.label(GEOGRAPHY[region_idx][0]),
        rep["hire"].isoformat(),
        leave.isoformat() if leave else None,
        "senior" if rep["hire"] < date(2020, 1, 1) else "junior",
        rep.get("successor"),
        rep["role"],
        mults[0],
        mults[1],
        3.0 if rep["role"] in ("new", "successor") else 1.0,
    )


def _create_products(cur: duckdb.DuckDBPyConnection, plan: Plan, rng: random.Random) -> None:
    products: list[tuple[Any, ...]] = []
    mix: list[tuple[int, int, float]] = []
    for category_idx, (category, lines) in enumerate(CATALOG):
        in_category = sum(len(models) for *_, models in lines)
        for subcategory, line, low, high, ratio, max_quantity, models in lines:
            for rank, model in enumerate(models):
                position = rank / max(1, len(models) - 1)
                price = round((low + (high - low) * position) * rng.uniform(0.9, 1.1), -2)
                cost = round(price * ratio * rng.uniform(0.95, 1.05))
                idx = len(products)
                name = f"{plan.label(line)} {model}"
                labels = (plan.label(category), plan.label(subcategory))
                products.append(
                    (
                        idx,
                        f"P{idx + 1:03d}",
                        name,
                        category_idx,
                        *labels,
                        price,
                        cost,
                        max_quantity,
                        rng.uniform(0.02, 0.06),
                    )
                )
                # Cheaper models sell more often within a category.
                mix.append((category_idx, idx, (1.3 - 0.6 * position) / in_category))
    _create(
        cur,
        "_demo_products",
        "product_idx INTEGER, product_id VARCHAR, product_name VARCHAR, category_idx INTEGER, category VARCHAR, "
        "subcategory VARCHAR, list_price DOUBLE, unit_cost DOUBLE, max_quantity INTEGER, inflation DOUBLE",
        products,
    )
    _create(
        cur,
        "_demo_categories",
        "category_idx INTEGER, category VARCHAR",
        [(i, plan.label(category)) for i, (category, _) in enumerate(CATALOG)],
    )
    rows = []
    for seg_idx, shares in enumerate(CATEGORY_MIX):
        weights = [shares[category_idx] * w for category_idx, _, w in mix]
        total, done = sum(weights), 0.0
        for (_, product_idx, _), weight in zip(mix, weights, strict=True):
            first, done = round(done / total * PRODUCT_SLOTS), done + weight
            rows += [(seg_idx, slot, product_idx) for slot in range(first, round(done / total * PRODUCT_SLOTS))]
    _create(cur, "_demo_product_mix", "seg_idx INTEGER, slot INTEGER, product_idx INTEGER", rows)


def _compositions(total: int) -> list[tuple[int, ...]]:
    """The ways to split `total` lines into orders of one to four lines."""
    if total == 0:
        return [()]
    return [(first, *rest) for first in range(1, min(4, total) + 1) for rest in _compositions(total - first)]


def _create_splits(cur: duckdb.DuckDBPyConnection) -> None:
    lines, orders, counts = [], [], []
    for total in range(1, 11):
        splits = _compositions(total)
        counts.append((total, len(splits)))
        for comp_idx, parts in enumerate(splits):
            orders.append((total, comp_idx, len(parts)))
            pos = 0
            for offset, size in enumerate(parts):
                lines += [(total, comp_idx, pos + k, offset, k + 1) for k in range(size)]
                pos += size
    _create(
        cur,
        "_demo_split",
        "total INTEGER, comp_idx INTEGER, pos INTEGER, order_offset INTEGER, line_no INTEGER",
        lines,
    )
    _create(cur, "_demo_split_orders", "total INTEGER, comp_idx INTEGER, orders INTEGER", orders)
    _create(cur, "_demo_split_counts", "total INTEGER, compositions INTEGER", counts)


def _insert_dimensions(cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int) -> None:
    cur.execute(f"""
        INSERT INTO customers (customer_id, customer_name, segment, industry, region, province, city,
                               created_date, status, _batch_id)
        SELECT customer_id, customer_name, segment, industry, region, province, city, created_date, status, {batch_id}
        FROM _demo_customers
    """)
    cur.execute(f"""
        INSERT INTO products (product_id, product_name, category, subcategory, list_price, unit_cost, _batch_id)
        SELECT product_id, product_name, category, subcategory, list_price, unit_cost, {batch_id} FROM _demo_products
    """)
    cur.execute(f"""
        INSERT INTO reps (rep_id, rep_name, team, manager, region, hire_date, leave_date, level, _batch_id)
        SELECT rep_id, rep_name, team, manager, region, hire_date, leave_date, level, {batch_id} FROM _demo_reps
    """)
