"""What to do with each customer: rules from (ABC tier, RFM segment) to maintain, develop or win back.

The rules are a setting, `customer_strategy_rules`: a list of {"tier", "segment", "strategy",
"action"} where tier is A, B, C or "*" (any), segment an RFM segment or "*", strategy one of
`STRATEGIES`, action free text. The first rule that matches a customer applies; a customer no rule
matches gets strategy "none". Without the setting, `default_rules(lang)` apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.errors import InputError
from salesdash.filters import Filters, Window
from salesdash.i18n import t
from salesdash.metrics.customers.customers import abc_tiers
from salesdash.metrics.customers.history import window_customers
from salesdash.metrics.customers.rfm import SEGMENTS, rfm_scores
from salesdash.tables import Tables

__all__ = [
    "RULES_SETTING",
    "STRATEGIES",
    "default_rules",
    "grade_of",
    "only_strategy",
    "strategy_by_customer",
    "strategy_by_segment",
    "strategy_rules",
    "validate_rules",
]

RULES_SETTING = "customer_strategy_rules"
STRATEGIES = ("maintain", "develop", "win_back")
RULE_FIELDS = ("tier", "segment", "strategy", "action")
ANY = "*"
# (tier, segment, strategy, key of the default action under customers.action.)
_DEFAULTS = (
    (ANY, "cant_lose", "win_back", "senior_visit"),
    (ANY, "at_risk", "win_back", "call_now"),
    ("A", "champions", "maintain", "key_account"),
    ("A", ANY, "maintain", "protect"),
    ("B", "hibernating", "win_back", "reactivate"),
    ("B", "lost", "win_back", "reactivate"),
    ("B", ANY, "develop", "cross_sell"),
    ("C", "new", "develop", "onboard"),
    ("C", "promising", "develop", "onboard"),
    ("C", "potential_loyalist", "develop", "grow"),
    ("C", ANY, "maintain", "low_cost"),
)
CUSTOMER_COLUMNS = ["customer_id", "customer_name", "tier", "segment", "revenue", "strategy", "action"]


def default_rules(lang: str) -> list[dict[str, str]]:
    """The rules that apply until a manager saves their own, with actions in `lang`."""
    return [
        {"tier": tier, "segment": segment, "strategy": strategy, "action": t(f"customers.action.{key}", lang)}
        for tier, segment, strategy, key in _DEFAULTS
    ]


def validate_rules(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rules cleaned for saving; raises InputError naming the row and column of a value not allowed.
    Blank rows are dropped."""
    allowed = {"tier": ("A", "B", "C", ANY), "segment": (*SEGMENTS, ANY), "strategy": STRATEGIES}
    cleaned = []
    for number, row in enumerate(rows, start=1):
        rule = {key: "" if _blank(row.get(key)) else str(row.get(key)).strip() for key in RULE_FIELDS}
        if not any(rule.values()):
            continue
        for key, values in allowed.items():
            if rule[key] not in values:
                raise InputError(f"{rule[key]!r} is not one of {', '.join(values)}", row=number, column=key)
        cleaned.append(rule)
    return cleaned


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def strategy_rules(tables: Tables, lang: str) -> list[dict[str, str]]:
    """The rules in force: the saved setting `customer_strategy_rules`, else the defaults."""
    saved = tables.settings.get(RULES_SETTING)
    return validate_rules(saved) if saved else default_rules(lang)


def _rule_case(table: ir.Table, rules: list[dict[str, str]], field: str, else_: str) -> ir.StringValue:
    cases = []
    for rule in rules:
        condition = ibis.literal(True)
        if rule["tier"] != ANY:
            condition &= table.tier == rule["tier"]
        if rule["segment"] != ANY:
            condition &= table.segment == rule["segment"]
        cases.append((condition, rule[field]))
    return ibis.cases(*cases, else_=else_) if cases else ibis.literal(else_)


def _graded(tables: Tables, filters: Filters, window: Window, lang: str) -> ir.Table:
    tiers = abc_tiers(tables, filters, window)
    scores = rfm_scores(tables, filters, window)
    scores = scores.select(_id=scores.customer_id, segment=scores.segment)
    graded = tiers.join(scores, tiers.customer_id == scores._id)
    rules = strategy_rules(tables, lang)
    return graded.mutate(
        strategy=_rule_case(graded, rules, "strategy", "none"), action=_rule_case(graded, rules, "action", "")
    )


def strategy_by_customer(
    tables: Tables, filters: Filters, window: Window, lang: str, strategy: str | None = None, limit: int = 20_000
) -> pd.DataFrame:
    """Each customer of the window with its ABC tier, RFM segment, window revenue and the strategy and
    action of the first matching rule; optionally only one strategy. Sorted by revenue, highest first."""
    if not tables.has_revenue:
        return pd.DataFrame(columns=CUSTOMER_COLUMNS)
    graded = _graded(tables, filters, window, lang)
    if strategy is not None:
        graded = graded.filter(graded.strategy == strategy)
    customers = window_customers(tables, filters, window, orders=False)
    names = customers.select(_name_id=customers.customer_id, customer_name=customers.customer_name)
    named = graded.left_join(names, graded.customer_id == names._name_id)
    ordered = named.order_by([ibis.desc(named.revenue), named.customer_id]).limit(limit)
    return ordered.select(*CUSTOMER_COLUMNS).execute()


def strategy_by_segment(tables: Tables, filters: Filters, window: Window, lang: str) -> pd.DataFrame:
    """Customers and window revenue per (tier, segment) with the strategy and action that apply to
    them; sorted by tier, then revenue, highest first."""
    columns = ["tier", "segment", "customers", "revenue", "strategy", "action"]
    if not tables.has_revenue:
        return pd.DataFrame(columns=columns)
    graded = _graded(tables, filters, window, lang)
    grouped = graded.group_by("tier", "segment", "strategy", "action").aggregate(
        customers=graded.count(), revenue=graded.revenue.sum()
    )
    frame = grouped.order_by(["tier", ibis.desc("revenue"), "segment"]).execute()
    return frame[columns]


def only_strategy(per_customer: pd.DataFrame, strategy: str | None) -> pd.DataFrame:
    """The rows of a `strategy_by_customer` table with one strategy (all rows when None)."""
    if strategy is None:
        return per_customer
    return per_customer[per_customer["strategy"] == strategy].reset_index(drop=True)


def grade_of(per_customer: pd.DataFrame, customer_id: str) -> dict[str, Any]:
    """One customer's tier, segment, window revenue, strategy and action from a `strategy_by_customer`
    table; empty when the customer did not buy in the window."""
    rows = per_customer[per_customer["customer_id"] == customer_id]
    return {} if rows.empty else rows.iloc[0].to_dict()
