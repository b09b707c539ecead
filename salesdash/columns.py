"""What a table column holds, so that one renderer shows every table the same way (docs/figures.md, "Tables").

A column is known by its canonical field name (`revenue`, `attainment`, `last_touched`) or by a header that is
already the text of a catalogue key whose last part is that field (`team.col.revenue` → `revenue`). Its
kind says how a person reads it: money in the user's currency, a ratio as a percentage, a count with
separators, a date without time, an id hidden beside its name, a coded value translated.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache

import pandas as pd

from salesdash.fmt import column_unit
from salesdash.i18n import strings, t

_log = logging.getLogger(__name__)

__all__ = [
    "CODES",
    "ColumnSpec",
    "Kind",
    "UntranslatedHeader",
    "code_text",
    "field_of",
    "header_of",
    "hidden_ids",
    "is_data_header",
    "kind_of",
    "table_layout",
    "table_width",
]


class Kind(Enum):
    MONEY = "money"
    RATIO = "ratio"
    COUNT = "count"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class UntranslatedHeader(ValueError):
    """A table was about to show a header (or coded value) that is not in the i18n catalogue."""


_MONEY = {
    "revenue", "target", "amount", "value", "gap", "market_size", "competitor_sales", "payout", "commission",
    "avg_order_value", "avg_deal_size", "open_value", "weighted_value", "expected_to_date", "projection",
    "run_rate", "required_daily", "cost", "profit", "list_price", "unit_price", "unit_cost", "price", "volume",
    "mix", "r0", "r1", "p0", "p1", "lifetime_value", "monetary", "avg_value", "plan", "forecast", "sales",
    "total", "effect", "new_revenue", "lost_revenue", "expansion", "contraction", "deal_size", "margin_value",
    "base", "bonus", "earned", "new", "discontinued", "previous", "change", "shortfall", "daily_rate",
    "revenue_per_customer", "pipeline", "required_daily_rate", "best_past", "ahead_by", "seasonal", "revenue_prev", "revenue_previous", "previous_revenue", "prior_revenue",
}  # fmt: skip
_MONEY_PARTS = ("revenue", "amount", "_value", "target", "payout", "commission", "_sales", "market_size", "_gap")
_RATIO = {
    "attainment", "share", "growth", "gross_margin", "margin", "pace", "probability", "completeness",
    "cost_of_sales", "conversion", "rate", "churn", "retention", "market_growth", "revenue_growth", "win_rate",
    "value_win_rate", "calibrated", "default_probability", "cumulative_share", "discount", "coverage", "uplift",
    "ratio",
}  # fmt: skip
_RATIO_PARTS = ("_rate", "share", "growth", "attainment", "_pct", "margin", "probability", "conversion")
_COUNT_PARTS = ("count", "orders", "customers", "reps", "deals", "activities", "rows", "won", "lost", "open")
_DATE_PARTS = ("_date", "_at", "last_touched", "first_order", "last_order")
# Columns whose values are codes, and the catalogue prefix of their texts (`stage.contact`).
CODES = {
    "stage": "stage",
    "from_stage": "stage",
    "to_stage": "stage",
    "kind": "col.kind",
    "status": "col.status",
    "mode": "data.mode",
    "table_name": "table",
    "table": "table",
    "field": "col",
    "tier": "customers.tier",
    "from_tier": "customers.tier",
    "to_tier": "customers.tier",
    "segment": "customers.segment",
    "rfm_segment": "customers.segment",
    "strategy": "customers.strategy",
    "flag": "col.flag",
    "level": "targets.level",
    "quadrant": "col.quadrant",
}
_PERIOD = re.compile(r"^Q[1-4]$|^\d{4}(-\d{2}|-Q[1-4]|-W\d{2})?$|^\d{4}年(\d{1,2}月|第?[1-4]季度?)?$")


@cache
def _fields_by_text(lang: str) -> dict[str, str]:
    """Catalogue text → the field its key names (last part of the key), for headers already translated."""
    found: dict[str, str] = {}
    for key, entry in strings().items():
        text = entry.get(lang, "")
        field = key.rsplit(".", 1)[-1]
        plain_col = key.startswith("col.") and key.count(".") == 1
        if text and (plain_col or key.startswith("kpi.") or ".col." in key):
            found.setdefault(text, field)
    return found


def field_of(header: object, lang: str) -> str | None:
    """The canonical field a header stands for: itself when it has a `col.` text, else the field of the
    catalogue text it is; None for a header the catalogue does not know."""
    name = str(header)
    if f"col.{name}" in strings():
        return name
    return _fields_by_text(lang).get(name)


def header_of(header: object, lang: str) -> str:
    """The header a person reads: `col.<field>` in `lang` for a raw field name; a translated header as is.
    Raises UntranslatedHeader for any other header (a test fails on it: docs/figures.md, "Tables")."""
    name = str(header)
    if f"col.{name}" in strings():
        return t(f"col.{name}", lang)
    if name in _fields_by_text(lang) or is_data_header(name) or name in _all_texts(lang):
        return name
    raise UntranslatedHeader(f"table header {name!r} has no text: add col.{name} to salesdash/locales/columns.py")


@cache
def _all_texts(lang: str) -> frozenset[str]:
    return frozenset(entry.get(lang, "") for entry in strings().values())


def is_data_header(header: str) -> bool:
    """A header that is data rather than a field: a period (`2026-03`, `2026-Q1`, `2026年3月`)."""
    return bool(_PERIOD.match(header))


def kind_of(field: str | None, dtype: object) -> Kind:
    """The kind of a column from its field name, falling back on its values' type."""
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return Kind.DATE
    numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    if field is not None and numeric:
        if field in _RATIO or (field not in _MONEY and any(p in field for p in _RATIO_PARTS)):
            return Kind.RATIO
        if field in _MONEY or any(p in field for p in _MONEY_PARTS):
            return Kind.MONEY
        if field.endswith("_id") or any(p in field for p in _COUNT_PARTS):
            return Kind.COUNT
    if field is not None and not numeric and field.endswith(_DATE_PARTS):
        return Kind.DATE
    if pd.api.types.is_integer_dtype(dtype):
        return Kind.COUNT
    return Kind.NUMBER if numeric else Kind.TEXT


def hidden_ids(fields: list[str | None]) -> set[str]:
    """Id fields shown beside their name (`rep_id` with `rep_name`): the name says it, the id stays in
    downloads."""
    present = {f for f in fields if f}
    return {f for f in present if f.endswith("_id") and f"{f[:-3]}_name" in present}


def code_text(field: str, value: object, lang: str) -> object:
    """A coded value's text (`needs_analysis` → 需求分析); a value without one is shown as it is."""
    prefix = CODES.get(field)
    if prefix is None or not isinstance(value, str):
        return value
    key = f"{prefix}.{value}"
    return t(key, lang) if key in strings() else value


@dataclass(frozen=True)
class ColumnSpec:
    """How one column is shown: its header, kind, and number format (sprintf, as st.column_config takes
    it) or date format (moment.js); a hidden column is in the download only."""

    header: str
    kind: Kind
    format: str | None = None
    hidden: bool = False


def table_layout(
    frame: pd.DataFrame,
    lang: str,
    currency: str = "¥",
    kinds: dict[str, Kind] | None = None,
    strict: bool = False,
    file_headers: bool = False,
) -> tuple[pd.DataFrame, list[ColumnSpec], pd.DataFrame]:
    """The frame a person sees, how each column is shown, and the frame downloaded.

    Shown: headers translated, coded values translated, amounts divided by their column's unit (万/亿 or
    K/M/B, `fmt.column_unit`), ratios ×100. Downloaded: raw values under the same headers. `kinds` overrides
    a column's kind by its original or translated header; `file_headers` keeps a user's own file headers.
    An unknown header raises UntranslatedHeader when `strict`, else is logged and shown as it is.
    """
    kinds = kinds or {}
    fields = [None if file_headers else field_of(c, lang) for c in frame.columns]
    headers = [str(c) if file_headers else _header(c, lang, strict) for c in frame.columns]
    hidden = hidden_ids(fields)
    download = frame.copy()
    download.columns = headers
    shown = download.copy()
    specs = []
    for position, (header, field) in enumerate(zip(headers, fields, strict=True)):
        column = download.iloc[:, position]
        if field in CODES:
            column = column.map(lambda v, f=field: code_text(f, v, lang))
            download.isetitem(position, column)
        kind = kinds.get(header) or kinds.get(str(frame.columns[position])) or _kind(field, header, column)
        values, number_format = _shown(column, kind, lang, currency)
        shown.isetitem(position, values)
        specs.append(ColumnSpec(header, kind, number_format, field in hidden))
    return shown, specs, download


def _kind(field: str | None, header: str, column: pd.Series) -> Kind:
    """A period column (a month of a plan or an attainment grid) holds amounts or ratios: ratios stay
    within a few times 100%, amounts do not."""
    numeric = pd.api.types.is_float_dtype(column.dtype)
    if field is None and numeric and is_data_header(header):
        return Kind.RATIO if column.abs().max() <= 5 else Kind.MONEY
    return kind_of(field, column.dtype)


def _header(column: object, lang: str, strict: bool) -> str:
    try:
        return header_of(column, lang)
    except UntranslatedHeader:
        if strict:
            raise
        _log.warning("untranslated table header %r", column)
        return str(column)


def _shown(column: pd.Series, kind: Kind, lang: str, currency: str) -> tuple[pd.Series, str | None]:
    if kind is Kind.MONEY:
        scale, suffix = column_unit(column.tolist(), lang)
        digits = 1 if suffix else (0 if _whole(column) else 2)
        return column / scale, f"{currency}%,.{digits}f{suffix}"
    if kind is Kind.RATIO:
        return column * 100, "%.1f%%"
    if kind is Kind.COUNT:
        return column, "%,d"
    if kind is Kind.NUMBER:
        return column, "%,.1f" if column.abs().max() >= 10 else "%,.2f"
    if kind is Kind.DATE:
        return pd.to_datetime(column, errors="coerce"), "YYYY-MM-DD"
    return column, None


def _whole(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(((values % 1) == 0).all())


# Streamlit's grid (glide-data-grid) sizes each column to its widest text in a 14 px sans font, with 8 px of
# padding on each side; measured in chromium: a wide (CJK) character takes 14 px, others about 6.5 px.
_CELL_PADDING = 17
_WIDE_CHAR, _NARROW_CHAR = 14.0, 6.6
_PRINTF = re.compile(r"^(?P<prefix>.*?)%(?P<group>,?)(?:\.(?P<digits>\d+))?(?P<type>[dfs])(?P<suffix>.*)$")


def table_width(shown: pd.DataFrame, specs: Sequence[ColumnSpec], rows: int = 200) -> int:
    """The width in CSS pixels that `shown` (as `table_layout` returns it) needs to show every visible column
    whole, without a horizontal scroll: the widest of each column's header and first `rows` cells, as the
    grid draws them (`ColumnSpec.format`), plus padding and the row border. An estimate within a few
    percent, used to decide whether a table fits beside a chart (docs/figures.md, "Tables")."""
    total = 2.0
    for position, spec in enumerate(specs):
        if spec.hidden:
            continue
        cells = [_cell_text(value, spec) for value in shown.iloc[:rows, position]]
        total += max(map(_text_width, [spec.header, *cells])) + _CELL_PADDING
    return round(total)


def _text_width(text: str) -> float:
    return sum(_WIDE_CHAR if unicodedata.east_asian_width(ch) in "WF" else _NARROW_CHAR for ch in text)


def _cell_text(value: object, spec: ColumnSpec) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return "—"
    if spec.kind is Kind.DATE:
        return "2000-01-01"
    found = _PRINTF.match(spec.format or "")
    if not found or not isinstance(value, int | float):
        return str(value)
    digits = int(found["digits"] or 0) if found["type"] == "f" else 0
    number = f"{float(value):{',' if found['group'] else ''}.{digits}f}"
    return found["prefix"] + number + found["suffix"].replace("%%", "%")
