"""Tables' memo: a per-customer aggregate and the rep figures are computed once per (filters, window)
and data version, shared by the metrics that need them, and the figures stay those of the lines."""

from __future__ import annotations

from datetime import date

import pandas as pd
from conftest import insert
from fixtures_customers import ALL, YEAR_2025, lines

from salesdash.filters import Filters, Window
from salesdash.metrics.customers.concentration import tier_list
from salesdash.metrics.customers.history import window_customers
from salesdash.metrics.customers.rfm import rfm_scores
from salesdash.metrics.team.team import rep_figures
from salesdash.store import Store
from salesdash.tables import Memo, Tables

# Two orders of c1 (one of two lines), one of c2, one line without a customer, one line outside 2025.
ROWS = [
    ("o1", "c1", "2025-02-01", 100.0),
    ("o1", "c1", "2025-02-01", 50.0),
    ("o2", "c1", "2025-03-05", 30.0),
    ("o3", "c2", "2025-04-01", 500.0),
    ("o4", None, "2025-04-02", 70.0),
    ("o5", "c2", "2024-12-31", 999.0),
]


def _orders() -> pd.DataFrame:
    frame = lines(ROWS, rep_id="r1", region="North")
    frame["line_id"] = [str(i) for i in range(1, len(frame) + 1)]
    return frame


def _tables(store: Store, memo: Memo | None = None) -> Tables:
    return Tables(store.ibis(), store.loaded_tables(), store.settings(), memo=memo)


def test_window_customers_are_the_lines_figures(store: Store) -> None:
    insert(store, "orders", _orders())
    frame = window_customers(_tables(store), ALL, YEAR_2025).execute().sort_values("customer_id")
    assert frame["customer_id"].tolist() == ["c1", "c2"]
    assert frame["revenue"].tolist() == [180.0, 500.0]
    assert frame["orders"].tolist() == [2, 1]  # o1's two lines are one order
    assert pd.to_datetime(frame["last_order"]).dt.date.tolist() == [date(2025, 3, 5), date(2025, 4, 1)]
    cheap = window_customers(_tables(store), ALL, YEAR_2025, orders=False).execute()
    assert "orders" not in cheap.columns and sorted(cheap["revenue"]) == [180.0, 500.0]


def test_a_shared_memo_answers_without_the_lines(store: Store) -> None:
    """With one Memo, a second Tables reuses the first one's aggregate (the new line is not seen);
    a fresh Memo (a new data version) sees it. So the metrics really share one scan."""
    insert(store, "orders", _orders())
    memo = Memo()
    first = rfm_scores(_tables(store, memo), ALL, YEAR_2025).execute().sort_values("customer_id")
    insert(store, "orders", lines([("o9", "c2", "2025-05-01", 1.0)], line_id="9"))
    shared = rfm_scores(_tables(store, memo), ALL, YEAR_2025).execute().sort_values("customer_id")
    fresh = rfm_scores(_tables(store), ALL, YEAR_2025).execute().sort_values("customer_id")
    assert shared["frequency"].tolist() == first["frequency"].tolist() == [2, 1]
    assert fresh["frequency"].tolist() == [2, 2]
    # The tier list of the same memo uses the same aggregate: c2's orders still 1.
    listed = tier_list(_tables(store, memo), ALL, YEAR_2025).sort_values("customer_id")
    assert listed["orders"].tolist() == [2, 1]


def test_the_memo_keys_on_filters_and_window(store: Store) -> None:
    orders = _orders()
    orders.loc[orders["customer_id"] == "c2", "region"] = "South"
    insert(store, "orders", orders)
    memo = Memo()
    tables = _tables(store, memo)
    north = window_customers(tables, Filters(region=("North",)), YEAR_2025).execute()
    everyone = window_customers(tables, ALL, YEAR_2025).execute()
    year_2024 = window_customers(tables, ALL, Window(date(2024, 1, 1), date(2024, 12, 31))).execute()
    assert north["customer_id"].tolist() == ["c1"]
    assert sorted(everyone["customer_id"]) == ["c1", "c2"]
    assert year_2024["revenue"].tolist() == [999.0]


def test_rep_figures_are_remembered_as_copies(store: Store) -> None:
    insert(store, "orders", _orders())
    tables = _tables(store, Memo())
    first = rep_figures(tables, ALL, YEAR_2025)
    assert first["revenue"].tolist() == [750.0]
    first.loc[0, "revenue"] = -1.0  # a caller changing its frame does not change the next caller's
    assert rep_figures(tables, ALL, YEAR_2025)["revenue"].tolist() == [750.0]


def test_the_memo_forgets_the_oldest_entries() -> None:
    memo = Memo(max_entries=2)
    for key in ("a", "b", "c"):
        memo.put(key, (pd.DataFrame({"x": [key]}), None))
    assert memo.get("a") is None
    assert memo.get("b") is not None and memo.get("c") is not None
    assert len(memo) == 2
