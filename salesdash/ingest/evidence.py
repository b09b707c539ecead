"""What a column's values say about the field it holds (docs/uploads.md, "How columns are recognised").

Each check looks at the sample values of one column and returns a bonus to add to the name's score, or None
when the values contradict the field (a "Date" column of words, an "Amount" column of names, a customer name
column of e-mail addresses).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from salesdash.ingest.dates import looks_like_dates, looks_like_periods
from salesdash.ingest.stages import stage_share
from salesdash.schema import DATE, INTEGER, MONEY, NUMBER

__all__ = ["NAME_FIELDS", "distinct_share", "is_numeric", "looks_like_contact", "percentages", "value_fit"]

_NUMBER = re.compile(r"^\s*[-+(]?\s*[$€£¥￥]?\s*[\d.,'\s’]*\d[\d.,'\s’]*\)?\s*%?\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s\-().]{7,20}$")
NAME_FIELDS = ("customer_name", "rep_name", "product_name", "manager")
# A probability of 10 … 100 is a percentage: not taken (pipeline figures do not need it). A discount is never
# dropped that way, since revenue depends on it: its rows are rejected instead (docs/uploads.md).
FRACTION_FIELDS = ("probability",)


def _above_one(sample: Sequence[str]) -> float:
    numbers = []
    for v in sample:
        try:
            numbers.append(float(v.replace(",", "").rstrip("%")))
        except ValueError:
            continue
    return sum(1 for n in numbers if abs(n) > 1) / len(numbers) if numbers else 0.0


def percentages(values: Sequence[str]) -> bool:
    """Numbers of which at least half are above 1: a percentage column (10 … 100), not a fraction."""
    sample = _present(values)
    return bool(sample) and all(is_numeric(v) for v in sample) and _above_one(sample) >= 0.5


def _present(values: Sequence[str]) -> list[str]:
    return [v.strip() for v in values if v is not None and v.strip() not in ("", "-")]


_LETTER = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_MONEY_LIKE = re.compile(r"^-?\d+\.\d\d$")


def is_numeric(value: str) -> bool:
    if len(value) > 40 or _LETTER.search(value):  # words are no numbers (and would make the pattern slow)
        return False
    return bool(_NUMBER.match(value))


def looks_like_contact(value: str) -> bool:
    """An e-mail address or a phone number: text that is never a person's or company's name."""
    return bool(_EMAIL.match(value)) or (bool(_PHONE.match(value)) and sum(c.isdigit() for c in value) >= 7)


def distinct_share(values: Sequence[str]) -> float:
    """Distinct non-empty values / non-empty values (1.0 when every value is different)."""
    sample = _present(values)
    return len(set(sample)) / len(sample) if sample else 1.0


def value_fit(field: str, dtype: str, values: Sequence[str]) -> float | None:
    """A bonus (0 to 0.2) when the values agree with the field, None when most of them contradict it.

    Dates must parse, amounts and counts must be numbers, periods must be months, quarters or years, stages must
    be stage names (or at least not numbers), a name is not an e-mail address or a phone number, and an id is not
    an amount with cents.
    """
    sample = _present(values)
    if not sample:
        return 0.0
    if field == "period":
        return 0.15 if looks_like_periods(sample) else (0.0 if looks_like_periods(sample, 0.5) else None)
    if dtype == DATE:
        return 0.15 if looks_like_dates(sample) else (0.0 if looks_like_dates(sample, 0.5) else None)
    if dtype in (MONEY, NUMBER, INTEGER):
        share = sum(1 for v in sample if is_numeric(v)) / len(sample)
        if field in FRACTION_FIELDS and _above_one(sample) >= 0.5:
            return None  # an amount or a percentage, not the fraction the field holds
        return 0.1 if share >= 0.9 else (0.0 if share >= 0.5 else None)
    if field == "stage":
        if stage_share(sample) >= 0.5:
            return 0.2
        return None if all(is_numeric(v) for v in sample) else 0.0
    if field in NAME_FIELDS and sum(1 for v in sample if looks_like_contact(v)) >= 0.5 * len(sample):
        return None
    if field.endswith("_id") and sum(1 for v in sample if _MONEY_LIKE.match(v)) >= 0.8 * len(sample):
        return None  # amounts written with cents (Bitrix24's OPPORTUNITY = 100000.00) are no identifiers
    return 0.0
