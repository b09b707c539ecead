"""Data-quality summary: completeness, anonymous sales, unknown dimension members, stale deals, gaps."""

from __future__ import annotations

import shutil
import uuid

import pandas as pd
from conftest import LOCAL, insert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdash.ingest import ingest_file, quality_summary
from salesdash.store import Store


def test_quality_summary(store, tmp_path):
    orders = tmp_path / "o.csv"
    orders.write_text(
        "order_id,order_date,customer_id,product_id,revenue\n"
        "A,2025-01-05,C1,P1,10\nB,2025-01-06,,P1,5\nC,2025-04-01,C9,P2,7\n"
    )
    customers = tmp_path / "c.csv"
    customers.write_text("customer_id,customer_name\nC1,One\n")
    opps = tmp_path / "opps.csv"
    opps.write_text(
        "opportunity_id,stage,created_date,snapshot_date\n"
        "O1,proposal,2025-01-01,2025-06-30\nO2,proposal,2025-06-01,2025-06-30\nO3,won,2024-01-01,2025-06-30\n"
    )
    for path in (orders, customers, opps):
        ingest_file(store, path, user=LOCAL)
    summary = quality_summary(store, stale_days=60)
    assert (summary.anonymous_orders, summary.anonymous_revenue) == (1, 5.0)
    assert summary.unknown_dimensions == {"customer_id": 1}  # products not loaded: not checked
    assert summary.month_gaps == ["2025-02", "2025-03"]
    assert summary.stale_open_deals[["opportunity_id", "days_idle"]].values.tolist() == [["O1", 180]]
    comp = summary.completeness.set_index(["table", "field"])["completeness"]
    assert (comp["orders", "customer_id"], comp["orders", "revenue"], comp["customers", "segment"]) == (2 / 3, 1.0, 0.0)


KEYS = st.sampled_from(["K1", "K2", "K3", "K4", None])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.tuples(KEYS, KEYS, KEYS, st.integers(1, 99)), min_size=1, max_size=12),
    known=st.tuples(*[st.sets(st.sampled_from(["K1", "K2", "K3", "K4"])) for _ in range(3)]),
    loaded=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_unknown_keys_and_anonymous_sales_counted_as_by_hand(tmp_path, empty_db, lines, known, loaded) -> None:
    """Every loaded dimension's unknown keys and the anonymous lines, from one scan, against plain Python."""
    path = tmp_path / f"q{uuid.uuid4().hex}.duckdb"
    shutil.copy(empty_db, path)
    with Store(path) as store:
        orders = pd.DataFrame(
            {
                "order_id": [f"O{i}" for i in range(len(lines))],
                "order_date": pd.Timestamp("2025-01-05"),
                "customer_id": [c for c, _, _, _ in lines],
                "rep_id": [r for _, r, _, _ in lines],
                "product_id": [p for _, _, p, _ in lines],
                "revenue": [float(v) for *_, v in lines],
            }
        )
        insert(store, "orders", orders)
        dims = (("customer_id", "customers"), ("rep_id", "reps"), ("product_id", "products"))
        for (key, table), keys, present in zip(dims, known, loaded, strict=True):
            if present and keys:
                insert(store, table, pd.DataFrame({key: sorted(keys), table[:-1] + "_name": sorted(keys)}))
        summary = quality_summary(store)
        expected = {
            key: sum(1 for line in lines if line[i] is not None and line[i] not in keys)
            for i, ((key, _), keys, present) in enumerate(zip(dims, known, loaded, strict=True))
            if present and keys
        }
        assert summary.unknown_dimensions == expected
        anonymous = [v for c, _, _, v in lines if c is None]
        assert summary.anonymous_orders == len(anonymous)
        assert summary.anonymous_revenue == (float(sum(anonymous)) if anonymous else None)
