"""Data-quality summary: completeness, anonymous sales, unknown dimension members, stale deals, gaps."""

from __future__ import annotations

from conftest import LOCAL

from salesdash.ingest import ingest_file, quality_summary


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
