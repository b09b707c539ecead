"""The view in the URL (SPEC §6): filters and language to query parameters and back.

Names are stable: bookmarked links must keep working across releases. Unknown or malformed
values are dropped and reported, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from salesdash.filters import COMPARISONS, DIMENSIONS, Filters
from salesdash.i18n import LANGUAGES

__all__ = ["LinkState", "from_params", "to_params"]

GLOBAL_PARAMS = ("lang", "start", "end", "compare", *DIMENSIONS)


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
        return date.fromisoformat(value)
    except ValueError:
        return None


def from_params(params: Mapping[str, str | list[str]], pages: tuple[str, ...] = ()) -> LinkState:
    """The view a link describes; values that cannot be understood are listed in `problems`."""
    flat = {k: (v[-1] if isinstance(v, list) else v) for k, v in params.items()}
    problems: list[tuple[str, str]] = []
    values: dict[str, object] = {}
    lang = flat.get("lang")
    if lang is not None and lang not in LANGUAGES:
        problems.append(("lang", lang))
        lang = None
    for name in ("start", "end"):
        if name in flat:
            parsed = _parse_date(flat[name])
            if parsed is None:
                problems.append((name, flat[name]))
            else:
                values[name] = parsed
    if "start" in values and "end" in values and values["start"] > values["end"]:  # type: ignore[operator]
        problems.append(("end", flat["end"]))
        del values["end"]
    if "compare" in flat:
        if flat["compare"] in COMPARISONS:
            values["compare"] = flat["compare"]
        else:
            problems.append(("compare", flat["compare"]))
    for dimension in DIMENSIONS:
        if dimension in flat:
            values[dimension] = tuple(v.strip() for v in flat[dimension].split(",") if v.strip())
    page_params = {k: v for k, v in flat.items() if any(k.startswith(f"{p}_") for p in pages)}
    for key in flat.keys() - set(GLOBAL_PARAMS) - page_params.keys() - {"embed", "embed_options", "share"}:
        problems.append((key, flat[key]))
    return LinkState(Filters(**values), lang, page_params, tuple(problems))  # type: ignore[arg-type]
