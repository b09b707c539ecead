"""The view in the URL (docs/links.md): filters and language to query parameters and back.

Names are stable: bookmarked links must keep working across releases. Every value is validated here, once,
where a link is read (docs/access.md): unknown, malformed, over-long or repeated values, dates outside the
data, and drill-downs to a region, team or rep the reader may not see are dropped and reported, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from salesdash.filters import COMPARISONS, DIMENSIONS, Filters
from salesdash.i18n import LANGUAGES
from salesdash.schema import STAGES

__all__ = ["DRILLS", "EARLIEST", "LATEST", "MAX_VALUE", "Known", "LinkState", "check_drill", "from_params", "to_params"]

GLOBAL_PARAMS = ("lang", "start", "end", "compare", *DIMENSIONS)
# Parameters Streamlit or the share link read themselves.
OTHER_PARAMS = ("embed", "embed_options", "share")
# Dates a link may carry at all: a calendar every library here handles (a year-earlier comparison included).
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
MAX_VALUE = 500  # characters of one parameter's value
MAX_CHOICES = 100  # values of one dimension

# Drill-downs `<page>_drill = <source>:<key>`: the kind of key each source takes.
# "date": an ISO date; "month": YYYY-MM; a dimension name: one of its values the reader may see;
# "rep|month": a rep id and a month; "tier": A, B or C; "stage": a standard stage; "text": any short text.
DRILLS: dict[str, dict[str, str]] = {
    "overview": {"month": "date", "region": "region", "category": "category"},
    "targets": {"region": "region", "team": "team", "rep": "rep", "cell": "rep|month"},
    "market": {"period": "date", "mix": "dimension|text", "province": "text"},
    "customers": {
        "tier": "tier",
        "segment": "text",
        **{source: "text" for source in ("in_tier", "in_segment", "risk", "value", "tier_list")},
    },
    "pipeline": {
        "funnel": "stage",
        "outcome": "date",
        "forecast": "forecast",
        "lost_reason": "text",
        "competitor": "text",
        "segment": "segment",
        "category": "category",
        "region": "region",
        "rep": "rep",
    },
    "team": {"leaderboard": "rep", "quadrant": "rep"},
}


@dataclass(frozen=True)
class Known:
    """What the reader's data holds, to check a link against: the values of each filter dimension the reader
    may see (already limited to the scope) and the first and last order dates."""

    values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class LinkState:
    """What a link carries: the filters, the language, and the page-level controls (`<page>_<name>`)."""

    filters: Filters = field(default_factory=Filters)
    lang: str | None = None
    page_params: dict[str, str] = field(default_factory=dict)
    problems: tuple[tuple[str, str], ...] = ()


def to_params(filters: Filters, lang: str, page_params: Mapping[str, str] | None = None) -> dict[str, str]:
    """Query parameters of a view; empty filters are left out so links stay short."""
    params: dict[str, str] = {"lang": lang}
    if filters.start:
        params["start"] = filters.start.isoformat()
    if filters.end:
        params["end"] = filters.end.isoformat()
    params["compare"] = filters.compare
    for dimension in DIMENSIONS:
        values = filters.values(dimension)
        if values:
            params[dimension] = ",".join(values)
    params.update(page_params or {})
    return params


def _parse_date(value: str) -> date | None:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if EARLIEST <= parsed <= LATEST and len(value) == 10 else None


def _single(params: Mapping[str, str | list[str]], problems: list[tuple[str, str]]) -> dict[str, str]:
    """One value per name: a repeated or over-long value is reported and dropped."""
    flat: dict[str, str] = {}
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        if len(values) != 1:
            problems.append((str(name), " & ".join(map(str, values))[:80]))
        elif len(str(name)) > 100 or len(str(values[0])) > MAX_VALUE:
            problems.append((str(name)[:80], str(values[0])[:80] + "…"))
        else:
            flat[str(name)] = str(values[0])
    return flat


def from_params(
    params: Mapping[str, str | list[str]], pages: tuple[str, ...] = (), known: Known | None = None
) -> LinkState:
    """The view a link describes; values that cannot be understood are listed in `problems` and dropped.

    With `known`, dimension values and drill-down keys must be ones the reader may see, and the window must
    overlap the data (a window that holds none of it is not a view of this data)."""
    problems: list[tuple[str, str]] = []
    flat = _single(params, problems)
    values: dict[str, object] = {}
    lang = flat.get("lang")
    if lang is not None and lang not in LANGUAGES:
        problems.append(("lang", lang))
        lang = None
    values.update(_dates(flat, known, problems))
    if "compare" in flat:
        if flat["compare"] in COMPARISONS:
            values["compare"] = flat["compare"]
        else:
            problems.append(("compare", flat["compare"]))
    for dimension in DIMENSIONS:
        if dimension in flat:
            values[dimension] = _choices(dimension, flat[dimension], known, problems)
    page_params = {k: v for k, v in flat.items() if any(k.startswith(f"{p}_") for p in pages)}
    for key in list(page_params):
        page, _, control = key.partition("_")
        if control == "drill" and not check_drill(page, page_params[key], known):
            problems.append((key, page_params.pop(key)))
    for key in flat.keys() - set(GLOBAL_PARAMS) - page_params.keys() - set(OTHER_PARAMS):
        if (key, flat[key]) not in problems:
            problems.append((key, flat[key]))
    return LinkState(Filters(**values), lang, page_params, tuple(problems))  # type: ignore[arg-type]


def _dates(flat: Mapping[str, str], known: Known | None, problems: list[tuple[str, str]]) -> dict[str, date]:
    found: dict[str, date] = {}
    for name in ("start", "end"):
        if name in flat:
            parsed = _parse_date(flat[name])
            if parsed is None:
                problems.append((name, flat[name]))
            else:
                found[name] = parsed
    if "start" in found and "end" in found and found["start"] > found["end"]:
        problems.append(("end", flat["end"]))
        del found["end"]
    if known is not None and known.last is not None and found.get("start", known.last) > known.last:
        problems.append(("start", flat["start"]))
        del found["start"]
    if known is not None and known.first is not None and found.get("end", known.first) < known.first:
        problems.append(("end", flat["end"]))
        del found["end"]
    return found


def _choices(dimension: str, text: str, known: Known | None, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    allowed = known.values.get(dimension) if known is not None else None
    kept = tuple(v for v in chosen if allowed is None or v in allowed)[:MAX_CHOICES]
    if kept != chosen:
        problems.append((dimension, ",".join(v for v in chosen if v not in kept)[:80]))
    return kept


def _is_month(text: str) -> bool:
    return len(text) == 7 and _parse_date(f"{text}-01") is not None


_KEY_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": lambda key: _parse_date(key[:10]) is not None and len(key) in (7, 10, 19),
    "tier": lambda key: key in ("A", "B", "C"),
    "stage": lambda key: key in STAGES,
    "forecast": lambda key: key in ("", "no_date", "overdue") or _parse_date(key) is not None,
    "text": lambda key: len(key) <= 200,
}


def check_drill(page: str, value: str, known: Known | None = None) -> bool:
    """Whether `value` is a drill-down `<source>:<key>` that page `page` can open for the reader: a known source,
    a key of its kind, and (with `known`) a region, team, rep, category or segment the reader may see."""
    source, colon, key = value.partition(":")
    kind = DRILLS.get(page, {}).get(source)
    if not colon or kind is None:
        return False
    if kind == "rep|month":
        rep, bar, month = key.partition("|")
        return bool(bar) and _is_month(month) and _known(known, "rep", rep)
    if kind == "dimension|text":
        dimension, bar, text = key.partition("|")
        return bool(bar) and bool(dimension) and len(text) <= 200 and _known(known, dimension, text)
    if kind in DIMENSIONS:
        return _known(known, kind, key)
    return _KEY_CHECKS[kind](key)


def _known(known: Known | None, dimension: str, value: str) -> bool:
    """A value the reader may see: in its dimension's values when those are known, else any short text."""
    if len(value) > 200:
        return False
    allowed = known.values.get(dimension) if known is not None else None
    return allowed is None or value in allowed
