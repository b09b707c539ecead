"""The demo company's order lines and targets, generated in DuckDB in one pass each.

Order numbers rise with the date: order n falls on the day whose share of the (seasonal, growing)
daily volume covers n, and its customer is drawn from that month's buying customers by weight.
Targets are planned as a sales plan is, from last year's accounts times a growth goal per region
(see `insert_targets`); teams, regions and the company are the sums below the reps.
"""

from __future__ import annotations

import duckdb

from salesdash.demo.facts import AS_OF, START, Plan, handover_dip, owner_at, sql_list, sql_text

__all__ = ["PRODUCT_SLOTS", "insert_orders", "insert_targets"]

ORDER_COLUMNS = (
    "order_id, line_id, order_date, revenue, customer_id, customer_name, product_id, product_name, category, "
    "subcategory, rep_id, rep_name, team, region, country, province, city, channel, segment, quantity, "
    "unit_price, discount, cost, profit, currency, _batch_id"
)
# The product of a line is drawn from this many equal slots, shared out by the segment's mix.
PRODUCT_SLOTS = 10_000


def insert_orders(
    cur: duckdb.DuckDBPyConnection,
    plan: Plan,
    batch_id: int,
    total_orders: int,
    day_width: int,
    country: str,
    channels: list[str],
) -> None:
    """Write `plan.orders` order lines of `total_orders` orders into `orders`."""
    u = plan.u
    width = max(6, len(str(total_orders)))
    cur.execute(f"""
        INSERT INTO orders ({ORDER_COLUMNS})
        WITH lines AS (
            SELECT i, g.order_base + s.order_offset AS order_no, s.line_no
            FROM range({plan.orders}) t(i)
            JOIN _demo_groups g ON g.g = i // 10
            JOIN _demo_split s ON s.total = g.size AND s.comp_idx = g.comp_idx AND s.pos = i % 10
        ),
        dated AS (
            SELECT l.*, d.day AS order_date, d.month_idx,
                   CAST(hash(l.order_no, {plan.seed}, 'customer') % m.total AS BIGINT) AS draw, m.width
            FROM lines l
            JOIN _demo_days d ON d.slot = l.order_no // {day_width}
                 AND l.order_no >= d.first_order AND l.order_no < d.next_order
            JOIN _demo_month_draws m ON m.month_idx = d.month_idx
        ),
        bought AS (
            SELECT x.*, m.customer_idx
            FROM dated x JOIN _demo_customer_months m
                 ON m.month_idx = x.month_idx AND m.slot = x.draw // x.width AND x.draw >= m.lo AND x.draw < m.hi
        ),
        served AS (
            SELECT b.i, b.order_no, b.line_no, b.order_date, c.customer_id, c.customer_name, c.seg_idx,
                   c.segment, c.region, c.province, c.city,
                   {owner_at("c", "b.order_date")} AS rep_idx,
                   CAST(hash(b.i, {plan.seed}, 'product') % {PRODUCT_SLOTS} AS INTEGER) AS product_slot
            FROM bought b JOIN _demo_customers c USING (customer_idx)
        ),
        chosen AS (
            SELECT s.*, p.product_idx FROM served s
            JOIN _demo_product_mix p ON p.seg_idx = s.seg_idx AND p.slot = s.product_slot
        ),
        drawn AS (
            SELECT c.*, p.product_id, p.product_name, p.category, p.subcategory, r.rep_id, r.rep_name, r.team,
                   CAST(1 + floor(pow({u("c.i", "quantity")}, 2.5) * p.max_quantity * sg.quantity_factor)
                        AS BIGINT) AS units,
                   round(p.list_price / pow(1 + p.inflation, {AS_OF.year} - year(c.order_date))) AS unit_price,
                   round(p.unit_cost / pow(1 + 0.6 * p.inflation, {AS_OF.year} - year(c.order_date))) AS unit_cost,
                   CASE WHEN {u("c.order_no", "channel")} < sg.direct THEN 0
                        WHEN {u("c.order_no", "channel")} < sg.direct + sg.distributor THEN 1 ELSE 2 END
                       AS channel_idx,
                   CASE WHEN {u("c.order_no", "return")} < 0.02 THEN -1 ELSE 1 END AS sign,
                   {u("c.i", "discount")} AS u_discount
            FROM chosen c
            JOIN _demo_products p USING (product_idx)
            JOIN _demo_reps r USING (rep_idx)
            JOIN _demo_segments sg USING (seg_idx)
        ),
        discounted AS (
            SELECT *,
                   round(CASE channel_idx
                             WHEN 0 THEN 0.15 * pow(u_discount, 1.5) + CASE WHEN seg_idx = 0 THEN 0.03 ELSE 0 END
                             WHEN 1 THEN 0.12 + 0.16 * u_discount
                             ELSE 0.06 * u_discount END, 2) AS discount
            FROM drawn
        )
        SELECT 'SO' || lpad(CAST(order_no + 1 AS VARCHAR), {width}, '0'), CAST(line_no AS VARCHAR), order_date,
               round(sign * units * unit_price * (1 - discount), 2) AS revenue,
               customer_id, customer_name, product_id, product_name, category, subcategory, rep_id, rep_name,
               team, region, {sql_text(country)}, province, city, {sql_list(channels)}[channel_idx + 1], segment,
               sign * units, unit_price, discount, sign * units * unit_cost,
               round(round(sign * units * unit_price * (1 - discount), 2) - sign * units * unit_cost, 2),
               'CNY', {batch_id}
        FROM discounted
    """)


def insert_targets(cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int) -> None:
    """Monthly revenue targets for every month of the data and the rest of the as-of year, four levels.

    Set the way a sales plan is: each year's plan is last year's revenue of the accounts a rep owns,
    times a growth goal set per region and year (8–20%), times a per-rep adjustment (±8%), spread over
    the months by the company's month shares of last year (the first year: of the second); accounts handed over carry the same dip as
    their buying. The first year, having no year before, plans on its own revenue less the market's 9%.
    New hires also carry a ramping quota for new accounts. So attainment varies by region, rep and month.
    """
    u = plan.u
    first = START.year
    cur.execute(f"""
        CREATE TEMP TABLE _demo_rep_targets AS
        WITH months AS (
            SELECT CAST({date_sql(START)} + to_months(CAST(m AS INTEGER)) AS DATE) AS month_start
            FROM range({(AS_OF.year - first + 1) * 12}) t(m)
        ),
        yearly AS (
            SELECT customer_id, year(order_date) AS y, sum(revenue) AS revenue FROM orders GROUP BY ALL
        ),
        shares AS (
            SELECT y, mo, revenue / sum(revenue) OVER (PARTITION BY y) AS share
            FROM (SELECT year(order_date) AS y, month(order_date) AS mo, sum(revenue) AS revenue FROM orders GROUP BY ALL)
        ),
        handed AS (
            SELECT successor_idx AS rep_idx, min(handover_date) AS first_handover
            FROM _demo_customers WHERE handover_date IS NOT NULL GROUP BY 1
        ),
        active AS (
            SELECT r.*, m.month_start, year(m.month_start) AS y, month(m.month_start) AS mo,
                   greatest(year(m.month_start) - 1, {first}) AS basis_year,
                   CASE WHEN year(m.month_start) = {first} THEN {first + 1} ELSE year(m.month_start) - 1 END
                       AS profile_year,
                   date_diff('month', date_trunc('month', r.hire_date), m.month_start) AS tenure_months
            FROM _demo_reps r LEFT JOIN handed h USING (rep_idx) JOIN months m
                 -- A quota from the first full month on staff; a new hire's from the month the first accounts
                 -- are handed over.
                 ON m.month_start >= CASE WHEN r.role IN ('new', 'successor')
                                          THEN coalesce(h.first_handover, r.hire_date) ELSE r.hire_date END
                 AND (r.leave_date IS NULL OR m.month_start + 14 < r.leave_date)
        ),
        book AS (
            -- Last year's revenue of the accounts the rep owns that month, in that month's share.
            SELECT a.rep_idx, a.month_start,
                   sum(b.revenue * s.share * {handover_dip("c.handover_date", "a.month_start")}) AS revenue
            FROM active a
            JOIN _demo_customers c ON a.rep_idx = {owner_at("c", "a.month_start + 14")}
            JOIN yearly b ON b.customer_id = c.customer_id AND b.y = a.basis_year
            JOIN shares s ON s.y = a.profile_year AND s.mo = a.mo
            GROUP BY a.rep_idx, a.month_start
        ),
        quota AS (
            SELECT a.*, coalesce(b.revenue, 0)
                   * (1.08 + 0.12 * {u("a.region_idx * 10000 + a.y", "growth")})
                   * (0.92 + 0.16 * {u("a.rep_idx * 10000 + a.y", "adjust")})
                   / CASE WHEN a.y = {first} THEN 1.09 ELSE 1 END AS book_quota
            FROM active a LEFT JOIN book b USING (rep_idx, month_start)
        ),
        ramped AS (
            -- New hires also carry a ramping new-business quota: a share of the team's average.
            SELECT *, CASE WHEN role IN ('new', 'successor') AND tenure_months < 12
                           THEN 0.03 * avg(book_quota) OVER (PARTITION BY team_idx, month_start)
                                * least(1, (tenure_months + 1) / 6) ELSE 0 END AS ramp_quota
            FROM quota
        )
        SELECT rep_id, team, region, month_start,
               greatest(5000, round((book_quota + ramp_quota) / 100) * 100) AS target
        FROM ramped
    """)
    cur.execute(f"""
        INSERT INTO targets (period, target, rep_id, team, region, metric, level, level_id,
                             period_start, period_end, _batch_id)
        WITH levels AS (
            SELECT month_start, 'rep' AS level, rep_id AS level_id, rep_id, team, region, target
            FROM _demo_rep_targets
            UNION ALL
            SELECT month_start, 'team', team, NULL, team, any_value(region), sum(target)
            FROM _demo_rep_targets GROUP BY month_start, team
            UNION ALL
            SELECT month_start, 'region', region, NULL, NULL, region, sum(target)
            FROM _demo_rep_targets GROUP BY month_start, region
            UNION ALL
            SELECT month_start, 'company', '', NULL, NULL, NULL, sum(target)
            FROM _demo_rep_targets GROUP BY month_start
        )
        SELECT strftime(month_start, '%Y-%m'), target, rep_id, team, region, 'revenue', level, level_id,
               month_start, last_day(month_start), {batch_id}
        FROM levels
    """)
    cur.execute("DROP TABLE _demo_rep_targets")


def date_sql(d: object) -> str:
    return f"DATE '{d}'"
