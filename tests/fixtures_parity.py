"""A small demo-like company covering every canonical table, generated deterministically with pandas.

Amounts are multiples of 0.25, so sums are exact on every engine whatever order it adds in: only
divisions and averages can differ in the last bits. Half the order lines leave their dimension columns
empty, so the enrichment from customers, products and reps runs too.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from conftest import insert

from salesdash.schema import OPEN_STAGES
from salesdash.store import Store

AS_OF = date(2025, 9, 30)
FIRST_DAY = date(2024, 1, 1)
REGIONS = ("East", "West", "North")
TEAMS = {"T1": "East", "T2": "East", "T3": "West", "T4": "North"}
REPS = {f"R{i:02d}": team for i, team in enumerate(("T1", "T1", "T2", "T2", "T3", "T3", "T4", "T4"), start=1)}
CATEGORIES = {"Tea": ("Green", "Black"), "Coffee": ("Beans", "Ground"), "Cocoa": ("Powder",)}
SEGMENTS = ("SMB", "Enterprise", "Public")
N_CUSTOMERS = 60
N_ORDERS = 320


def _rng() -> np.random.Generator:
    return np.random.default_rng(12)


def _day(rng: np.random.Generator, start: date = FIRST_DAY, end: date = AS_OF) -> date:
    return start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _quarter(amount: float) -> float:
    return round(amount * 4) / 4


def parity_reps() -> pd.DataFrame:
    rows = [
        (rep, f"Rep {rep[1:]}", team, "M" + team, TEAMS[team], date(2020 + i % 5, 1 + i, 3), None, "senior")
        for i, (rep, team) in enumerate(REPS.items())
    ]
    columns = ["rep_id", "rep_name", "team", "manager", "region", "hire_date", "leave_date", "level"]
    return pd.DataFrame(rows, columns=columns)


def parity_customers() -> pd.DataFrame:
    rng = _rng()
    rows = []
    for i in range(1, N_CUSTOMERS + 1):
        region = REGIONS[i % 3]
        rows.append(
            (
                f"C{i:03d}",
                f"Customer {i}",
                SEGMENTS[int(rng.integers(0, 3))],
                ("Retail", "Hotel", "Office")[i % 3],
                region,
                f"P-{region}",
                f"City {i % 7}",
                _day(rng, date(2020, 1, 1), date(2025, 6, 30)),
                "active" if i % 9 else "dormant",
            )
        )
    columns = ["customer_id", "customer_name", "segment", "industry", "region", "province", "city"]
    return pd.DataFrame(rows, columns=[*columns, "created_date", "status"])


def parity_products() -> pd.DataFrame:
    rows = []
    for i, (category, subcategory) in enumerate(
        (c, s) for c, subs in CATEGORIES.items() for s in subs for _ in range(2)
    ):
        price = 20.0 + 10 * i
        rows.append((f"P{i + 1:02d}", f"Product {i + 1}", category, subcategory, price, price * 0.5))
    columns = ["product_id", "product_name", "category", "subcategory", "list_price", "unit_cost"]
    return pd.DataFrame(rows, columns=columns)


def parity_orders() -> pd.DataFrame:
    """About 600 lines in 320 orders over 2024-01 … 2025-09; anonymous lines, returns, zero lines."""
    rng = _rng()
    customers, products, reps = parity_customers(), parity_products(), parity_reps()
    rows = []
    for n in range(1, N_ORDERS + 1):
        day = AS_OF if n == N_ORDERS else _day(rng)
        customer = customers.iloc[int(rng.integers(0, N_CUSTOMERS))]
        anonymous = n % 23 == 0
        rep = reps.iloc[int(rng.integers(0, len(reps) - 1))]  # the last rep never sells
        for line in range(1, int(rng.integers(1, 4)) + 1):
            product = products.iloc[int(rng.integers(0, len(products)))]
            quantity = float(rng.integers(1, 20)) * (-1 if n % 31 == 0 else 1)
            revenue = _quarter(quantity * product.list_price * (1 - 0.05 * int(rng.integers(0, 3))))
            flat = n % 2 == 0
            cost = _quarter(quantity * product.unit_cost) if n % 5 else None
            rows.append(
                {
                    "order_id": f"O{n:04d}",
                    "line_id": str(line),
                    "order_date": day,
                    "revenue": 0.0 if n % 37 == 0 else revenue,
                    "customer_id": None if anonymous else customer.customer_id,
                    "customer_name": customer.customer_name if flat and not anonymous else None,
                    "product_id": product.product_id,
                    "category": product.category if flat else None,
                    "rep_id": rep.rep_id,
                    "rep_name": rep.rep_name if flat else None,
                    "team": rep.team if flat else None,
                    "region": rep.region if flat else None,
                    "segment": customer.segment if flat and not anonymous else None,
                    "channel": ("online", "direct", "partner")[n % 3],
                    "quantity": quantity,
                    "unit_price": product.list_price,
                    "cost": cost,
                    "profit": _quarter(revenue * 0.3) if cost is None and n % 2 else None,
                    "currency": "CNY",
                }
            )
    return pd.DataFrame(rows)


def _month_starts() -> list[date]:
    return [d.date() for d in pd.date_range("2024-01-01", "2025-12-01", freq="MS")]


def parity_targets() -> pd.DataFrame:
    """Company and rep targets by month, region targets by quarter, team targets by month for T1 and T2."""
    rows = []
    for start in _month_starts():
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        period = f"{start:%Y-%m}"
        rows.append((period, "company", "", 40_000.0, None, None, None, start, end))
        for team in ("T1", "T2"):
            rows.append((period, "team", team, 6_000.0, None, team, None, start, end))
        for i, rep in enumerate(list(REPS)[:6]):
            rows.append((period, "rep", rep, 2_500.0 + 250 * i, rep, None, None, start, end))
        if start.month in (1, 4, 7, 10):
            q_end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
            q_period = f"{start.year}-Q{(start.month + 2) // 3}"
            for j, region in enumerate(REGIONS):
                rows.append((q_period, "region", region, 30_000.0 + 5_000 * j, None, None, region, start, q_end))
    columns = ["period", "level", "level_id", "target", "rep_id", "team", "region", "period_start", "period_end"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["metric"] = "revenue"
    return frame


def parity_opportunities() -> pd.DataFrame:
    """90 deals, about a third with an earlier snapshot whose stage and amount differ from the latest."""
    rng = _rng()
    stages = (*OPEN_STAGES, "won", "lost", "after_sales")
    rows = []
    for i in range(1, 91):
        created = _day(rng, date(2024, 1, 1), date(2025, 8, 31))
        stage = stages[int(rng.integers(0, len(stages)))]
        closed = stage in ("won", "lost", "after_sales")
        closed_date = min(created + timedelta(days=int(rng.integers(5, 200))), AS_OF) if closed else None
        amount = None if i % 17 == 0 else _quarter(float(rng.integers(10, 400)) * 25.25)
        base = {
            "opportunity_id": f"D{i:03d}",
            "customer_id": f"C{int(rng.integers(1, N_CUSTOMERS + 1)):03d}",
            "rep_id": list(REPS)[int(rng.integers(0, len(REPS)))],
            "product_id": f"P{int(rng.integers(1, 11)):02d}",
            "created_date": created,
            "expected_close_date": created + timedelta(days=int(rng.integers(20, 240))),
            "competitor": ("Acme", "Globex", None)[i % 3],
            "probability": None,
        }
        latest = {
            **base,
            "snapshot_date": AS_OF,
            "stage": stage,
            "amount": amount,
            "closed_date": closed_date,
            "status": "won" if i % 29 == 0 and stage == "won" else None,
            "lost_reason": "price" if stage == "lost" else None,
        }
        rows.append(latest)
        if i % 3 == 0:
            earlier = {**latest, "snapshot_date": date(2025, 6, 30), "stage": "contact", "amount": 999.0}
            rows.append({**earlier, "closed_date": None, "status": None, "lost_reason": None})
    return pd.DataFrame(rows)


def parity_stage_history() -> pd.DataFrame:
    deals = parity_opportunities()
    deals = deals[deals["snapshot_date"] == AS_OF]
    path = ("contact", "needs_analysis", "proposal", "negotiation")
    rows = []
    for deal in deals.itertuples():
        reached = path if deal.stage in ("won", "lost", "after_sales") else path[: path.index(deal.stage) + 1]
        for k, stage in enumerate(reached):
            rows.append((deal.opportunity_id, stage, deal.created_date + timedelta(days=7 * k)))
        if deal.stage in ("won", "lost", "after_sales"):
            rows.append((deal.opportunity_id, deal.stage, deal.closed_date))
    return pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_date"])


def parity_activities() -> pd.DataFrame:
    rng = _rng()
    rows = [
        {
            "activity_id": f"A{i:04d}",
            "activity_date": _day(rng),
            "rep_id": list(REPS)[int(rng.integers(0, len(REPS)))],
            "customer_id": f"C{int(rng.integers(1, N_CUSTOMERS + 1)):03d}",
            "opportunity_id": f"D{int(rng.integers(1, 91)):03d}" if i % 2 else None,
            "activity_type": ("call", "visit", "email", "demo")[i % 4],
            "outcome": ("positive", "neutral", "negative", None)[i % 4],
        }
        for i in range(1, 301)
    ]
    return pd.DataFrame(rows)


def parity_market() -> pd.DataFrame:
    rows = []
    for start in _month_starts()[:21]:
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        for j, region in enumerate(REGIONS):
            for k, category in enumerate(CATEGORIES):
                size = 100_000.0 + 10_000 * j + 5_000 * k + 250 * start.month
                rows.append((f"{start:%Y-%m}", region, category, None, size, None, start, end))
                rows.append((f"{start:%Y-%m}", region, category, "Acme", None, size * 0.25, start, end))
    columns = ["period", "region", "category", "competitor", "market_size", "competitor_sales"]
    return pd.DataFrame(rows, columns=[*columns, "period_start", "period_end"])


def parity_training() -> pd.DataFrame:
    rng = _rng()
    rows = [
        (list(REPS)[i % len(REPS)], _day(rng), ("Negotiation", "Product", "CRM")[i % 3], 2.0 + i % 4, 60.0 + i % 40)
        for i in range(40)
    ]
    frame = pd.DataFrame(rows, columns=["rep_id", "training_date", "course", "hours", "score"])
    return frame.drop_duplicates(["rep_id", "training_date", "course"])


def parity_feedback() -> pd.DataFrame:
    rng = _rng()
    rows = [(f"C{1 + i % N_CUSTOMERS:03d}", _day(rng), float(1 + i % 10), ("ok", None)[i % 2]) for i in range(120)]
    frame = pd.DataFrame(rows, columns=["customer_id", "feedback_date", "score", "comment"])
    return frame.drop_duplicates(["customer_id", "feedback_date"])


BUILDERS = {
    "orders": parity_orders,
    "customers": parity_customers,
    "products": parity_products,
    "reps": parity_reps,
    "targets": parity_targets,
    "opportunities": parity_opportunities,
    "stage_history": parity_stage_history,
    "activities": parity_activities,
    "market": parity_market,
    "training": parity_training,
    "feedback": parity_feedback,
}


def fill_parity_store(store: Store) -> dict[str, int]:
    """Load every canonical table; returns the rows per table."""
    counts = {}
    for name, build in BUILDERS.items():
        frame = build()
        insert(store, name, frame)
        counts[name] = len(frame)
    return counts
