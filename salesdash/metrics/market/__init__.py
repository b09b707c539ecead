"""Market figures (docs/figures.md): share, the map, mix, price-volume-mix, seasonality, trend."""
