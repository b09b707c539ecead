"""The demo company: a deterministic, believable data set in every canonical table.

`build` writes it; `facts`, `orders` and `crm` hold the SQL that generates each table inside DuckDB;
`names` the labels in English and Chinese.
"""

from __future__ import annotations

from salesdash.demo.build import build_demo
from salesdash.demo.facts import AS_OF

__all__ = ["AS_OF", "build_demo"]
