"""How every chart reads, in the page's language: date ticks without English month names in Chinese,
amount ticks in 万/亿 (Chinese) or K/M/B (English) at nice steps, monthly axes ticked on whole months, and
a palette in which "us" stands out (docs/figures.md, "Charts").

`localized` is applied once, where every chart is drawn (`ui.components.chart`), so no page can miss it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go

from salesdash import fmt

__all__ = [
    "OTHERS",
    "US_COLOUR",
    "localized",
    "nice_ticks",
    "partial_bars",
    "plotly_config",
    "plotly_locale",
    "tick_text",
    "top_labels",
]

US_COLOUR = "#2563eb"
# Competitors and other series beside "us": muted, and never blue, so that "us" stands out.
OTHERS = ["#9ca3af", "#f59e0b", "#10b981", "#a78bfa", "#f87171", "#78716c", "#fb923c", "#4d7c0f"]
_DATE_FORMAT = {"zh": "%Y年%-m月", "en": "%b %Y"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DAY_FORMAT = {"zh": "%Y年%-m月%-d日", "en": "%-d %b %Y"}


def partial_bars(frame: pd.DataFrame, colour: str, label: str) -> dict[str, object]:
    """`add_bar` keywords that hatch and label the periods a window covers only in part (a frame's boolean
    `partial` column; none when it has none), so that a cut month is not read as a slump
    (salesdash/metrics/month_trend.py compares it with the same days)."""
    partial = list(frame["partial"]) if "partial" in frame else [False] * len(frame)
    return {
        "marker": {"color": colour, "pattern": {"shape": ["/" if p else "" for p in partial]}},
        "text": [label if p else "" for p in partial],
        "textposition": "outside",
    }


def top_labels(names: Sequence[object], values: Sequence[object], count: int = 8) -> list[str]:
    """Names for the `count` largest values only, "" for the rest: a scatter labels its top points and
    leaves the others to the hover, so that names never pile up.

    >>> top_labels(["a", "b", "c"], [3, 1, 2], count=2)
    ['a', '', 'c']
    """
    numbers = [float(v) if isinstance(v, int | float) and not math.isnan(float(v)) else -math.inf for v in values]
    ranked = sorted(range(len(numbers)), key=lambda i: numbers[i], reverse=True)[:count]
    keep = set(ranked)
    return [str(n) if i in keep else "" for i, n in enumerate(names)]


def plotly_locale(lang: str) -> str:
    """Plotly's locale name for a language (its config `locale`)."""
    return "zh-CN" if lang == "zh" else "en"


# Plotly's geo maps fetch a base map (`<topojsonURL>world_110m.json`) before drawing, even with every base
# layer hidden and the regions given as GeoJSON. The Market maps hide the base map and draw the outlines that
# ship with salesdash, so an empty topology answers that fetch from inside the page: a data URL, whose `#`
# turns the appended file name into an ignored fragment. No request leaves the browser (docs/figures.md, "Maps").
OFFLINE_TOPOJSON_URL = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#/'


def plotly_config(lang: str) -> dict[str, object]:
    """The config every chart is drawn with: no Plotly logo, the language's locale, no base-map download."""
    return {"displaylogo": False, "locale": plotly_locale(lang), "topojsonURL": OFFLINE_TOPOJSON_URL}


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Tick values at a 1, 2, 2.5 or 5 × 10^k step covering [low, high], about `count` of them.

    >>> nice_ticks(0, 37_000_000)
    [0.0, 10000000.0, 20000000.0, 30000000.0, 40000000.0]
    """
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        return []
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(float(round(value, 10)))
        value += step
    return ticks


def localized(figure: go.Figure, lang: str) -> go.Figure:
    """The figure with its date axes and amount axes written for `lang` (changed in place, returned)."""
    figure.update_layout(separators=".,")
    if figure.layout.xaxis.title.text and (figure.layout.legend.y or 0) < 0:
        # A legend under the plot would sit on the x-axis title: it goes above the plot instead.
        figure.update_layout(legend={"y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    for axis_name, values in _axis_values(figure).items():
        axis = figure.layout[axis_name]
        if axis is None or axis.tickvals is not None or axis.type == "category":
            continue
        dates = [v for v in values if isinstance(v, date | datetime | pd.Timestamp)]
        if dates and len(dates) == len(values):
            _date_axis(figure, axis_name, dates, lang)
            continue
        if any(isinstance(v, str) and _ISO_DAY.match(v) for v in values):
            _mixed_axis(figure, axis_name, values, lang)
            continue
        numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        percent = (axis.tickformat or "").endswith("%")
        if numbers and not percent and max(abs(v) for v in numbers) >= 1e4:
            _amount_axis(figure, axis_name, numbers, lang)
        elif numbers and percent and axis.range is None:
            _percent_axis(figure, axis_name, numbers)
    return figure


def _date_axis(figure: go.Figure, axis_name: str, dates: Sequence[object], lang: str) -> None:
    stamps = sorted({pd.Timestamp(d) for d in dates})  # type: ignore[arg-type]
    monthly = all(s.day == 1 for s in stamps)
    update: dict[str, object] = {"hoverformat": (_DATE_FORMAT if monthly else _DAY_FORMAT)[lang]}
    if monthly:
        index = [s.year * 12 + s.month for s in stamps]
        months = index[-1] - index[0] + 1
        # Quarterly points (gaps of 3 months) tick on their quarters, not on the months between them.
        gap = min((b - a for a, b in itertools.pairwise(index)), default=1)
        step = next(m for m in (1, 2, 3, 6, 12, 24) if months / m <= 12 and m >= min(gap, 12))
        update |= {"dtick": f"M{step}", "tickformat": _DATE_FORMAT[lang], "tick0": stamps[0].strftime("%Y-%m-01")}
    elif lang == "zh":
        update |= {"tickformat": "%-m月%-d日"}
    figure.layout[axis_name].update(update)


def _mixed_axis(figure: go.Figure, axis_name: str, values: Sequence[object], lang: str) -> None:
    """Months beside words (`2026-09-01`, "Overdue"): a category axis, so that Plotly keeps the words, with
    the months written for the language."""
    keys = list(dict.fromkeys(str(v) for v in values))
    texts = [_month_text(k, lang) if _ISO_DAY.match(k) else k for k in keys]
    figure.layout[axis_name].update(type="category", tickvals=keys, ticktext=texts)


def _month_text(day: str, lang: str) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp.year}年{stamp.month}月" if lang == "zh" else stamp.strftime("%b %Y")


def _amount_axis(figure: go.Figure, axis_name: str, numbers: list[float], lang: str) -> None:
    axis = figure.layout[axis_name]
    if axis.range is not None and None not in axis.range:
        ticks = nice_ticks(float(axis.range[0]), float(axis.range[1]))
    else:
        ticks = _visible_ticks(figure, axis_name, numbers)
    if ticks:
        axis.update(tickvals=ticks, ticktext=[tick_text(t, lang) for t in ticks])


def _percent_axis(figure: go.Figure, axis_name: str, numbers: list[float]) -> None:
    """Ratio ticks at nice steps (0%, 20%, 40%…), never Plotly's synchronised 27%, 54%, 81%."""
    ticks = _visible_ticks(figure, axis_name, numbers)
    if ticks:
        texts = [f"{t * 100:.0f}%" if float(round(t * 100, 6)).is_integer() else f"{t * 100:.1f}%" for t in ticks]
        figure.layout[axis_name].update(tickvals=ticks, ticktext=texts, tickmode="array")


def _visible_ticks(figure: go.Figure, axis_name: str, numbers: list[float]) -> list[float]:
    """Nice ticks from 0 to the data; but Plotly zooms an axis of lines only onto their values, where ticks
    counted from 0 can leave one visible tick (a share moving between 12% and 19% showed "15%" alone), so
    such an axis is ticked over its values when fewer than three of those ticks would show."""
    ticks = nice_ticks(min(0.0, min(numbers)), max(0.0, max(numbers)))
    low, high = min(numbers), max(numbers)
    if _has_bars(figure, axis_name) or high <= low or sum(low <= t <= high for t in ticks) >= 3:
        return ticks
    return [t for t in nice_ticks(low, high) if low - (high - low) * 0.05 <= t <= high + (high - low) * 0.05]


def _has_bars(figure: go.Figure, axis_name: str) -> bool:
    """Whether a bar or waterfall trace sits on the axis (Plotly then keeps 0 in view)."""
    letter, suffix = axis_name[0], axis_name[5:]
    return any(
        trace.type in ("bar", "waterfall") and (getattr(trace, f"{letter}axis") or letter) == letter + suffix
        for trace in figure.data
    )


def tick_text(value: float, lang: str) -> str:
    """An amount tick as short as it can be and still exact: 25000 → 2.5万 / 25K, 100000000 → 1亿."""
    scale = fmt.column_unit([value], lang)[0]
    quotient = abs(value) / scale
    digits = next((d for d in (0, 1, 2) if math.isclose(quotient * 10**d, round(quotient * 10**d))), 2)
    return fmt.number(value, lang, digits)


def _axis_values(figure: go.Figure) -> dict[str, list[object]]:
    """Per layout axis (`xaxis`, `yaxis2`…), the values its traces put on it; stacked bars add up."""
    found: dict[str, list[object]] = {}
    stacked = figure.layout.barmode in ("stack", "relative")
    totals: dict[tuple[str, object, bool], float] = {}
    for trace in figure.data:
        if trace.type not in ("bar", "scatter", "scattergl", "waterfall"):
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        x_axis = "xaxis" + (trace.xaxis or "x")[1:]
        y_axis = "yaxis" + (trace.yaxis or "y")[1:]
        value_axis, key_axis = (x_axis, y_axis) if horizontal else (y_axis, x_axis)
        keys = list(_flat(trace.y if horizontal else trace.x))
        values = list(_flat(trace.x if horizontal else trace.y))
        found.setdefault(key_axis, []).extend(keys)
        if trace.type == "waterfall":
            values = list(_running(values))
        if stacked and trace.type == "bar":
            for k, v in zip(keys, values, strict=False):
                if isinstance(v, int | float):
                    side = (value_axis, k, v >= 0)
                    totals[side] = totals.get(side, 0.0) + float(v)
            continue
        found.setdefault(value_axis, []).extend(values)
    for (axis, *_), total in totals.items():
        found.setdefault(axis, []).append(total)
    return found


def _running(values: Iterable[object]) -> Iterable[float]:
    total = 0.0
    for v in values:
        if isinstance(v, int | float):
            total += float(v)
            yield total


def _flat(values: object) -> list[object]:
    """A trace's values as Python numbers, Timestamps (for dates and ISO date text) or text."""
    if values is None:
        return []
    series = pd.Series(list(values))  # type: ignore[call-overload]
    if pd.api.types.is_datetime64_any_dtype(series):
        return list(series.dropna())
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return [float(v) for v in series.dropna()]
    text = series.dropna().astype(str)
    if len(text) and text.str.match(r"^\d{4}-\d{2}(-\d{2})?").all():
        parsed = pd.to_datetime(text, errors="coerce")
        if parsed.notna().all():
            return list(parsed)
    return list(series.dropna())
