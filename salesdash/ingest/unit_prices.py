"""A guessed unit price must agree with the line's revenue (docs/uploads.md, "How columns are recognised").

A line's revenue is quantity × unit price × (1 − discount), give or take tax and rounding. A column named like a
price whose values are orders of magnitude away from revenue ÷ quantity (Amazon's `totla price` beside `Amount`)
holds something else; loading it as the unit price would put wrong prices into every price figure. Such a guess is
dropped, with a warning; a column the user mapped is kept as chosen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from statistics import median

from salesdash.ingest.guesses import MappingGuess
from salesdash.ingest.messages import Notice

__all__ = ["drop_unlike_unit_price", "price_ratio"]

MIN_LINES = 5  # fewer comparable lines than this say nothing
LOW, HIGH = 0.1, 10.0  # median revenue ÷ (quantity × price) outside this band: not this line's unit price
_SIGNS = re.compile(r"[\s$€£¥￥]")


def _plain(value: object) -> float | None:
    """A plain number (`1234.5`, `$12`, `-3`), or None: grouped or comma-decimal values are not judged here."""
    if not isinstance(value, str):
        return None
    text = _SIGNS.sub("", value)
    if "," in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def price_ratio(lines: Sequence[tuple[object, object, object]]) -> float | None:
    """Median of |revenue| ÷ (quantity × unit price) over (quantity, unit price, revenue) lines where all three
    are plain non-zero numbers; None with fewer than `MIN_LINES` such lines."""
    ratios = []
    for qty, price, revenue in lines:
        q, p, r = _plain(qty), _plain(price), _plain(revenue)
        if q and p and r:
            ratios.append(abs(r) / abs(q * p))
    return median(ratios) if len(ratios) >= MIN_LINES else None


def drop_unlike_unit_price(
    guess: MappingGuess, rows: Mapping[str, Sequence[object]], overrides: Mapping[str, str] | None
) -> None:
    """Remove a guessed unit_price column whose values disagree with revenue ÷ quantity (rows: column → values,
    row-aligned), adding a warning; nothing changes for a saved or user-chosen mapping."""
    columns = {field: header for header, field in guess.mapping.items()}
    if guess.saved or guess.table != "orders" or not {"quantity", "unit_price", "revenue"} <= columns.keys():
        return
    header = columns["unit_price"]
    if header in (overrides or {}):
        return
    lines = list(zip(rows[columns["quantity"]], rows[header], rows[columns["revenue"]], strict=False))
    ratio = price_ratio(lines)
    if ratio is None or LOW <= ratio <= HIGH:
        return
    del guess.mapping[header]
    guess.confidence.pop(header, None)
    guess.warnings.append(Notice("ingest.notice.unlike_unit_price", header=repr(header), ratio=f"{ratio:.3g}"))
