"""Pareto curve, concentration figures, tier table and tier lists (ABC, docs/figures.md)."""

from __future__ import annotations

import pandas as pd
from fixtures_customers import ALL, YEAR_2025, abc_orders, loaded, many_customers_orders
from pytest import approx

from salesdash.metrics.customers.concentration import concentration, pareto_curve, tier_list, tier_table
from salesdash.metrics.customers.customers import tier_summary
from salesdash.store import Store


def test_pareto_curve_marks_the_customer_who_crosses_80_percent_as_a(store: Store) -> None:
    tables = loaded(store, abc_orders())
    curve = pareto_curve(tables, ALL, YEAR_2025)
    total = 980.0
    cumulative = [500, 800, 900, 950, 1000, 1000, 980]
    expected = pd.DataFrame(
        {
            "rank": range(1, 8),
            "customer_share": [i / 7 for i in range(1, 8)],
            "revenue_share": [c / total for c in cumulative],
            "tier": ["A", "A", "B", "B", "C", "C", "C"],
        }
    )
    pd.testing.assert_frame_equal(curve, expected, check_dtype=False)


def test_pareto_curve_is_downsampled_but_exact_at_tier_boundaries(store: Store) -> None:
    tables = loaded(store, many_customers_orders(1200))
    curve = pareto_curve(tables, ALL, YEAR_2025, max_points=500)
    assert len(curve) <= 500
    assert curve["rank"].iloc[0] == 1 and curve["rank"].iloc[-1] == 1200
    revenue = pd.Series(range(1200, 0, -1), dtype="float64")  # ranked, largest first
    before = (revenue.cumsum() - revenue) / revenue.sum()
    first_b = int((before >= 0.80).idxmax()) + 1
    first_c = int((before >= 0.95).idxmax()) + 1
    starts = curve.groupby("tier")["rank"].min().to_dict()
    assert starts == {"A": 1, "B": first_b, "C": first_c}
    shares = revenue.cumsum() / revenue.sum()
    for row in curve.itertuples():
        assert abs(row.revenue_share - shares.iloc[row.rank - 1]) < 1e-12


def test_concentration_figures_match_pandas(store: Store) -> None:
    tables = loaded(store, many_customers_orders(40))
    revenue = pd.Series([float(i) for i in range(1, 41)])
    figures = concentration(tables, ALL, YEAR_2025)
    assert figures == {
        "customers": 40.0,
        "top10_share": approx(revenue.nlargest(10).sum() / revenue.sum()),
        "herfindahl": approx(((revenue / revenue.sum()) ** 2).sum()),
    }


def test_herfindahl_counts_only_positive_revenue(store: Store) -> None:
    tables = loaded(store, abc_orders())
    positive = pd.Series([500.0, 300.0, 100.0, 50.0, 50.0])
    figures = concentration(tables, ALL, YEAR_2025)
    assert figures["herfindahl"] == approx(((positive / positive.sum()) ** 2).sum())
    assert figures["top10_share"] == 1.0


def test_tier_table_equals_tier_summary_of_kpis(store: Store) -> None:
    tables = loaded(store, abc_orders())
    table = tier_table(tables, ALL, YEAR_2025)
    summary = tier_summary(tables, ALL, YEAR_2025)
    assert table[["tier", "customers", "revenue"]].to_dict("records") == [
        {"tier": t, "customers": summary[t]["customers"], "revenue": summary[t]["revenue"]} for t in "ABC"
    ]
    assert table["revenue"].tolist() == [800.0, 150.0, 30.0]
    assert table["revenue_share"].tolist() == approx([800 / 980, 150 / 980, 30 / 980])
    assert table["revenue_per_customer"].tolist() == [400.0, 75.0, 10.0]


def test_tier_list_orders_ties_by_customer_id(store: Store) -> None:
    tables = loaded(store, abc_orders())
    b_tier = tier_list(tables, ALL, YEAR_2025, "B")
    assert b_tier[["customer_id", "rank", "revenue", "orders"]].to_dict("records") == [
        {"customer_id": "K03", "rank": 3, "revenue": 100.0, "orders": 1},
        {"customer_id": "K04", "rank": 4, "revenue": 50.0, "orders": 1},
    ]
    c_tier = tier_list(tables, ALL, YEAR_2025, "C")
    assert c_tier["customer_id"].tolist() == ["K05", "K06", "K07"]
    assert c_tier["orders"].tolist() == [1, 1, 2]
