"""Small helpers that keep file content out of SQL text: identifiers are quoted, values are bound."""

from __future__ import annotations

from typing import Any

__all__ = ["Params", "quote_ident"]


def quote_ident(name: str) -> str:
    """A column or table name as a DuckDB quoted identifier; embedded quotes are doubled."""
    return '"' + name.replace('"', '""') + '"'


class Params:
    """Collects bound values and hands out `$pN` placeholders for them."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def __call__(self, value: Any) -> str:
        key = f"p{len(self.values)}"
        self.values[key] = value
        return f"${key}"
