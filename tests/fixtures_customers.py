"""Hand-made order lines for the customer-grading tests; each builder says what it is built to show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd
from conftest import insert

from salesdash.filters import Filters, Window
from salesdash.store import Store
from salesdash.tables import Tables

YEAR_2024 = Window(date(2024, 1, 1), date(2024, 12, 31))
YEAR_2025 = Window(date(2025, 1, 1), date(2025, 12, 31))
ALL = Filters()


def lines(rows: Iterable[tuple[str, str | None, str, float]], **extra: object) -> pd.DataFrame:
    """Order lines from (order_id, customer_id, ISO date, revenue); line_id 1; `extra` columns constant."""
    frame = pd.DataFrame(list(rows), columns=["order_id", "customer_id", "order_date", "revenue"])
    frame["line_id"] = "1"
    frame["order_date"] = pd.to_datetime(frame["order_date"]).dt.date
    for column, value in extra.items():
        frame[column] = value
    return frame


def abc_orders() -> pd.DataFrame:
    """2025 revenue: K01 500, K02 300 (crosses 80% of 980: A), K03 100, K04 50 and K05 50 (a tie:
    K04 ranks first, B; K05 C), K06 0 and K07 −20 (C); one anonymous line of 40 (no customer)."""
    rows = [
        ("O1", "K01", "2025-02-01", 300.0),
        ("O2", "K01", "2025-03-01", 200.0),
        ("O3", "K02", "2025-03-05", 300.0),
        ("O4", "K03", "2025-04-01", 100.0),
        ("O5", "K05", "2025-05-01", 50.0),
        ("O6", "K04", "2025-05-02", 50.0),
        ("O7", "K06", "2025-06-01", 0.0),
        ("O8", "K07", "2025-06-02", 30.0),
        ("O9", "K07", "2025-07-02", -50.0),
        ("O10", None, "2025-07-03", 40.0),
    ]
    return lines(rows)


def many_customers_orders(count: int = 1200) -> pd.DataFrame:
    """`count` customers N0001… with revenue 1, 2, …, count in 2025 (to test the curve's downsampling)."""
    rows = [(f"O{i}", f"N{i:04d}", "2025-03-01", float(i)) for i in range(1, count + 1)]
    return lines(rows)


def rfm_orders() -> pd.DataFrame:
    """Ten customers R01…R10: R0i has i orders of 100, the last one (10 − i) × 10 days before the
    end of 2025, so recency, frequency and revenue all rise with i."""
    rows = []
    for i in range(1, 11):
        last = YEAR_2025.end - timedelta(days=(10 - i) * 10)
        for k in range(i):
            rows.append((f"R{i:02d}-{k}", f"R{i:02d}", (last - timedelta(days=k)).isoformat(), 100.0))
    return lines(rows)


def migration_orders() -> pd.DataFrame:
    """2024: X1 800 (A), X2 150 (B), X3 50 (C). 2025: X2 700 (A), X4 200 (A), X1 100 (B); X3 bought
    nothing (lost) and X4 is new (first order 2025)."""
    rows = [
        ("P1", "X1", "2024-03-01", 800.0),
        ("P2", "X2", "2024-04-01", 150.0),
        ("P3", "X3", "2024-05-01", 50.0),
        ("P4", "X2", "2025-02-01", 700.0),
        ("P5", "X4", "2025-03-01", 200.0),
        ("P6", "X1", "2025-03-15", 100.0),
    ]
    return lines(rows)


def cohort_orders() -> pd.DataFrame:
    """First-order months up to 2025-03: Y0 first bought in 2024-12 (outside 3 cohorts); January: Y1
    (Jan 100, Feb 50) and Y2 (Jan 100, Mar 100); February: Y3 (Feb 40, Mar 40); March: Y4 (Mar 10)."""
    rows = [
        ("C0", "Y0", "2024-12-05", 70.0),
        ("C1", "Y0", "2025-01-05", 70.0),
        ("C2", "Y1", "2025-01-10", 60.0),
        ("C3", "Y1", "2025-01-20", 40.0),
        ("C4", "Y2", "2025-01-15", 100.0),
        ("C5", "Y1", "2025-02-10", 50.0),
        ("C6", "Y3", "2025-02-11", 40.0),
        ("C7", "Y2", "2025-03-01", 100.0),
        ("C8", "Y3", "2025-03-11", 40.0),
        ("C9", "Y4", "2025-03-30", 10.0),
    ]
    return lines(rows)


def churn_orders() -> pd.DataFrame:
    """As of 2025-12-31: Z1 (gaps 31, 28 days, silent 305) and Z5 (two orders on 1 January, one on
    1 April: one gap of 90, silent 274, revenue 1000) are at risk; Z2 buys monthly (silent 30), Z3 once,
    Z4 every 92 days (silent 121 ≤ 184), Z6 last bought in 2020 (lost, not at risk)."""
    rows = [
        ("Z1a", "Z1", "2025-01-01", 100.0),
        ("Z1b", "Z1", "2025-02-01", 100.0),
        ("Z1c", "Z1", "2025-03-01", 100.0),
        ("Z3a", "Z3", "2025-01-01", 5000.0),
        ("Z4a", "Z4", "2025-06-01", 10.0),
        ("Z4b", "Z4", "2025-09-01", 10.0),
        ("Z5a", "Z5", "2025-01-01", 400.0),
        ("Z5b", "Z5", "2025-01-01", 300.0),
        ("Z5c", "Z5", "2025-04-01", 300.0),
        ("Z6a", "Z6", "2020-01-01", 900.0),
        ("Z6b", "Z6", "2020-02-01", 900.0),
    ]
    rows += [(f"Z2{m:02d}", "Z2", f"2025-{m:02d}-01", 20.0) for m in range(1, 13)]
    return lines(rows)


def flat_export_orders() -> pd.DataFrame:
    """A flat export that knows customers only by name (customer_id = the name), with rep, product and
    cost columns: 'Acme Ltd' buys tea twice from Ann, 'Beta 公司' coffee once from Bo."""
    frame = lines(
        [
            ("F1", "Acme Ltd", "2025-01-10", 300.0),
            ("F2", "Acme Ltd", "2025-04-10", 200.0),
            ("F3", "Beta 公司", "2025-02-01", 100.0),
        ]
    )
    frame["rep_name"] = ["Ann", "Ann", "Bo"]
    frame["rep_id"] = frame["rep_name"]
    frame["product_name"] = ["Green tea", "Green tea", "Espresso"]
    frame["product_id"] = frame["product_name"]
    frame["category"] = ["Tea", "Tea", "Coffee"]
    frame["quantity"] = [3.0, 2.0, 1.0]
    frame["cost"] = [200.0, 150.0, 40.0]
    frame["region"] = ["East", "East", "West"]
    return frame


def loaded(store: Store, orders: pd.DataFrame, **others: pd.DataFrame) -> Tables:
    """Tables over `store` after inserting these order lines (and any other tables by name)."""
    insert(store, "orders", orders)
    for name, frame in others.items():
        insert(store, name, frame)
    return Tables.from_store(store)
