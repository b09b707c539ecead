"""Hand-made data for the Market tests: order lines from compact tuples, and market rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from salesdash.store import Store
from salesdash.tables import Tables

ORDER_COLUMNS = ["order_date", "revenue", "product_name", "quantity", "region", "category", "province", "channel"]


def orders(rows: list[tuple]) -> pd.DataFrame:
    """Order lines, one order each, from (date, revenue[, product, quantity, region, category, province,
    channel]) tuples; missing trailing fields are null."""
    padded = [tuple(row) + (None,) * (len(ORDER_COLUMNS) - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=ORDER_COLUMNS)
    frame["order_date"] = pd.to_datetime(frame["order_date"]).dt.date
    frame["order_id"] = [f"O{i}" for i in range(len(frame))]
    frame["line_id"] = "1"
    frame["quantity"] = frame["quantity"].astype("float64")
    return frame


def market(rows: list[tuple]) -> pd.DataFrame:
    """Market rows from (period 'YYYY-Qn', region, category, competitor, market_size, competitor_sales)."""
    frame = pd.DataFrame(
        rows, columns=["period", "region", "category", "competitor", "market_size", "competitor_sales"]
    )
    starts = [pd.Period(p.replace("-", ""), freq="Q") for p in frame["period"]]
    frame["period_start"] = [p.start_time.date() for p in starts]
    frame["period_end"] = [p.end_time.date() for p in starts]
    return frame


def insert(store: Store, table: str, frame: pd.DataFrame) -> None:
    with store.transaction() as cur:
        cur.register("incoming", frame)
        cur.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM incoming')
        cur.unregister("incoming")


def make_tables(path: Path, order_rows: list[tuple], market_rows: list[tuple] | None = None) -> Tables:
    """A store at `path` holding these orders (and market rows), as Tables."""
    store = Store(path)
    insert(store, "orders", orders(order_rows))
    if market_rows:
        insert(store, "market", market(market_rows))
    return Tables.from_store(store)


def d(text: str) -> date:
    return date.fromisoformat(text)


# Price-volume-mix: product A 10 @ 5 → 20 @ 6, B 30 @ 2 → 24 @ 2, C discontinued (4 @ 10), D new (5 @ 4).
PVM_ROWS: list[tuple] = [
    ("2024-03-01", 50.0, "A", 10),
    ("2024-04-01", 60.0, "B", 30),
    ("2024-05-01", 40.0, "C", 4),
    ("2025-03-01", 120.0, "A", 20),
    ("2025-04-01", 48.0, "B", 24),
    ("2025-05-01", 20.0, "D", 5),
]


def rich_rows() -> list[tuple]:
    """Two lines a month from 2023-01 to 2025-06: product A in Guangdong (Direct) and B in 浙江省 (Online)."""
    rows: list[tuple] = []
    for year in (2023, 2024, 2025):
        for month in range(1, 13 if year < 2025 else 7):
            day = f"{year}-{month:02d}-10"
            units = 10 + month + (year - 2023) * 2
            rows.append((day, units * 5.0, "A", units, "South", "Tea", "Guangdong", "Direct"))
            rows.append((day, 40.0 + month, "B", 4, "East", "Coffee", "浙江省", "Online"))
    return rows


MARKET_ROWS: list[tuple] = [
    ("2024-Q1", "South", "Tea", "", 1000.0, None),
    ("2024-Q1", "East", "Coffee", None, 500.0, None),
    ("2024-Q1", "South", "Tea", "Rival", None, 300.0),
    ("2025-Q1", "South", "Tea", "", 1250.0, None),
    ("2025-Q1", "East", "Coffee", "", 400.0, None),
    ("2025-Q1", "South", "Tea", "Rival", None, 250.0),
    ("2025-Q1", "East", "Coffee", "Other", None, 100.0),
]
