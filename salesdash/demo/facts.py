"""The SQL that generates the demo company's customers and facts inside DuckDB.

Every value is derived from `hash(row number, seed, salt)`, never from `random()`, so a build is
the same for the same seed. Small label tables (`_demo_*` temp tables) are made by `salesdash.demo.build`;
the statements here read them and write the canonical tables in one streaming pass each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

__all__ = [
    "AS_OF",
    "SNAPSHOTS",
    "START",
    "Plan",
    "create_calendar",
    "create_customer_months",
    "create_customers",
    "create_order_groups",
    "handover_dip",
    "owner_at",
    "sql_list",
    "sql_text",
    "unit",
]

START = date(2024, 1, 1)
AS_OF: date = date(2026, 9, 18)
# Month-ends of the three months before AS_OF, and AS_OF itself: the pipeline snapshots.
SNAPSHOTS: tuple[date, ...] = (date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), AS_OF)
LAST_MONTH = (AS_OF.year - START.year) * 12 + AS_OF.month - 1  # month index of AS_OF, 32


@dataclass(frozen=True)
class Plan:
    """The sizes and the seed of one build; `lang` is 0 for English, 1 for Chinese labels."""

    orders: int
    seed: int
    lang: int
    customers: int
    opportunities: int
    activities: int

    def u(self, key: str, salt: str) -> str:
        return unit(key, self.seed, salt)

    def label(self, pair: tuple[str, str]) -> str:
        return pair[self.lang]


def unit(key: str, seed: int, salt: str) -> str:
    """SQL for a pseudo-random number in [0, 1) fixed by (key, seed, salt)."""
    return f"((hash({key}, {seed}, '{salt}') % 1000000007) / 1000000007.0)"


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(values: list[str] | tuple[str, ...]) -> str:
    """A DuckDB list literal; index it 1-based: `{sql_list(x)}[i + 1]`."""
    return "[" + ", ".join(sql_text(v) for v in values) + "]"


def _date(d: date) -> str:
    return f"DATE '{d.isoformat()}'"


def _month_index(expr: str) -> str:
    return f"((year({expr}) - {START.year}) * 12 + month({expr}) - 1)"


def create_customers(cur: duckdb.DuckDBPyConnection, plan: Plan, words: dict[str, str]) -> None:
    """`_demo_customers`: who they are, where, since when, until when they buy, and their rep.

    `words` holds the name pieces of the language: sep, suffix, branch (with {n}), public_industry.
    """
    u = plan.u
    sep = sql_text(words["sep"])
    span_new = (date(2026, 8, 15) - START).days
    cur.execute(f"""
        CREATE TEMP TABLE _demo_customer_base AS
        WITH drawn AS (
            SELECT i AS customer_idx, {u("i", "region")} AS u_region, {u("i", "city")} AS u_city,
                   {u("i", "segment")} AS u_segment, {u("i", "industry")} AS u_industry,
                   {u("i", "brand")} AS u_brand, {u("i", "body")} AS u_body, {u("i", "weight")} AS u_weight,
                   CASE WHEN {u("i", "new")} < 0.78
                        THEN DATE '2012-01-01' + CAST(floor({u("i", "created")} * 4383) AS INTEGER)
                        ELSE {_date(START)} + CAST(floor({u("i", "created")} * {span_new}) AS INTEGER)
                   END AS created_date,
                   {u("i", "churn")} AS u_churn, {u("i", "churn_month")} AS u_churn_month
            FROM range({plan.customers}) t(i)
        )
        SELECT d.*, r.region_idx, r.region, s.seg_idx, s.segment, s.weight_factor,
               g.province, g.city,
               CASE WHEN d.created_date < {_date(START)} THEN -1 ELSE {_month_index("d.created_date")} END
                   AS created_midx
        FROM drawn d
        JOIN _demo_regions r ON d.u_region >= r.cum_lo AND d.u_region < r.cum_hi
        JOIN _demo_segments s ON d.u_segment >= s.cum_lo AND d.u_segment < s.cum_hi
        JOIN _demo_geo g ON g.region_idx = r.region_idx
             AND g.city_in_region = CAST(floor(d.u_city * r.cities) AS INTEGER)
    """)
    cur.execute(f"""
        CREATE TEMP TABLE _demo_customer_named AS
        WITH named AS (
            SELECT b.*,
                   CASE WHEN b.seg_idx = 2 THEN {sql_text(words["public_industry"])} ELSE ind.label END AS industry,
                   CASE WHEN b.seg_idx = 2 THEN b.city || {sep} || body.label
                        ELSE b.city || {sep} || br.label || {sep} || ind.word || {sql_text(words["suffix"])}
                   END AS plain_name,
                   -- Accounts won during the data are rarely among the biggest.
                   least(pow(1 - b.u_weight, -0.8), CASE WHEN b.created_midx >= 0 THEN 5 ELSE 60 END)
                       * b.weight_factor AS base_weight,
                   b.u_churn < 0.10 AND b.created_midx < 24 AS churned
            FROM _demo_customer_base b
            JOIN _demo_industries ind ON ind.idx = CAST(floor(b.u_industry * 8) AS INTEGER)
            JOIN _demo_brands br ON br.idx = CAST(floor(b.u_brand * (SELECT count(*) FROM _demo_brands)) AS INTEGER)
            JOIN _demo_bodies body ON body.idx = CAST(floor(b.u_body * (SELECT count(*) FROM _demo_bodies)) AS INTEGER)
        ),
        deduped AS (
            SELECT *, row_number() OVER (PARTITION BY plain_name ORDER BY customer_idx) AS twin FROM named
        ),
        ranked AS (
            SELECT *, row_number() OVER (ORDER BY base_weight DESC, customer_idx) AS weight_rank FROM deduped
        ),
        silent AS (
            -- Six big, long-standing customers who stopped buying in May or June: the manager should call them.
            SELECT customer_idx FROM ranked
            WHERE weight_rank <= {plan.customers // 15} AND NOT churned AND created_midx = -1
            ORDER BY hash(customer_idx, {plan.seed}, 'silent') LIMIT 6
        )
        SELECT r.* EXCLUDE (plain_name, twin),
               CASE WHEN twin = 1 THEN plain_name
                    ELSE plain_name || replace({sql_text(words["branch"])}, '{{n}}', CAST(twin AS VARCHAR)) END
                   AS customer_name,
               CASE WHEN r.churned
                        THEN least(30, greatest(r.created_midx + 4, CAST(floor(r.u_churn_month * 31) AS INTEGER)))
                    WHEN s.customer_idx IS NOT NULL THEN 28 + CAST(hash(r.customer_idx, {plan.seed}, 'gone') % 2 AS INTEGER)
                    ELSE {LAST_MONTH} END AS last_midx,
               s.customer_idx IS NOT NULL AS silent
        FROM ranked r LEFT JOIN silent s USING (customer_idx)
    """)
    # The owner is a rep of the customer's region who was on staff when the customer started
    # (or when the data starts); new hires get a larger share of the customers won after they joined.
    cur.execute(f"""
        CREATE TEMP TABLE _demo_customers AS
        WITH candidates AS (
            SELECT c.customer_idx, r.rep_idx, r.pick_weight,
                   sum(r.pick_weight) OVER w - r.pick_weight AS lo,
                   sum(r.pick_weight) OVER (PARTITION BY c.customer_idx) AS total
            FROM _demo_customer_named c
            JOIN _demo_reps r ON r.region_idx = c.region_idx
                 AND r.hire_date <= greatest(c.created_date, {_date(START)})
                 AND (r.leave_date IS NULL OR r.leave_date > greatest(c.created_date, {_date(START)}))
            WINDOW w AS (PARTITION BY c.customer_idx ORDER BY r.rep_idx)
        ),
        owner AS (
            SELECT customer_idx, rep_idx AS owner_idx FROM candidates
            WHERE {u("customer_idx", "owner")} * total >= lo AND {u("customer_idx", "owner")} * total < lo + pick_weight
        )
        SELECT c.*, 'C' || lpad(CAST(c.customer_idx + 1 AS VARCHAR), 5, '0') AS customer_id, o.owner_idx,
               -- A leaver's accounts pass on one by one over the two months before the leave date; a new
               -- hire takes over about a fifth of the team's mid-sized accounts a month or two after joining.
               -- Always on the first of a month, so a month's plan and its sales count the same accounts.
               CASE WHEN r.leave_date IS NOT NULL
                        THEN date_trunc('month', r.leave_date
                                                 - CAST(floor({u("c.customer_idx", "handover")} * 60) AS INTEGER))
                    WHEN n.rep_idx IS NOT NULL
                        THEN date_trunc('month', n.hire_date)
                             + to_months(1 + CAST(floor({u("c.customer_idx", "handover")} * 2) AS INTEGER))
               END AS handover_date,
               -- A leaver's key accounts go to the team's longest-serving rep, the rest to the successor.
               CASE WHEN r.leave_date IS NOT NULL AND c.weight_rank <= {plan.customers // 15}
                        THEN coalesce(k.senior_idx, r.successor_idx)
                    WHEN r.leave_date IS NOT NULL THEN r.successor_idx ELSE n.rep_idx END AS successor_idx,
               CASE WHEN c.churned THEN 'churned' ELSE 'active' END AS status
        FROM _demo_customer_named c JOIN owner o USING (customer_idx) JOIN _demo_reps r ON r.rep_idx = o.owner_idx
        LEFT JOIN (SELECT team_idx, arg_min(rep_idx, hire_date) AS senior_idx FROM _demo_reps
                   WHERE role = 'normal' GROUP BY team_idx) k ON k.team_idx = r.team_idx
        LEFT JOIN _demo_reps n ON n.team_idx = r.team_idx AND n.role = 'new' AND n.rep_idx <> r.rep_idx
             AND c.created_date < n.hire_date AND c.weight_rank > {plan.customers // 15}
             AND {u("c.customer_idx", "split")} < 0.2
    """)


def create_calendar(cur: duckdb.DuckDBPyConnection, plan: Plan, total_orders: int) -> int:
    """`_demo_days`: the order numbers [first_order, next_order) of each day, by seasonality and growth.

    Returns the slot width: order n is on the row with slot = n // width whose span holds n.
    """
    u = plan.u
    width = max(1, -(-total_orders // 4096))
    cur.execute(f"""
        CREATE TEMP TABLE _demo_days AS
        WITH days AS (
            SELECT CAST(d AS DATE) AS day FROM range({_date(START)}, {_date(AS_OF)} + 1, INTERVAL 1 DAY) t(d)
        ),
        weighted AS (
            SELECT day, {_month_index("day")} AS month_idx,
                   [0.95, 0.80, 1.00, 0.97, 0.95, 1.12, 0.90, 0.92, 1.05, 0.85, 1.15, 1.45][month(day)]
                   * CASE dayofweek(day) WHEN 0 THEN 0.15 WHEN 6 THEN 0.25 ELSE 1.0 END
                   -- Spring Festival (2024-02-10, 2025-01-29, 2026-02-17), Golden Week, Labour Day, New Year.
                   * CASE WHEN list_bool_or([day - f BETWEEN -4 AND 8 FOR f IN
                                [DATE '2024-02-10', DATE '2025-01-29', DATE '2026-02-17']]) THEN 0.12
                          WHEN month(day) = 10 AND day(day) <= 7 THEN 0.15
                          WHEN month(day) = 5 AND day(day) <= 5 THEN 0.30
                          WHEN month(day) = 1 AND day(day) = 1 THEN 0.20
                          ELSE 1.0 END
                   * pow(1.09, (day - {_date(START)}) / 365.25)
                   * (0.9 + 0.2 * {u("day - DATE '2000-01-01'", "noise")}) AS weight
            FROM days
        ),
        numbered AS (
            SELECT day, month_idx,
                   CAST(floor({total_orders} * (sum(weight) OVER (ORDER BY day) - weight)
                              / sum(weight) OVER ()) AS BIGINT) AS first_order
            FROM weighted
        ),
        spans AS (
            SELECT *, coalesce(lead(first_order) OVER (ORDER BY day), {total_orders}) AS next_order FROM numbered
        )
        -- One row per (slot, day) overlap, so that an order number finds its day by an equality join.
        SELECT day, month_idx, first_order, next_order, unnest(range(first_order // {width}, (next_order - 1) // {width} + 1)) AS slot
        FROM spans WHERE next_order > first_order
    """)
    return width


def owner_at(customer: str, day: str) -> str:
    """SQL for the rep_idx who owns the `_demo_customers` row aliased `customer` on `day`."""
    return f"CASE WHEN {customer}.handover_date <= {day} THEN {customer}.successor_idx ELSE {customer}.owner_idx END"


def handover_dip(handover: str, month_start: str) -> str:
    """SQL for the share of its usual buying that an account keeps in the month starting `month_start`:
    70% in the month it changes hands, back to 100% six months later; 1 when it never changes hands."""
    return (
        f"CASE WHEN {handover} <= {month_start} + 14 THEN 0.7 + 0.3 * least(1, "
        f"date_diff('month', date_trunc('month', {handover}), {month_start}) / 6) ELSE 1 END"
    )


def create_customer_months(cur: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """`_demo_customer_months`: each month's buying customers as integer slices [lo, hi) sized by weight."""
    cur.execute(f"""
        CREATE TEMP TABLE _demo_customer_points AS
        WITH months AS (
            SELECT m AS month_idx, CAST({_date(START)} + to_months(CAST(m AS INTEGER)) AS DATE) AS month_start
            FROM range({LAST_MONTH + 1}) t(m)
        ),
        weighted AS (
            SELECT m.month_idx, c.customer_idx,
                   c.base_weight
                   * CASE year(m.month_start) WHEN 2025 THEN r.mult_2025 WHEN 2026 THEN r.mult_2026 ELSE 1 END
                   * CASE WHEN year(m.month_start) = 2026 THEN g.mult_2026 ELSE 1 END
                   -- Accounts won during the data start small and grow over their first half year.
                   * CASE WHEN c.created_midx >= 0 THEN 0.4 * least(1, (m.month_idx - c.created_midx) / 6) ELSE 1 END
                   -- A handed-over account buys less while it gets to know its new rep.
                   * {handover_dip("c.handover_date", "m.month_start")} AS weight
            FROM _demo_customers c
            JOIN months m ON m.month_idx > c.created_midx AND m.month_idx <= c.last_midx
            JOIN _demo_reps r ON r.rep_idx = {owner_at("c", "m.month_start + 14")}
            JOIN _demo_regions g ON g.region_idx = c.region_idx
        )
        SELECT month_idx, customer_idx, greatest(1, CAST(round(weight * 1000) AS BIGINT)) AS points
        FROM weighted
    """)
    # Integer slices, so that every draw lands in exactly one customer's slice.
    cur.execute("""
        CREATE TEMP TABLE _demo_month_draws AS
        SELECT month_idx, CAST(sum(points) AS BIGINT) AS total, CAST(greatest(1, sum(points) // 8192) AS BIGINT) AS width
        FROM _demo_customer_points GROUP BY month_idx
    """)
    cur.execute("""
        CREATE TEMP TABLE _demo_customer_months AS
        WITH sliced AS (
            SELECT p.month_idx, p.customer_idx, d.width,
                   CAST(sum(p.points) OVER w - p.points AS BIGINT) AS lo,
                   CAST(sum(p.points) OVER w AS BIGINT) AS hi
            FROM _demo_customer_points p JOIN _demo_month_draws d USING (month_idx)
            WINDOW w AS (PARTITION BY p.month_idx ORDER BY p.customer_idx)
        )
        SELECT month_idx, customer_idx, lo, hi, unnest(range(lo // width, (hi - 1) // width + 1)) AS slot
        FROM sliced
    """)


def create_order_groups(cur: duckdb.DuckDBPyConnection, plan: Plan) -> int:
    """`_demo_groups`: lines come in groups of ten, each split into orders of 1–4 lines; returns order count."""
    groups = -(-plan.orders // 10)
    cur.execute(f"""
        CREATE TEMP TABLE _demo_groups AS
        WITH sized AS (
            SELECT g, CASE WHEN g = {groups - 1} THEN {plan.orders - 10 * (groups - 1)} ELSE 10 END AS size
            FROM range({groups}) t(g)
        ),
        split AS (
            SELECT s.g, s.size, CAST(hash(s.g, {plan.seed}, 'split') % k.compositions AS INTEGER) AS comp_idx
            FROM sized s JOIN _demo_split_counts k ON k.total = s.size
        )
        SELECT sp.g, sp.size, sp.comp_idx,
               sum(k.orders) OVER (ORDER BY sp.g) - k.orders AS order_base
        FROM split sp JOIN _demo_split_orders k ON k.total = sp.size AND k.comp_idx = sp.comp_idx
    """)
    rows = cur.execute(
        "SELECT max(g.order_base + k.orders) FROM _demo_groups g "
        "JOIN _demo_split_orders k ON k.total = g.size AND k.comp_idx = g.comp_idx"
    ).fetchall()
    return int(rows[0][0])
