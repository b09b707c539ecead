"""Numbers and dates for people: 万/亿 in Chinese, K/M/B in English (STYLE §6)."""

from __future__ import annotations

import math
from datetime import date

__all__ = ["day", "delta_percent", "is_missing", "money", "number", "percent"]

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
    units = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for scale, suffix in units:
        if size >= scale:
            return f"{sign}{size / scale:,.{digits}f}{suffix}"
    if float(size).is_integer():
        return f"{sign}{size:,.0f}"
    return f"{sign}{size:,.{min(digits, 2)}f}"


def money(value: float | int | None, lang: str, currency: str = "CNY", digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    text = number(value, lang, digits)
    symbol = _CURRENCY_SYMBOL.get(currency, currency + " ")
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
