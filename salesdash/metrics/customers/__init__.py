"""Customer figures (docs/figures.md, Customers): ABC tiers, RFM, churn, cohorts, concentration, lifetime value, movement, one customer up close, strategy."""
