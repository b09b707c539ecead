"""The demo company's CRM side: deals with snapshots and stage history, activities, market,
training and feedback, generated in DuckDB from `hash()` like the orders.
"""

from __future__ import annotations

import duckdb

from salesdash.demo.facts import AS_OF, SNAPSHOTS, START, Plan, owner_at, sql_list
from salesdash.demo.names import ACTIVITY_OUTCOMES, COMPETITORS, COURSES, FEEDBACK_COMMENTS, LOST_REASONS

__all__ = [
    "create_deals",
    "insert_activities",
    "insert_feedback",
    "insert_market",
    "insert_opportunities",
    "insert_stage_history",
    "insert_training",
]


def _d(value: object) -> str:
    return f"DATE '{value}'"


def create_deals(cur: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """`_demo_deals`: each deal's path through the stages, fixed once; snapshots read it at a date."""
    u = plan.u
    durations = ", ".join(
        f"5 + CAST(floor(40 * pow({u('j', f'stage{k}')}, 1.5)) AS INTEGER) AS d{k}" for k in range(1, 5)
    )
    competitors = sql_list([plan.label(c) for c in COMPETITORS])
    reasons = sql_list([plan.label(r) for r in LOST_REASONS])
    cur.execute(f"""
        CREATE TEMP TABLE _demo_deals AS
        WITH drawn AS (
            SELECT j, CAST(floor({u("j", "customer")} * {plan.customers}) AS INTEGER) AS customer_idx,
                   CAST(floor({u("j", "product")} * (SELECT count(*) FROM _demo_products)) AS INTEGER) AS product_idx,
                   {_d(START)} + CAST(floor({u("j", "created")} * {(AS_OF - START).days - 2}) AS INTEGER) AS drawn_date,
                   {durations}, {u("j", "fate")} AS u_fate, {u("j", "reach")} AS u_reach,
                   {u("j", "competitor")} AS u_competitor, {u("j", "reason")} AS u_reason,
                   {u("j", "after")} AS u_after, {u("j", "plan")} AS u_plan,
                   {u("j", "size")} AS u_size, {u("j", "price")} AS u_price
            FROM range({plan.opportunities}) t(j)
        ),
        placed AS (
            SELECT d.*, c.customer_id, greatest(d.drawn_date, c.created_date) AS created_date,
                   {owner_at("c", "greatest(d.drawn_date, c.created_date)")} AS rep_idx
            FROM drawn d JOIN _demo_customers c USING (customer_idx)
        ),
        fated AS (
            SELECT p.*, r.rep_id, pr.product_id,
                   -- Projects, not single orders: a few hundred thousand to ten million, larger for big accounts.
                   round((200000 + 9000000 * pow(p.u_size, 2.2)) * [1.6, 0.35, 1.0][c.seg_idx + 1]
                         * (0.85 + 0.3 * p.u_price) / 1000) * 1000 AS amount,
                   -- Stars win more, strugglers less; a few deals stall and never close.
                   CASE WHEN p.u_fate > 0.97 THEN 'stall'
                        WHEN p.u_fate < CASE r.role WHEN 'star' THEN 0.55 WHEN 'struggling' THEN 0.22 ELSE 0.38 END
                        THEN 'won' ELSE 'lost' END AS fate
            FROM placed p JOIN _demo_reps r USING (rep_idx) JOIN _demo_products pr USING (product_idx)
            JOIN _demo_customers c USING (customer_idx)
        ),
        staged AS (
            SELECT *, CASE WHEN fate = 'won' THEN 4 ELSE 1 + CAST(floor(u_reach * 4) AS INTEGER) END AS reach,
                   created_date AS e1, created_date + d1 AS e2, created_date + d1 + d2 AS e3,
                   created_date + d1 + d2 + d3 AS e4,
                   created_date + CAST(round((d1 + d2 + d3 + d4) * (0.55 + 0.5 * u_plan)) AS INTEGER)
                       AS expected_close_date,
                   CASE WHEN u_competitor < 0.55 THEN {competitors}[1 + CAST(floor(u_competitor / 0.55 * 4) AS INTEGER)]
                   END AS competitor
            FROM fated
        )
        SELECT *, 'OP' || lpad(CAST(j + 1 AS VARCHAR), 6, '0') AS opportunity_id,
               CASE WHEN fate <> 'stall' THEN [e1, e2, e3, e4][reach] + [d1, d2, d3, d4][reach] END AS closed_on,
               CASE WHEN fate = 'won' AND u_after < 0.5
                    THEN e4 + d4 + 20 + CAST(floor(u_after * 80) AS INTEGER) END AS after_sales_on,
               CASE WHEN fate = 'lost' THEN
                    CASE WHEN competitor IS NOT NULL AND u_reason < 0.5 THEN {reasons}[2]
                         ELSE {reasons}[[1, 3, 4, 5][1 + CAST(floor(u_reason * 4) AS INTEGER)]] END
               END AS lost_reason
        FROM staged
    """)


def insert_opportunities(cur: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """One row per deal and snapshot date: the deal as the CRM showed it that day."""
    snapshots = ", ".join(f"({_d(s)})" for s in SNAPSHOTS)
    cur.execute(f"""
        INSERT INTO opportunities (opportunity_id, stage, customer_id, rep_id, product_id, created_date, amount,
                                   expected_close_date, closed_date, status, lost_reason, competitor, probability,
                                   snapshot_date, _batch_id)
        WITH seen AS (
            SELECT d.*, s.snapshot_date,
                   CASE WHEN d.after_sales_on <= s.snapshot_date THEN 'after_sales'
                        WHEN d.closed_on <= s.snapshot_date THEN d.fate
                        WHEN d.reach >= 4 AND d.e4 <= s.snapshot_date THEN 'negotiation'
                        WHEN d.reach >= 3 AND d.e3 <= s.snapshot_date THEN 'proposal'
                        WHEN d.reach >= 2 AND d.e2 <= s.snapshot_date THEN 'needs_analysis'
                        ELSE 'contact' END AS stage,
                   d.closed_on <= s.snapshot_date AS closed
            FROM _demo_deals d JOIN (VALUES {snapshots}) s(snapshot_date) ON d.created_date <= s.snapshot_date
        )
        SELECT opportunity_id, stage, customer_id, rep_id, product_id, created_date, amount, expected_close_date,
               CASE WHEN closed THEN closed_on END, CASE WHEN closed THEN fate ELSE 'open' END,
               CASE WHEN closed THEN lost_reason END, competitor, NULL, snapshot_date, {batch_id}
        FROM seen
    """)


def insert_stage_history(cur: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Every stage each deal entered up to AS_OF, with the day it entered it."""
    cur.execute(f"""
        INSERT INTO stage_history (opportunity_id, stage, entered_date, _batch_id)
        WITH steps AS (
            SELECT opportunity_id, unnest([
                {{'stage': 'contact', 'day': e1}},
                {{'stage': 'needs_analysis', 'day': CASE WHEN reach >= 2 THEN e2 END}},
                {{'stage': 'proposal', 'day': CASE WHEN reach >= 3 THEN e3 END}},
                {{'stage': 'negotiation', 'day': CASE WHEN reach >= 4 THEN e4 END}},
                {{'stage': fate, 'day': closed_on}},
                {{'stage': 'after_sales', 'day': after_sales_on}}
            ]) AS step
            FROM _demo_deals
        )
        SELECT opportunity_id, step.stage, step.day, {batch_id}
        FROM steps WHERE step.day IS NOT NULL AND step.day <= {_d(AS_OF)}
    """)


def insert_activities(
    cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int, types: list[str], total_orders: int
) -> None:
    """Calls, emails, visits and demos: a third on open deals, two fifths on accounts in the weeks before
    they order (so the accounts that buy most, and their reps, are the busiest), the rest prospecting.
    Strugglers log fewer."""
    u = plan.u
    span = (AS_OF - START).days + 1
    outcomes = sql_list([plan.label(o) for o in ACTIVITY_OUTCOMES])
    width = max(6, len(str(total_orders)))
    cur.execute(f"""
        INSERT INTO activities (activity_id, activity_date, rep_id, customer_id, opportunity_id, activity_type,
                                outcome, _batch_id)
        WITH drawn AS (
            SELECT k, {u("k", "kind")} < 0.35 AS on_deal,
                   CASE WHEN {u("k", "kind")} >= 0.35 AND {u("k", "kind")} < 0.75
                        THEN 'SO' || lpad(CAST(1 + CAST(floor({u("k", "order")} * {total_orders}) AS BIGINT) AS VARCHAR),
                                          {width}, '0') END AS order_id,
                   CAST(floor({u("k", "deal")} * {plan.opportunities}) AS INTEGER) AS j,
                   CAST(floor({u("k", "customer")} * {plan.customers}) AS INTEGER) AS customer_idx,
                   {u("k", "when")} AS u_when, {u("k", "type")} AS u_type, {u("k", "outcome")} AS u_outcome,
                   {u("k", "keep")} AS u_keep
            FROM range({plan.activities}) t(k)
        ),
        placed AS (
            SELECT d.k, d.u_type, d.u_outcome, d.u_keep,
                   CASE WHEN d.on_deal THEN x.opportunity_id END AS opportunity_id,
                   CASE WHEN d.on_deal THEN x.customer_idx WHEN d.order_id IS NOT NULL THEN oc.customer_idx
                        ELSE d.customer_idx END AS customer_idx,
                   CASE WHEN d.on_deal
                        THEN x.created_date + CAST(floor(d.u_when * (least(coalesce(x.closed_on, {_d(AS_OF)}),
                                                                           {_d(AS_OF)}) - x.created_date + 1))
                                                   AS INTEGER)
                        WHEN d.order_id IS NOT NULL
                        THEN greatest({_d(START)}, o.order_date - CAST(floor(d.u_when * 21) AS INTEGER))
                        ELSE {_d(START)} + CAST(floor(d.u_when * {span}) AS INTEGER) END AS drawn_date
            FROM drawn d JOIN _demo_deals x USING (j)
            LEFT JOIN orders o ON o.order_id = d.order_id AND o.line_id = '1'
            LEFT JOIN _demo_customers oc ON oc.customer_id = o.customer_id
        ),
        owned AS (
            SELECT p.*, c.customer_id, greatest(p.drawn_date, c.created_date) AS activity_date,
                   {owner_at("c", "greatest(p.drawn_date, c.created_date)")} AS rep_idx
            FROM placed p JOIN _demo_customers c USING (customer_idx)
        )
        SELECT 'A' || lpad(CAST(o.k + 1 AS VARCHAR), 7, '0'), o.activity_date, r.rep_id, o.customer_id,
               o.opportunity_id,
               {sql_list(types)}[CASE WHEN o.u_type < 0.45 THEN 1 WHEN o.u_type < 0.75 THEN 2
                                      WHEN o.u_type < 0.93 THEN 3 ELSE 4 END],
               {outcomes}[1 + CAST(floor(o.u_outcome * 4) AS INTEGER)], {batch_id}
        FROM owned o JOIN _demo_reps r USING (rep_idx)
        WHERE NOT (r.role = 'struggling' AND o.u_keep > 0.55)
    """)


def insert_market(cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int) -> None:
    """Quarterly market size per region and category (our sales over our share), and three rivals' sales."""
    u = plan.u
    competitors = sql_list([plan.label(c) for c in COMPETITORS[:3]])
    cur.execute(f"""
        INSERT INTO market (period, region, category, competitor, market_size, competitor_sales,
                            period_start, period_end, _batch_id)
        WITH ours AS (
            SELECT region, category, CAST(date_trunc('quarter', order_date) AS DATE) AS period_start,
                   greatest(sum(revenue), 0) AS revenue
            FROM orders GROUP BY ALL
        ),
        sized AS (
            SELECT o.*, CAST(o.period_start + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS period_end,
                   g.region_idx * 10 + k.category_idx AS cell,
                   date_diff('quarter', {_d(START)}, o.period_start) AS q
            FROM ours o JOIN _demo_regions g USING (region) JOIN _demo_categories k USING (category)
        ),
        market AS (
            SELECT *, round(revenue
                            * (period_end - period_start + 1) / (least(period_end, {_d(AS_OF)}) - period_start + 1)
                            / (0.06 + 0.14 * {u("cell", "share")} + 0.004 * q), -4) AS market_size
            FROM sized
        )
        SELECT year(period_start) || '-Q' || quarter(period_start), region, category, '', market_size, NULL,
               period_start, period_end, {batch_id}
        FROM market
        UNION ALL
        SELECT year(m.period_start) || '-Q' || quarter(m.period_start), m.region, m.category,
               {competitors}[r + 1], NULL,
               round(m.market_size * (0.08 + 0.16 * {u("m.cell * 100 + m.q * 3 + r", "rival")}), -3),
               m.period_start, m.period_end, {batch_id}
        FROM market m CROSS JOIN range(3) t(r)
    """)


def insert_training(cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int) -> None:
    """Courses per rep: onboarding right after hire for new hires, the rest spread over the years."""
    u = plan.u
    span = (AS_OF - START).days
    cur.execute(f"""
        INSERT INTO training (rep_id, training_date, course, hours, score, _batch_id)
        WITH sessions AS (
            SELECT r.*, k, {u("r.rep_idx * 10 + k", "take")} AS u_take,
                   CASE WHEN k < 2 AND r.hire_date >= {_d(START)} THEN r.hire_date + 7 + 10 * CAST(k AS INTEGER)
                        ELSE greatest(r.hire_date + 30, {_d(START)})
                             + CAST(floor({u("r.rep_idx * 10 + k", "day")} * {span}) AS INTEGER) END AS training_date
            FROM _demo_reps r CROSS JOIN range({len(COURSES)}) t(k)
        )
        SELECT rep_id, training_date, {sql_list([plan.label(c) for c in COURSES])}[k + 1],
               2 * (1 + floor({u("rep_idx * 10 + k", "hours")} * 8)),
               greatest(40, round(60 + 40 * pow({u("rep_idx * 10 + k", "score")}, 0.6))
                            - CASE WHEN role = 'struggling' THEN 12 ELSE 0 END),
               {batch_id}
        FROM sessions
        WHERE (u_take < 0.7 OR (k < 2 AND hire_date >= {_d(START)}))
          AND training_date <= least(coalesce(leave_date, {_d(AS_OF)}), {_d(AS_OF)})
    """)


def insert_feedback(cur: duckdb.DuckDBPyConnection, plan: Plan, batch_id: int) -> None:
    """Up to three survey answers per customer, one per year; churned customers were unhappy."""
    u = plan.u
    bands = [sql_list([plan.label(c) for c in comments]) for _, comments in FEEDBACK_COMMENTS]
    lows = [low for low, _ in FEEDBACK_COMMENTS]
    comment = " ".join(
        f"WHEN score >= {low} THEN {band}[1 + CAST(floor(u_comment * 2) AS INTEGER)]"
        for low, band in sorted(zip(lows, bands, strict=True), reverse=True)
    )
    cur.execute(f"""
        INSERT INTO feedback (customer_id, feedback_date, score, comment, _batch_id)
        WITH answers AS (
            SELECT c.customer_id, c.created_date,
                   {_d(START)} + CAST(k * 330 + floor({u("c.customer_idx * 4 + k", "day")} * 300) AS INTEGER)
                       AS feedback_date,
                   CASE WHEN c.churned THEN 1 + floor({u("c.customer_idx * 4 + k", "score")} * 5)
                        ELSE least(10, 4 + floor(pow({u("c.customer_idx * 4 + k", "score")}, 0.6) * 7)) END AS score,
                   {u("c.customer_idx * 4 + k", "comment")} AS u_comment,
                   {u("c.customer_idx * 4 + k", "answer")} AS u_answer
            FROM _demo_customers c CROSS JOIN range(3) t(k)
        )
        SELECT customer_id, feedback_date, score, CASE {comment} END, {batch_id}
        FROM answers
        WHERE u_answer < 0.55 AND feedback_date >= created_date AND feedback_date <= {_d(AS_OF)}
    """)
