"""Numbers and dates for people: 万/亿 in Chinese, K/M/B in English (docs/figures.md, Tables)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from babel.dates import get_month_names

__all__ = [
    "column_unit",
    "currency_symbol",
    "day",
    "delta_percent",
    "is_missing",
    "money",
    "month_name",
    "number",
    "percent",
]

_CURRENCY_SYMBOL = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, lang: str, digits: int = 1) -> str:
    """1.23亿 / 4,567万 in Chinese; 123.5M / 4.6K in English; '—' for a missing figure."""
    if is_missing(value):
        return "—"
    assert value is not None
    sign = "-" if value < 0 else ""
    size = abs(float(value))
    for scale, suffix in _units(lang):
        if size >= scale:
            return f"{sign}{size / scale:,.{digits}f}{suffix}"
    if float(size).is_integer():
        return f"{sign}{size:,.0f}"
    return f"{sign}{size:,.{min(digits, 2)}f}"


def _units(lang: str) -> tuple[tuple[float, str], ...]:
    return ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def column_unit(values: Iterable[float | int | None], lang: str) -> tuple[float, str]:
    """The one unit a table column of amounts is shown in: the unit `number` would give its median
    non-zero magnitude (万/亿 in Chinese, K/M/B in English), so that a column reads in one unit and still
    sorts by value. (1.0, "") for small amounts or an empty column.

    >>> column_unit([12_000, 350_000, 2_000_000], "zh")
    (10000.0, '万')
    """
    sizes = sorted(abs(float(v)) for v in values if v is not None and not is_missing(v) and v != 0)
    if not sizes:
        return 1.0, ""
    middle = sizes[len(sizes) // 2]
    return next(((scale, suffix) for scale, suffix in _units(lang) if middle >= scale), (1.0, ""))


def currency_symbol(currency: str) -> str:
    return _CURRENCY_SYMBOL.get(currency, currency + " ")


def money(value: float | int | None, lang: str, currency: str = "CNY", digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    text = number(value, lang, digits)
    symbol = currency_symbol(currency)
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction shown as a percentage: 0.853 → 85.3%."""
    if is_missing(value):
        return "—"
    assert value is not None
    return f"{value * 100:.{digits}f}%"


def delta_percent(value: float | None, digits: int = 1) -> str:
    """A signed change: 0.052 → +5.2%."""
    if is_missing(value):
        return "—"
    assert value is not None
    return f"{value * 100:+.{digits}f}%"


def day(value: date | None, lang: str) -> str:
    if value is None:
        return "—"
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%d %b %Y").lstrip("0")


def month_name(month: int, lang: str) -> str:
    """A calendar month by name, from Babel's CLDR data: 3 → 3月 / March."""
    if lang == "zh":
        return str(get_month_names("abbreviated", locale="zh_CN")[month])
    return str(get_month_names("wide", locale="en")[month])
