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

__all__ = [
    "DateFormat",
    "date_sql",
    "detect_date_format",
    "looks_like_dates",
    "looks_like_periods",
    "parse_period",
    "parse_periods",
    "period_sql",
    "strip_weekday",
]

# A time of day, with an optional time zone (`+0000`, `+08:00`, `Z`, `UTC`): the date is taken as written.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?"
# A weekday after the date (`2018-01-01 星期五`, `2024-03-01 Fri`, `(Mon)`): dropped, never checked.
_WEEKDAY = (
    r"\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?$"
    r"|\s*[(（]?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?[)）]?$"
)
_WEEKDAY_RE = re.compile(_WEEKDAY, re.IGNORECASE)
_ZONED_TIME = r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
_FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ISO", rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}{_TIME}", ("%Y-%m-%d",)),
    ("Y/M/D", rf"\d{{4}}/\d{{1,2}}/\d{{1,2}}{_TIME}", ("%Y/%m/%d",)),
    ("Y.M.D", rf"\d{{4}}\.\d{{1,2}}\.\d{{1,2}}{_TIME}", ("%Y.%m.%d",)),
    ("Y年M月D日", r"\d{4}年\d{1,2}月\d{1,2}日", ("%Y年%m月%d日",)),
    ("D-Mon-Y", r"\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{2,4}", ("%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y")),
    ("Mon D, Y", r"[A-Za-z]{3,9} \d{1,2}, \d{4}", ("%b %d, %Y", "%B %d, %Y")),
)
_COMPILED = tuple((label, re.compile(regex)) for label, regex, _ in _FAMILIES)
_DAY_MONTH = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{2}}|\d{{4}}){_TIME}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_ORDER_NAMES = {"DMY": ("%d", "%m"), "MDY": ("%m", "%d")}


@dataclass(frozen=True)
class DateFormat:
    """How one column's dates are written: strptime patterns, and whether Excel serials occur."""

    label: str
    patterns: tuple[str, ...] = ()
    excel_serial: bool = False
    cleanup: bool = False  # some values carry a weekday or a time zone to cut off


def looks_like_dates(values: Iterable[str], share: float = 0.8) -> bool:
    """True when at least `share` of the non-empty sample values are dates in some known form."""
    sample = [v.strip() for v in values if v and v.strip()]
    if not sample:
        return True
    hits = sum(1 for v in sample if _family_of(v) is not None)
    return hits >= share * len(sample)


def strip_weekday(value: str) -> str:
    """`2018-01-01 星期五` → `2018-01-01`: a weekday written after a date is dropped (docs/uploads.md, "Dates")."""
    return _WEEKDAY_RE.sub("", value.strip())


def _family_of(value: str) -> str | None:
    value = strip_weekday(value)
    for label, regex in _COMPILED:
        if regex.fullmatch(value):
            return label
    if _DAY_MONTH.fullmatch(value):
        return "D/M"
    if _SERIAL.fullmatch(value) and 1 <= float(value) < 2958466:
        return "serial"
    return None


def detect_date_format(values: Iterable[str], *, file: str, column: str, choice: str | None = None) -> DateFormat:
    """The format of a date column from its distinct values (raises InputError when ambiguous)."""
    written = {v.strip() for v in values if v and v.strip()}
    cleanup = any(strip_weekday(v) != v or re.search(_ZONED_TIME, v, re.IGNORECASE) for v in written)
    sample = sorted({re.sub(_ZONED_TIME, "", strip_weekday(v), flags=re.IGNORECASE) for v in written})
    if choice and "%" in choice:
        return DateFormat(choice, (choice,), cleanup=cleanup)
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
        cleanup,
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
    if fmt.cleanup:  # weekday suffixes and time zones are cut off; the date is the one written (docs/uploads.md)
        text = f"regexp_replace(regexp_replace({text}, {params(_WEEKDAY)}, '', 'i'), {params(_ZONED_TIME)}, '', 'i')"
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


_MONTH_NAMES = "('%b-%y', '%b %y', '%b-%Y', '%b %Y', '%B-%y', '%B %y', '%B-%Y', '%B %Y', '%b.%Y', '%b. %Y', '%b%y', '%Y-%b', '%Y %b')"
_PERIOD_PATTERNS = (
    r"(?:FY)?\d{4}年?",  # a year
    r"(?:FY)?\d{4}\s*[-/]?\s*Q[1-4]|Q[1-4]\s*[-/]?\s*(?:FY)?\d{4}|\d{4}年第?[1-4一二三四]季度?",  # a quarter
    r"\d{4}[-/.年]\d{1,2}月?(?:[-/.]\d{1,2}日?)?(?:[ T].*)?",  # a month (or a day of it)
    r"[A-Za-z]{3,9}\.?[- ]?'?\d{2}(?:\d{2})?|\d{4}[- ][A-Za-z]{3,9}",  # Apr-18, April 2018, 2018 Apr
    r"(?:1[3-9]|[2-9]\d)[/.-](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[/.-](?:1[3-9]|[2-9]\d)",  # 18/04, 04/18
    r"\d{5}(?:\.0+)?",  # an Excel serial date
)


def looks_like_periods(values: Iterable[str], share: float = 0.8) -> bool:
    """True when at least `share` of the non-empty values are periods in a form `period_sql` reads."""
    sample = [v.strip() for v in values if v and v.strip()]
    if not sample:
        return True
    hits = sum(1 for v in sample if any(re.fullmatch(p, v, re.IGNORECASE) for p in _PERIOD_PATTERNS))
    return hits >= share * len(sample)


def parse_period(value: str) -> str | None:
    """The period a value names, as `period_sql` reads it ('Apr-18' → '2018-04'); None when it names none."""
    return parse_periods([value])[0]


def parse_periods(values: list[str]) -> list[str | None]:
    """`parse_period` of many values in one query."""
    import duckdb

    con = duckdb.connect()
    try:
        sql = f"SELECT {period_sql('v')[0]} FROM (SELECT unnest($vs) AS v, generate_subscripts($vs, 1) AS i) ORDER BY i"
        return [r[0] for r in con.execute(sql, {"vs": list(values)}).fetchall()]
    finally:
        con.close()


def _century(two_digits: str) -> str:
    # The POSIX pivot strptime uses for %y: 69–99 → 1900s, 00–68 → 2000s (Apr-18 and 18/04 agree).
    return f"CASE WHEN {two_digits} >= 69 THEN 1900 ELSE 2000 END"


def period_sql(column: str) -> tuple[str, str, str]:
    """SQL for (period, period_start, period_end) from a VARCHAR period in any accepted spelling.

    Accepted (docs/uploads.md, "Periods"): 2025-03, 2025-3, 2025/03, 2025/03/01, 2025年3月, Apr-18, April 2018,
    18/04 and 04/18 (year and month told apart by the number above 12; 04/03 is no period; two-digit years 69–99 are
    the 1900s, as strptime reads them), Excel serials, 2025-Q1,
    2025Q1, Q1 2025, FY2025 Q1 (a fiscal year read as the calendar year), 2025年第1季度, 2025, FY2025, 2025年.
    """
    t = f"trim({column})"
    p = f"upper(regexp_replace({t}, '\\s+', '', 'g'))"
    year = f"TRY_CAST(regexp_extract(regexp_replace({p}, 'Q[1-4]', '-'), '(\\d{{4}})', 1) AS INTEGER)"
    quarter = (
        f"TRY_CAST(coalesce(nullif(regexp_extract({p}, '^(?:FY)?(?:\\d{{4}}[-/]?)?Q([1-4])(?:[-/]?(?:FY)?\\d{{4}})?$', 1), ''), "
        f"nullif(regexp_extract({p}, '^\\d{{4}}年第?([1-4])季度?$', 1), ''), "
        f"CASE regexp_extract({p}, '^\\d{{4}}年第?([一二三四])季度?$', 1) WHEN '一' THEN '1' WHEN '二' THEN '2' "
        f"WHEN '三' THEN '3' WHEN '四' THEN '4' END) AS INTEGER)"
    )
    ymd = f"regexp_extract({p}, '^(\\d{{4}})[-/.年](\\d{{1,2}})(?:月|[-/.]\\d{{1,2}}日?(?:T.*|\\d{{1,2}}:.*)?)?$', ['y', 'm'])"
    two = f"regexp_extract({p}, '^(\\d{{2}})[/.-](\\d{{1,2}})$', ['a', 'b'])"
    a, b = f"TRY_CAST(nullif({two}.a, '') AS INTEGER)", f"TRY_CAST(nullif({two}.b, '') AS INTEGER)"
    month_start = (
        f"coalesce(try(make_date(TRY_CAST({ymd}.y AS INTEGER), TRY_CAST({ymd}.m AS INTEGER), 1)), "
        f"CAST(date_trunc('month', try_strptime({t}, [{_MONTH_NAMES[1:-1]}])) AS DATE), "
        f"CASE WHEN {a} > 12 AND {b} BETWEEN 1 AND 12 THEN make_date({_century(a)} + {a}, {b}, 1) "
        f"WHEN {b} > 12 AND {a} BETWEEN 1 AND 12 THEN make_date({_century(b)} + {b}, {a}, 1) END, "
        f"CASE WHEN regexp_full_match({p}, '\\d{{5}}(\\.0+)?') THEN CAST(date_trunc('month', DATE '1899-12-30' "
        f"+ CAST(floor(CAST({p} AS DOUBLE)) AS INTEGER)) AS DATE) END)"
    )
    is_year = f"regexp_full_match({p}, '(FY)?\\d{{4}}年?')"
    start = (
        f"CASE WHEN {quarter} IS NOT NULL THEN make_date({year}, 3 * {quarter} - 2, 1) "
        f"WHEN {month_start} IS NOT NULL THEN {month_start} "
        f"WHEN {is_year} THEN make_date({year}, 1, 1) END"
    )
    period = (
        f"CASE WHEN {quarter} IS NOT NULL THEN {year} || '-Q' || {quarter} "
        f"WHEN {month_start} IS NOT NULL THEN strftime({month_start}, '%Y-%m') "
        f"WHEN {is_year} THEN CAST({year} AS VARCHAR) END"
    )
    end = (
        f"CASE WHEN {quarter} IS NOT NULL THEN CAST(make_date({year}, 3 * {quarter} - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) "
        f"WHEN {month_start} IS NOT NULL THEN last_day({month_start}) "
        f"WHEN {is_year} THEN make_date({year}, 12, 31) END"
    )
    return period, start, end
