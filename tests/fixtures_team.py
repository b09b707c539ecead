"""A hand-made sales team for the Team page tests.

Window Q2 2025 (WINDOW), compared with Q1 2025 (PREVIOUS). Q2 revenue: R1 500, R2 500, R3 300, R4 300,
R5 100 (two ties); Q1 revenue: R5 600, R2 400, R3 400, R1 200, R4 none (and no Q1 target).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from conftest import insert

from salesdash.filters import Window
from salesdash.store import Store
from salesdash.tables import Tables

WINDOW = Window(date(2025, 4, 1), date(2025, 6, 30))
PREVIOUS = Window(date(2025, 1, 1), date(2025, 3, 31))


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def team_orders() -> pd.DataFrame:
    rows = [
        ("A0", "1", "2024-06-01", "K9", "R5", 50.0),
        ("A1", "1", "2025-01-05", "K1", "R1", 200.0),
        ("A2", "1", "2025-02-10", "K2", "R2", 400.0),
        ("A3", "1", "2025-03-01", "K3", "R3", 250.0),
        ("A3", "2", "2025-03-01", "K3", "R3", 150.0),
        ("A4", "1", "2025-03-20", "K4", "R5", 600.0),
        ("B1", "1", "2025-04-02", "K1", "R1", 300.0),
        ("B2", "1", "2025-05-10", "K5", "R1", 200.0),
        ("B3", "1", "2025-04-15", "K6", "R2", 500.0),
        # K7's first two orders fall on the same day: B0 comes first by order_id, so R4 gets the credit.
        ("B4", "1", "2025-04-20", "K7", "R3", 300.0),
        ("B0", "1", "2025-04-20", "K7", "R4", 100.0),
        ("B5", "1", "2025-06-01", "K8", "R4", 200.0),
        ("B6", "1", "2025-06-30", "K9", "R5", 100.0),
        ("B7", "1", "2025-07-01", "K10", "R5", 999.0),
    ]
    frame = pd.DataFrame(rows, columns=["order_id", "line_id", "order_date", "customer_id", "rep_id", "revenue"])
    return _dates(frame, "order_date")


def team_reps() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3", "R4", "R5"],
            "rep_name": ["Ann", "Bo", "Cy", "Di", "Ed"],
            "team": ["T1", "T1", "T2", "T2", "T2"],
            "region": ["East", "East", "West", "West", "West"],
            "manager": ["M1", "M1", "M2", "M2", None],
            "hire_date": ["2023-01-10", "2025-03-15", "2024-11-01", "2025-01-20", "2020-05-01"],
        }
    )
    return _dates(frame, "hire_date")


MONTHLY_REP_TARGET = {"R1": 150.0, "R2": 200.0, "R3": 100.0, "R4": 120.0, "R5": 50.0}
T1_MONTHLY_TARGET = 1000.0


def team_targets() -> pd.DataFrame:
    """Monthly rep targets Jan–Jun 2025 (R4 only from April); team T1 has its own monthly target in Q2."""
    rows = []
    for month in range(1, 7):
        start = date(2025, month, 1)
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        for rep, target in MONTHLY_REP_TARGET.items():
            if rep != "R4" or month >= 4:
                rows.append((f"2025-{month:02d}", "rep", rep, target, rep, None, start, end))
        if month >= 4:
            rows.append((f"2025-{month:02d}", "team", "T1", T1_MONTHLY_TARGET, None, "T1", start, end))
    columns = ["period", "level", "level_id", "target", "rep_id", "team", "period_start", "period_end"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["metric"] = "revenue"
    return frame


def team_opportunities() -> pd.DataFrame:
    rows = [
        ("P1", "won", "R1", "2025-03-01", "2025-04-10", 300.0),
        ("P2", "won", "R1", "2025-04-01", "2025-05-21", 200.0),
        ("P3", "lost", "R1", "2025-04-01", "2025-05-01", 800.0),
        ("P4", "lost", "R2", "2025-04-01", "2025-06-01", 100.0),
        ("P5", "lost", "R2", "2025-04-01", "2025-06-15", 100.0),
        ("P6", "won", "R3", "2025-01-01", "2025-04-01", 1000.0),
        ("P7", "won", "R4", "2025-06-01", "2025-06-30", 100.0),
        ("P8", "lost", "R4", "2024-11-01", "2024-12-15", 100.0),
        ("P9", "negotiation", "R5", "2025-05-01", None, 700.0),
        ("P10", "proposal", "R3", "2025-05-01", None, 400.0),
        ("P11", "contact", "R3", "2025-06-01", None, 50.0),
    ]
    frame = pd.DataFrame(rows, columns=["opportunity_id", "stage", "rep_id", "created_date", "closed_date", "amount"])
    frame["snapshot_date"] = date(2025, 6, 30)
    frame["customer_id"] = "K1"
    return _dates(frame, "created_date", "closed_date")


ACTIVITY_COUNTS = {("R1", "call"): 6, ("R1", "visit"): 4, ("R2", "call"): 20, ("R3", "visit"): 12, ("R5", "email"): 5}


def team_activities() -> pd.DataFrame:
    """Q2 activities per rep and type as in ACTIVITY_COUNTS, plus three Q1 activities of R4."""
    rows = []
    for (rep, kind), count in ACTIVITY_COUNTS.items():
        rows.extend((f"{rep}-{kind}-{i}", "2025-05-01", rep, kind) for i in range(count))
    rows.extend((f"R4-old-{i}", "2025-03-01", "R4", "call") for i in range(3))
    frame = pd.DataFrame(rows, columns=["activity_id", "activity_date", "rep_id", "activity_type"])
    return _dates(frame, "activity_date")


def team_training() -> pd.DataFrame:
    rows = [
        ("R1", "2025-04-05", "Negotiation", 4.0, 80.0),
        ("R1", "2025-05-05", "Product", 6.0, 90.0),
        ("R2", "2025-06-05", "Product", 2.0, 70.0),
        ("R3", "2025-02-05", "Product", 8.0, 60.0),
    ]
    frame = pd.DataFrame(rows, columns=["rep_id", "training_date", "course", "hours", "score"])
    return _dates(frame, "training_date")


def team_store(path: Path, *, activities: bool = True, training: bool = True) -> Store:
    """A store with the whole team; activities and training can be left out (an export without them)."""
    store = Store(path)
    insert(store, "orders", team_orders())
    insert(store, "reps", team_reps())
    insert(store, "targets", team_targets())
    insert(store, "opportunities", team_opportunities())
    if activities:
        insert(store, "activities", team_activities())
    if training:
        insert(store, "training", team_training())
    return store


def team_tables(path: Path, **kwargs: bool) -> Tables:
    return Tables.from_store(team_store(path, **kwargs))
