"""Wide sheets: one column per month (M01..M12, 1月..12月, Jan..Dec, 2025-01, 2025-Q1) unpivoted to rows.

Cells holding `-` (or `—`, `–`, nothing) mean "no value" and produce no row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from salesdash.ingest.sqltext import Params, quote_ident

__all__ = ["PLACEHOLDERS", "month_columns", "unpivot_sql"]

PLACEHOLDERS = ("-", "—", "–", "--", "")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month_of(header: str) -> str | None:
    """'MM' for a month-only header, 'YYYY-MM' / 'YYYY-Qn' for a full period, 'Qn' for a quarter."""
    h = header.strip()
    if m := re.fullmatch(r"[Mm](0?[1-9]|1[0-2])", h):
        return f"{int(m.group(1)):02d}"
    if m := re.fullmatch(r"(0?[1-9]|1[0-2])月(份)?", h):
        return f"{int(m.group(1)):02d}"
    low = h.lower()
    if len(low) >= 3 and low[:3] in _MONTHS and re.fullmatch(r"[a-z]{3,9}\.?", low):
        full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
        if low.rstrip(".") in (_MONTHS[_MONTHS.index(low[:3])], full[_MONTHS.index(low[:3])], "sept"):
            return f"{_MONTHS.index(low[:3]) + 1:02d}"
    if m := re.fullmatch(r"(\d{4})[-/.年](0?[1-9]|1[0-2])月?", h):
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    if m := re.fullmatch(r"(\d{4})\s*-?\s*[Qq]([1-4])", h):
        return f"{m.group(1)}-Q{m.group(2)}"
    if m := re.fullmatch(r"[Qq]([1-4])", h):
        return f"Q{m.group(1)}"
    return None


def month_columns(headers: Sequence[str]) -> dict[str, str]:
    """{header: month or period} when at least two headers are months; else empty."""
    found = {h: m for h in headers if (m := _month_of(h)) is not None}
    return found if len(found) >= 2 else {}


def unpivot_sql(source: str, wide: Mapping[str, str], year_column: str | None, params: Params) -> str:
    """A SELECT over `source` (which carries `__row`) with every non-wide column, `__period` (text) and `__value` per month cell."""
    cols = ", ".join(quote_ident(h) for h in wide)
    year = f"regexp_extract({quote_ident(year_column)}, '(\\d{{4}})', 1)" if year_column else "NULL"
    cases = []
    for header, month in wide.items():
        text = params(month) if "-" in month else f"{year} || {params('-' + month)}"
        cases.append(f"WHEN {params(header)} THEN {text}")
    placeholders = ", ".join(params(p) for p in PLACEHOLDERS)
    return (
        f'SELECT * EXCLUDE ("__col"), CASE "__col" {" ".join(cases)} END AS "__period" FROM ('
        f'UNPIVOT ({source}) ON {cols} INTO NAME "__col" VALUE "__value") '
        f'WHERE trim("__value") NOT IN ({placeholders})'
    )
