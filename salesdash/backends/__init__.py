"""Other Ibis engines (docs/engines.md): `connect` (engine URLs, connections, the tables an engine holds),
`copy` (the canonical tables from the DuckDB store to an engine), `command` (`python -m salesdash export-to`)."""
