"""Pipeline figures (docs/figures.md, Pipeline): the open pipeline, funnel, forecast, won and lost, deal stages and actions, change between snapshots."""
