"""Hand-made deals for the Pipeline tests: ten deals over 2024-11 … 2025-06, with and without stage history.

Window used by the tests: 2025-01-01 … 2025-06-30. Furthest stages with history: P1 won, P2 proposal,
P3 needs_analysis, P4 negotiation, P5 proposal, P6 contact, P7 needs_analysis, P8 won (after-sales),
P9 won (no history rows), P10 contact.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from conftest import insert

from salesdash.filters import Filters, Window
from salesdash.store import Store

WINDOW = Window(date(2025, 1, 1), date(2025, 6, 30))
FILTERS = Filters(start=WINDOW.start, end=WINDOW.end)
SNAPSHOT = "2025-06-30"

# id, stage, customer, rep, product, created, amount, expected close, closed, lost_reason, competitor
DEALS = [
    ("P1", "won", "C1", "R1", "X1", "2025-01-05", 1000.0, "2025-03-01", "2025-03-01", None, "Acme"),
    ("P2", "lost", "C2", "R2", "X2", "2025-01-20", 400.0, "2025-04-01", "2025-04-10", "price", "Acme"),
    ("P3", "lost", "C3", "R1", "X1", "2025-02-01", 600.0, "2025-05-01", "2025-05-15", "timing", "Beta"),
    ("P4", "negotiation", "C1", "R2", "X2", "2025-02-10", 800.0, "2025-07-20", None, None, None),
    ("P5", "proposal", "C4", "R3", "X1", "2025-03-01", 500.0, "2025-06-15", None, None, None),
    ("P6", "contact", "C2", "R1", "X2", "2025-05-01", 5000.0, "2025-09-30", None, None, None),
    ("P7", "needs_analysis", "C3", "R3", "X1", "2025-04-01", None, None, None, None, None),
    ("P8", "after_sales", "C4", "R2", "X2", "2024-11-01", 700.0, "2025-02-01", "2025-02-15", None, None),
    ("P9", "won", "C2", "R3", "X1", "2025-03-10", 300.0, "2025-06-20", "2025-06-20", None, "Beta"),
    ("P10", "lost", "C1", "R1", "X1", "2024-12-01", 100.0, "2024-12-15", "2024-12-20", "price", None),
]
HISTORY = {
    "P1": [("contact", "2025-01-05"), ("needs_analysis", "2025-01-15"), ("proposal", "2025-02-01"),
           ("negotiation", "2025-02-10"), ("won", "2025-03-01")],
    "P2": [("contact", "2025-01-20"), ("needs_analysis", "2025-02-01"), ("proposal", "2025-03-01"),
           ("lost", "2025-04-10")],
    "P3": [("contact", "2025-02-01"), ("needs_analysis", "2025-02-20"), ("lost", "2025-05-15")],
    "P4": [("contact", "2025-02-10"), ("needs_analysis", "2025-02-20"), ("proposal", "2025-03-10"),
           ("negotiation", "2025-04-01")],
    "P5": [("contact", "2025-03-01"), ("needs_analysis", "2025-03-05"), ("proposal", "2025-03-15")],
    "P6": [("contact", "2025-05-01")],
    "P7": [("contact", "2025-04-01"), ("needs_analysis", "2025-04-05")],
    "P8": [("contact", "2024-11-01"), ("needs_analysis", "2024-11-10"), ("proposal", "2024-11-20"),
           ("negotiation", "2024-12-01"), ("won", "2025-02-15"), ("after_sales", "2025-02-20")],
    "P10": [("contact", "2024-12-01"), ("lost", "2024-12-20")],
}  # fmt: skip


def _dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def deals_frame(snapshot: str = SNAPSHOT) -> pd.DataFrame:
    columns = ["opportunity_id", "stage", "customer_id", "rep_id", "product_id", "created_date", "amount",
               "expected_close_date", "closed_date", "lost_reason", "competitor"]  # fmt: skip
    frame = pd.DataFrame(DEALS, columns=columns)
    frame["snapshot_date"] = snapshot
    return _dates(frame, ("created_date", "expected_close_date", "closed_date", "snapshot_date"))


def history_frame() -> pd.DataFrame:
    rows = [(deal, stage, day) for deal, steps in HISTORY.items() for stage, day in steps]
    return _dates(pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_date"]), ("entered_date",))


def dimensions(store: Store) -> None:
    insert(store, "reps", pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "rep_name": ["Ann", "Bo", "Cy"],
                                        "team": ["T1", "T1", "T2"], "region": ["East", "East", "West"]}))  # fmt: skip
    insert(store, "customers", pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                                             "customer_name": ["Ace", "Bee", "Cat", "Dot"],
                                             "segment": ["SMB", "Enterprise", "SMB", "Enterprise"]}))  # fmt: skip
    insert(store, "products", pd.DataFrame({"product_id": ["X1", "X2"], "category": ["Tea", "Coffee"]}))


def orders_and_targets(store: Store) -> None:
    """Revenue 2025: 2,000 up to 30 June (1,200 East, 800 West); company target 12,000 for 2025 (1,000 a month)."""
    orders = pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3"],
            "line_id": ["1", "1", "1"],
            "order_date": ["2025-02-01", "2025-05-01", "2025-06-30"],
            "customer_id": ["C1", "C2", "C4"],
            "rep_id": ["R1", "R2", "R3"],
            "region": ["East", "East", "West"],
            "revenue": [700.0, 500.0, 800.0],
        }
    )
    insert(store, "orders", _dates(orders, ("order_date",)))
    months = [date(2025, m, 1) for m in range(1, 13)]
    ends = [(pd.Timestamp(d) + pd.offsets.MonthEnd(0)).date() for d in months]
    targets = pd.DataFrame(
        {
            "period": [d.strftime("%Y-%m") for d in months],
            "level": "company",
            "level_id": "",
            "target": 1000.0,
            "metric": "revenue",
            "period_start": months,
            "period_end": ends,
        }
    )
    insert(store, "targets", targets)


def pipeline_store(store: Store, history: bool = True) -> Store:
    """The ten deals (one snapshot), reps, customers, products, orders and targets; stage history optional."""
    dimensions(store)
    orders_and_targets(store)
    insert(store, "opportunities", deals_frame())
    if history:
        insert(store, "stage_history", history_frame())
    return store


# The open pipeline one month earlier (2025-05-31): id, stage, amount, expected close. Against 2025-06-30:
# P4 advanced (+100), P5 slipped (0), P7 value change (−200), P9 won (−300), P3 lost (−650), P6 new (+5000),
# P11 unchanged; P1 and P2 were not yet in the export.
EARLIER = [
    ("P3", "needs_analysis", 650.0, "2025-05-31"),
    ("P4", "proposal", 700.0, "2025-07-20"),
    ("P5", "proposal", 500.0, "2025-05-31"),
    ("P7", "needs_analysis", 200.0, None),
    ("P9", "negotiation", 300.0, "2025-06-20"),
    ("P11", "contact", 250.0, "2025-08-01"),
]
EARLIER_SNAPSHOT = "2025-05-31"


def two_snapshot_store(store: Store) -> Store:
    """The deals of `pipeline_store` on 2025-06-30 plus the open pipeline of 2025-05-31 (no stage history)."""
    dimensions(store)
    frame = deals_frame()
    earlier = frame.set_index("opportunity_id").reindex([d[0] for d in EARLIER]).reset_index()
    earlier["opportunity_id"] = [d[0] for d in EARLIER]
    earlier["stage"] = [d[1] for d in EARLIER]
    earlier["amount"] = [d[2] for d in EARLIER]
    earlier["expected_close_date"] = pd.to_datetime(pd.Series([d[3] for d in EARLIER])).dt.date
    earlier[["closed_date", "lost_reason", "competitor"]] = None
    earlier["snapshot_date"] = date.fromisoformat(EARLIER_SNAPSHOT)
    p11 = earlier["opportunity_id"] == "P11"
    earlier.loc[p11, ["customer_id", "rep_id", "product_id"]] = ["C1", "R1", "X1"]
    earlier.loc[p11, "created_date"] = date(2025, 5, 1)
    insert(store, "opportunities", pd.concat([frame, earlier], ignore_index=True))
    return store
