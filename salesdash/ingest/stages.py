"""Company stage names mapped onto the standard sales process (docs/uploads.md, "Stages"), with an editable saved map.

The built-in names are the default stages of the CRMs analysts export from: Salesforce (Prospecting … Closed Won),
HubSpot's default pipeline (Appointment Scheduled … Contract Sent), Pipedrive (Lead In … Negotiations Started),
Zoho, Dynamics 365 (Qualify/Develop/Propose/Close), Odoo (New/Qualified/Proposition/Won), the Maven Analytics CRM
sample (Prospecting/Engaging/Won/Lost), Bitrix24 (NEW … WON/LOSE), Fxiaoke (验证客户/需求确定/方案报价/谈判审核/赢单/输单), and the plain words
of Spanish, French, German and Portuguese CRMs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from salesdash.ingest.messages import IngestError
from salesdash.ingest.sqltext import Params, quote_ident
from salesdash.schema import STAGES

if TYPE_CHECKING:
    import duckdb

    from salesdash.ingest.mapping import MappingGuess
    from salesdash.ingest.readers import Source

__all__ = [
    "DEFAULT_STAGE_MAP",
    "STAGE_MAP_KEY",
    "check_stages",
    "normalize_stage",
    "stage_share",
    "stage_sql",
    "unknown_stages",
]

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
        "初步接洽",
        "初步沟通",
        "验证客户",
        "new",
        "lead in",
        "contact made",
        "appointment scheduled",
        "prospección",
        "prospeccion",
        "prospection",
        "prospecção",
        "akquise",
        "nuevo",
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
        "需求确定",
        "需求沟通",
        "qualified to buy",
        "develop",
        "demo scheduled",
        "needs defined",
        "calificación",
        "calificacion",
        "cualificación",
        "qualificação",
        "bedarfsanalyse",
        "análisis de necesidades",
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
        "方案/报价",
        "方案演示",
        "value proposition",
        "id decision makers",
        "identify decision makers",
        "perception analysis",
        "presentation scheduled",
        "proposal made",
        "proposal sent",
        "quote sent",
        "propuesta enviada",
        "proposta enviada",
        "propose",
        "proposition",
        "propuesta",
        "proposta",
        "angebot",
    ),
    "negotiation": (
        "negotiation",
        "negotiation/review",
        "negotiations started",
        "contract review",
        "contract sent",
        "decision maker bought-in",
        "commit",
        "close",
        "商务谈判",
        "谈判",
        "谈判审核",
        "合同审核",
        "negociación",
        "négociation",
        "negociação",
        "verhandlung",
    ),
    "won": (
        "won",
        "closed won",
        "closed/won",
        "win",
        "合同签署",
        "赢单",
        "成交",
        "签约",
        "已成交",
        "ganado",
        "ganada",
        "cerrado ganado",
        "cerrada ganada",
        "gagné",
        "gagnée",
        "gewonnen",
        "ganho",
        "fechado ganho",
    ),
    "lost": (
        "lost",
        "closed lost",
        "closed/lost",
        "closed lost to competition",
        "loss",
        "dead",
        "输单",
        "丢单",
        "失败",
        "无效",
        "perdido",
        "perdida",
        "cerrado perdido",
        "cerrada perdida",
        "perdu",
        "perdue",
        "verloren",
        "fechado perdido",
        "lose",
    ),
    "after_sales": ("after sales", "after_sales", "aftersales", "post sale", "售后服务", "售后"),
}


def normalize_stage(name: str) -> str:
    """Letters and hanzi only, lower case: '1 - Prospecting' and 'prospecting' are the same stage."""
    return re.sub(r"[^a-z\u4e00-\u9fff]", "", name.lower())


DEFAULT_STAGE_MAP: dict[str, str] = {
    normalize_stage(word): stage for stage, words in _SYNONYMS.items() for word in words
}
# No name may mean two stages.
assert sum(len({normalize_stage(w) for w in ws}) for ws in _SYNONYMS.values()) == len(DEFAULT_STAGE_MAP)
assert set(DEFAULT_STAGE_MAP.values()) == set(STAGES)


def stage_sql(column: str, saved: Mapping[str, str], p: Params) -> str:
    """SQL mapping a stage column onto the standard stages; NULL for a stage nobody has mapped."""
    merged = {**DEFAULT_STAGE_MAP, **{normalize_stage(k): v for k, v in saved.items()}}
    norm = f"regexp_replace(lower({column}), '[^a-z\\x{{4e00}}-\\x{{9fff}}]', '', 'g')"
    whens = " ".join(f"WHEN {p(k)} THEN {p(v)}" for k, v in merged.items())
    return f"CASE {norm} {whens} END"


def stage_share(values: list[str], saved: Mapping[str, str] | None = None) -> float:
    """The share of non-empty values that name a stage (built-in or saved): evidence that a column holds stages."""
    known = {**DEFAULT_STAGE_MAP, **{normalize_stage(k): v for k, v in (saved or {}).items()}}
    sample = [v for v in values if v and v.strip()]
    return sum(1 for v in sample if normalize_stage(v) in known) / len(sample) if sample else 0.0


def unknown_stages(values: list[str], saved: Mapping[str, str]) -> list[str]:
    """The distinct stage names, as written, that neither the built-in names nor the saved map know."""
    known = {**DEFAULT_STAGE_MAP, **{normalize_stage(k): v for k, v in saved.items()}}
    seen: dict[str, str] = {}
    for value in values:
        if value and value.strip() and normalize_stage(value) not in known:
            seen.setdefault(normalize_stage(value), value.strip())
    return sorted(seen.values())


def check_stages(con: duckdb.DuckDBPyConnection, source: Source, guess: MappingGuess, saved: Mapping[str, str]) -> None:
    """Refuse, in one message, a stage column holding names that nobody mapped (instead of one reject per row)."""
    header = next((h for h, f in guess.mapping.items() if f == "stage"), None)
    if header is None:
        return
    col = quote_ident(header)
    rows = con.execute(f"SELECT DISTINCT {col} FROM ({source.sql}) LIMIT 10000", source.params).fetchall()
    unknown = unknown_stages([str(r[0]) for r in rows if r[0] is not None], saved)
    if unknown:
        shown = ", ".join(unknown[:20]) + (" …" if len(unknown) > 20 else "")
        raise IngestError(
            "ingest.error.unknown_stages", file=source.name, column=header, names=shown, stages=", ".join(STAGES)
        )
