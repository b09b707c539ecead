"""Date formats per column, judged from the column's values; periods (month, quarter, year).

A column whose values read both as day-first and month-first (every day ≤ 12) is ambiguous:
the caller must choose (`--date-format DMY|MDY|YMD` or a strptime pattern such as `%d.%m.%Y`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from salesdash.ingest.messages import IngestError
from salesdash.ingest.sqltext import Params

__all__ = ["DateFormat", "date_sql", "detect_date_format", "looks_like_dates", "period_sql"]

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ISO", rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}{_TIME}", ("%Y-%m-%d",)),
    ("Y/M/D", rf"\d{{4}}/\d{{1,2}}/\d{{1,2}}{_TIME}", ("%Y/%m/%d",)),
    ("Y.M.D", rf"\d{{4}}\.\d{{1,2}}\.\d{{1,2}}{_TIME}", ("%Y.%m.%d",)),
    ("Y年M月D日", r"\d{4}年\d{1,2}月\d{1,2}日", ("%Y年%m月%d日",)),
    ("D-Mon-Y", r"\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{2,4}", ("%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y")),
    ("Mon D, Y", r"[A-Za-z]{3,9} \d{1,2}, \d{4}", ("%b %d, %Y", "%B %d, %Y")),
)
_DAY_MONTH = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{2}}|\d{{4}}){_TIME}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_ORDER_NAMES = {"DMY": ("%d", "%m"), "MDY": ("%m", "%d")}


@dataclass(frozen=True)
class DateFormat:
    """How one column's dates are written: strptime patterns, and whether Excel serials occur."""

    label: str
    patterns: tuple[str, ...] = ()
    excel_serial: bool = False


def looks_like_dates(values: Iterable[str], share: float = 0.8) -> bool:
    """True when at least `share` of the non-empty sample values are dates in some known form."""
    sample = [v.strip() for v in values if v and v.strip()]
    if not sample:
        return True
    hits = sum(1 for v in sample if _family_of(v) is not None)
    return hits >= share * len(sample)


def _family_of(value: str) -> str | None:
    for label, regex, _ in _FAMILIES:
        if re.fullmatch(regex, value):
            return label
    if _DAY_MONTH.fullmatch(value):
        return "D/M"
    if _SERIAL.fullmatch(value) and 1 <= float(value) < 2958466:
        return "serial"
    return None


def detect_date_format(values: Iterable[str], *, file: str, column: str, choice: str | None = None) -> DateFormat:
    """The format of a date column from its distinct values (raises InputError when ambiguous)."""
    sample = sorted({v.strip() for v in values if v and v.strip()})
    if choice and "%" in choice:
        return DateFormat(choice, (choice,))
    families: dict[str, list[str]] = {}
    for value in sample:
        families.setdefault(_family_of(value) or "?", []).append(value)
    unknown = families.pop("?", [])
    # A few values in no known form become row rejects; a column mostly in no known form is refused.
    if unknown and len(unknown) >= len(sample) / 2:
        bad = unknown[0]
        raise IngestError("ingest.error.not_a_date", file=file, column=column, value=bad)
    patterns: list[str] = []
    labels: list[str] = []
    for label, _, pats in _FAMILIES:
        if label in families:
            patterns.extend(pats)
            labels.append(label)
    if "D/M" in families:
        order = _day_month_order(families["D/M"], file=file, column=column, choice=choice)
        patterns.extend(_day_month_patterns(families["D/M"], order))
        labels.append("D/M/Y" if order == "DMY" else "M/D/Y")
    return DateFormat(
        "+".join(labels + (["Excel serial"] if "serial" in families else [])) or "ISO",
        tuple(patterns),
        "serial" in families,
    )


def _day_month_order(values: list[str], *, file: str, column: str, choice: str | None) -> str:
    day_first = month_first = False
    for value in values:
        match = _DAY_MONTH.fullmatch(value)
        assert match is not None
        first, second = int(match.group(1)), int(match.group(3))
        day_first |= first > 12
        month_first |= second > 12
    if day_first and month_first:
        raise IngestError("ingest.error.mixed_dates", file=file, column=column)
    if day_first or month_first:
        return "DMY" if day_first else "MDY"
    if choice and choice.upper() in _ORDER_NAMES:
        return choice.upper()
    raise IngestError("ingest.error.ambiguous_dates", file=file, column=column, value=values[0])


def _day_month_patterns(values: list[str], order: str) -> list[str]:
    first, second = _ORDER_NAMES[order]
    seps = sorted({m.group(2) for v in values if (m := _DAY_MONTH.fullmatch(v))})
    # Two-digit years first: DuckDB's %Y would read "19" as the year 19.
    return [f"{first}{s}{second}{s}{year}" for s in seps for year in ("%y", "%Y")]


def date_sql(column: str, fmt: DateFormat, params: Params) -> str:
    """SQL turning the VARCHAR expression `column` into a DATE (NULL when it does not parse)."""
    text = f"trim({column})"
    parts: list[str] = []
    if fmt.excel_serial:
        parts.append(
            f"CASE WHEN regexp_full_match({text}, '\\d{{5}}(\\.\\d+)?') "
            f"THEN DATE '1899-12-30' + CAST(floor(CAST({text} AS DOUBLE)) AS INTEGER) END"
        )
    if fmt.patterns == ("%Y-%m-%d",):
        parts.append(f"TRY_CAST({text} AS DATE)")  # the fast path for ISO dates
    elif fmt.patterns:
        timed = [p + suffix for p in fmt.patterns for suffix in ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S")]
        parts.append(f"CAST(try_strptime({text}, {params(timed)}) AS DATE)")
    return f"coalesce({', '.join(parts)})" if len(parts) > 1 else (parts[0] if parts else "NULL::DATE")


def period_sql(column: str) -> tuple[str, str, str]:
    """SQL for (period, period_start, period_end) from a VARCHAR period in any accepted spelling.

    Accepted: 2025-03, 2025/03, 2025/03/01, 2025年3月, 2025-Q1, 2025Q1, Q1 2025, 2025年第1季度, 2025, 2025年.
    """
    p = f"upper(regexp_replace(trim({column}), '\\s+', '', 'g'))"
    year = f"TRY_CAST(regexp_extract(regexp_replace({p}, 'Q[1-4]', '-'), '(\\d{{4}})', 1) AS INTEGER)"
    quarter = f"TRY_CAST(coalesce(nullif(regexp_extract({p}, 'Q([1-4])', 1), ''), nullif(regexp_extract({p}, '第([1-4])季', 1), '')) AS INTEGER)"
    month = f"TRY_CAST(nullif(regexp_extract({p}, '^\\d{{4}}[-/.年](\\d{{1,2}})', 1), '') AS INTEGER)"
    is_year = f"regexp_full_match({p}, '(FY)?\\d{{4}}年?')"
    start = (
        f"CASE WHEN {quarter} IS NOT NULL THEN make_date({year}, 3 * {quarter} - 2, 1) "
        f"WHEN {month} BETWEEN 1 AND 12 THEN make_date({year}, {month}, 1) "
        f"WHEN {is_year} THEN make_date({year}, 1, 1) END"
    )
    period = (
        f"CASE WHEN {quarter} IS NOT NULL THEN {year} || '-Q' || {quarter} "
        f"WHEN {month} BETWEEN 1 AND 12 THEN strftime(make_date({year}, {month}, 1), '%Y-%m') "
        f"WHEN {is_year} THEN CAST({year} AS VARCHAR) END"
    )
    end = (
        f"CASE WHEN {quarter} IS NOT NULL THEN CAST(make_date({year}, 3 * {quarter} - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) "
        f"WHEN {month} BETWEEN 1 AND 12 THEN last_day(make_date({year}, {month}, 1)) "
        f"WHEN {is_year} THEN make_date({year}, 12, 31) END"
    )
    return period, start, end
