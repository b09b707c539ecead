"""Company stage names mapped onto the standard sales process (SPEC §3), with an editable saved map."""

from __future__ import annotations

import re
from collections.abc import Mapping

from salesdash.ingest.sqltext import Params
from salesdash.schema import STAGES

__all__ = ["DEFAULT_STAGE_MAP", "STAGE_MAP_KEY", "normalize_stage", "stage_sql"]

STAGE_MAP_KEY = "ingest.stage_map"

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "contact": (
        "contact",
        "lead",
        "leads",
        "prospecting",
        "prospect",
        "initial contact",
        "客户接触",
        "接触",
        "线索",
        "初步接触",
    ),
    "needs_analysis": (
        "needs analysis",
        "needs_analysis",
        "qualification",
        "qualify",
        "qualified",
        "discovery",
        "engaging",
        "需求分析",
        "需求确认",
        "商机确认",
    ),
    "proposal": (
        "proposal",
        "quote",
        "quotation",
        "solution",
        "proposal/price quote",
        "方案制定",
        "方案",
        "报价",
        "方案报价",
    ),
    "negotiation": ("negotiation", "negotiation/review", "contract review", "commit", "商务谈判", "谈判", "合同审核"),
    "won": ("won", "closed won", "win", "合同签署", "赢单", "成交", "签约"),
    "lost": ("lost", "closed lost", "loss", "dead", "输单", "丢单", "失败"),
    "after_sales": ("after sales", "after_sales", "aftersales", "post sale", "售后服务", "售后"),
}


def normalize_stage(name: str) -> str:
    """Letters and hanzi only, lower case: '1 - Prospecting' and 'prospecting' are the same stage."""
    return re.sub(r"[^a-z\u4e00-\u9fff]", "", name.lower())


DEFAULT_STAGE_MAP: dict[str, str] = {
    normalize_stage(word): stage for stage, words in _SYNONYMS.items() for word in words
}
assert set(DEFAULT_STAGE_MAP.values()) == set(STAGES)


def stage_sql(column: str, saved: Mapping[str, str], p: Params) -> str:
    """SQL mapping a stage column onto the standard stages; NULL for a stage nobody has mapped."""
    merged = {**DEFAULT_STAGE_MAP, **{normalize_stage(k): v for k, v in saved.items()}}
    norm = f"regexp_replace(lower({column}), '[^a-z\\x{{4e00}}-\\x{{9fff}}]', '', 'g')"
    whens = " ".join(f"WHEN {p(k)} THEN {p(v)}" for k, v in merged.items())
    return f"CASE {norm} {whens} END"
