"""The settings an admin can change, with their defaults and checks (stored in the `_settings` table)."""

from __future__ import annotations

from typing import Any

from salesdash.errors import InputError
from salesdash.ingest.numbers import DEFAULT_MISSING, MISSING_KEY
from salesdash.metrics.customers.customers import DEFAULT_TIER_THRESHOLDS
from salesdash.schema import DEFAULT_STAGE_PROBABILITY

__all__ = ["CURRENCIES", "DEFAULTS", "current", "validate"]

CURRENCIES: tuple[str, ...] = ("CNY", "USD", "EUR", "GBP", "HKD", "JPY")
DEFAULTS: dict[str, Any] = {
    "fiscal_year_start_month": 1,
    "tier_thresholds": list(DEFAULT_TIER_THRESHOLDS),
    "stage_probabilities": dict(DEFAULT_STAGE_PROBABILITY),
    "currency": "CNY",
    "default_lang": "zh",
    MISSING_KEY: list(DEFAULT_MISSING),  # cells read as "no value" in every upload (docs/uploads.md)
}


def current(saved: dict[str, Any]) -> dict[str, Any]:
    """The defaults overlaid with what was saved."""
    return {key: saved.get(key, default) for key, default in DEFAULTS.items()}


def validate(key: str, value: Any) -> Any:
    """The value to store, or an InputError that says what a valid value looks like."""
    if key == "fiscal_year_start_month" and not (isinstance(value, int) and 1 <= value <= 12):
        raise InputError("the fiscal year must start in a month from 1 to 12", column=key)
    if key == "tier_thresholds":
        a, b = (float(v) for v in value)
        if not 0 < a < b <= 1:
            raise InputError("tier thresholds need 0 < A < B ≤ 1, e.g. 0.8 and 0.95", column=key)
        return [a, b]
    if key == "stage_probabilities":
        probabilities = {stage: float(p) for stage, p in value.items()}
        if any(not 0 <= p <= 1 for p in probabilities.values()):
            raise InputError("stage probabilities are fractions from 0 to 1", column=key)
        return probabilities
    if key == "currency" and value not in CURRENCIES:
        raise InputError(f"currency must be one of {', '.join(CURRENCIES)}", column=key)
    if key == "default_lang" and value not in ("en", "zh"):
        raise InputError("the default language is en or zh", column=key)
    if key == MISSING_KEY:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise InputError("missing values are a list of texts, e.g. NA, N/A, NULL", column=key)
        return [str(v).strip() for v in value]
    if key not in DEFAULTS:
        raise InputError(f"unknown setting {key!r}", column=key)
    return value
