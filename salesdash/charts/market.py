"""Charts of the Market page: trend, growth, band, seasonality, mix, waterfall and share (the map: maps.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from babel.dates import get_month_names

from salesdash import fmt
from salesdash.charts.common import PALETTE, clickable, styled
from salesdash.charts.style import OTHERS, US_COLOUR, nice_ticks, partial_bars, tick_text

__all__ = [
    "amount_colour_bar",
    "amount_texts",
    "band_chart",
    "competitor_chart",
    "growth_chart",
    "label_positions",
    "mix_bar",
    "number",
    "pvm_waterfall",
    "seasonality_bar",
    "seasonality_heatmap",
    "share_bubble",
    "share_chart",
    "trend_chart",
]


def number(value: object) -> float | None:
    """A figure for customdata: None (JSON null) for a missing one."""
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def amount_texts(values: object, labels: Mapping[str, str], money: bool = True) -> list[str]:
    """Hover texts of amounts in the language's units: money (`labels["lang"]`, `labels["currency"]`:
    ¥3.2万, $32.0K) or whole counts with separators (12,345); '—' for a missing one."""
    lang, currency = labels.get("lang", "en"), labels.get("currency", "CNY")
    numbers = [number(v) for v in values]  # type: ignore[attr-defined]
    if money:
        return [fmt.money(v, lang, currency) for v in numbers]
    return ["—" if v is None else f"{v:,.0f}" for v in numbers]


def trend_chart(frame: pd.DataFrame, measure: str, labels: Mapping[str, str]) -> go.Figure:
    """Bars of `measure` per period, its moving average, and the comparison period aligned by position; a
    partial period hatched, as its own legend entry (`labels["partial"]`); hovers in the language's units.

    `frame` has columns period, <measure>, <measure>_ma, previous_<measure> and optionally partial. Every
    point's customdata is [period start (ISO), hover text]: the period first, for drill-down."""
    periods = [str(p)[:10] for p in frame["period"]]
    partial = list(frame["partial"]) if "partial" in frame else [False] * len(frame)
    money = measure == "revenue"

    def points(column: str) -> list[list[str]]:
        return [[p, t] for p, t in zip(periods, amount_texts(frame[column], labels, money), strict=True)]

    figure = go.Figure()
    bars = points(measure)
    width = _bar_width(frame["period"])
    # A partial period is its own hatched trace, named in the legend: it is not read as a slump, and the
    # legend's swatch of the measure stays solid (metrics/market/trend.py).
    for cut, name, pattern in (
        (False, labels[measure], ""),
        (True, f"{labels[measure]} · {labels.get('partial', '')}", "/"),
    ):
        rows = [i for i, p in enumerate(partial) if p == cut]
        if not rows:
            continue
        figure.add_bar(
            x=frame["period"].iloc[rows],
            y=frame[measure].iloc[rows],
            name=name,
            marker={"color": PALETTE[0], "pattern": {"shape": pattern}},
            customdata=[bars[i] for i in rows],
            hovertemplate=f"{name}: %{{customdata[1]}}<extra></extra>",
            width=width,
        )
    figure.add_scatter(
        x=frame["period"],
        y=frame[f"{measure}_ma"],
        name=labels["moving_average"],
        mode="lines",
        line={"color": PALETTE[1]},
        customdata=points(f"{measure}_ma"),
        hovertemplate=f"{labels['moving_average']}: %{{customdata[1]}}<extra></extra>",
    )
    previous = frame[f"previous_{measure}"]
    if previous.notna().any():
        figure.add_scatter(
            x=frame["period"],
            y=previous,
            name=labels["previous"],
            mode="lines+markers",
            line={"color": PALETTE[5], "dash": "dot"},
            customdata=points(f"previous_{measure}"),
            hovertemplate=f"{labels['previous']}: %{{customdata[1]}}<extra></extra>",
        )
    figure.update_layout(barmode="overlay")
    shown = pd.concat([frame[measure], frame[f"{measure}_ma"], previous]).astype("float64").dropna()
    if len(shown):
        # Up to the tick above the highest bar or point, so that the top gridline is labelled.
        ticks = nice_ticks(min(0.0, float(shown.min())), max(0.0, float(shown.max())))
        if ticks:
            figure.update_yaxes(range=[ticks[0], ticks[-1]])
    if width is not None:
        # Plotly widens the date axis for the split bar traces as if each kept its own width: fit it.
        first, last = pd.to_datetime(frame["period"]).min(), pd.to_datetime(frame["period"]).max()
        pad = pd.Timedelta(milliseconds=width)
        figure.update_xaxes(range=[(first - pad).isoformat(), (last + pad).isoformat()])
    return clickable(styled(figure))


def _bar_width(periods: pd.Series) -> float | None:
    """Bar width in milliseconds on a date axis: 80% of the shortest gap between periods, for every bar
    trace alike (a trace's own width would follow its own points: one partial bar would span months)."""
    stamps = pd.to_datetime(pd.Series(periods)).drop_duplicates().sort_values()
    gaps = stamps.diff().dropna()
    return None if gaps.empty else float(gaps.min() / pd.Timedelta(milliseconds=1)) * 0.8


def growth_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Year-on-year growth as bars and month-on-month growth as a line, per month (fractions shown as %); a
    partial month (both growths taken over its same days) hatched and labelled (`labels["partial"]`)."""
    figure = go.Figure()
    figure.add_bar(
        x=frame["month"],
        y=frame["yoy"],
        name=labels["yoy"],
        **partial_bars(frame, PALETTE[0], labels.get("partial", "")),
    )
    figure.add_scatter(
        x=frame["month"], y=frame["mom"], name=labels["mom"], mode="lines+markers", line={"color": PALETTE[1]}
    )
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def band_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Monthly revenue against its expected band (a shaded area between its edges), the expected line
    dashed; months outside the band ringed in red."""
    figure = go.Figure()
    # Lines only: with under 20 points Plotly's default mode adds markers, and the band's edges showed as dots.
    figure.add_scatter(
        x=frame["month"], y=frame["high"], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
    )
    figure.add_scatter(
        x=frame["month"],
        y=frame["low"],
        mode="lines",
        fill="tonexty",
        fillcolor="rgba(37,99,235,0.12)",
        line={"width": 0},
        name=labels["band"],
        hoverinfo="skip",
    )
    figure.add_scatter(
        x=frame["month"],
        y=frame["expected"],
        mode="lines",
        name=labels["expected"],
        line={"color": PALETTE[5], "dash": "dash"},
    )
    figure.add_scatter(
        x=frame["month"], y=frame["revenue"], mode="lines+markers", name=labels["revenue"], line={"color": PALETTE[0]}
    )
    flagged = frame[frame["flagged"].astype(bool)]
    figure.add_scatter(
        x=flagged["month"],
        y=flagged["revenue"],
        mode="markers",
        marker={"color": PALETTE[3], "size": 12, "symbol": "circle-open", "line": {"width": 3}},
        name=labels["flagged"],
    )
    return styled(figure)


def seasonality_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """The seasonality index per calendar month, with the line at 1 (an average month)."""
    figure = go.Figure(go.Bar(x=frame["month"], y=frame["index"], marker_color=PALETTE[0], name=labels["index"]))
    figure.add_hline(y=1.0, line_dash="dash", line_color=PALETTE[1])
    figure.update_layout(xaxis=_month_axis(labels), hovermode="closest")
    return styled(figure)


def _month_axis(labels: Mapping[str, str]) -> dict[str, object]:
    """Calendar months 1–12 named in the language (1月…12月, Jan…Dec: CLDR's names through Babel)."""
    names = get_month_names("abbreviated", locale=labels.get("lang", "en"))
    axis: dict[str, object] = {"tickmode": "array", "tickvals": list(range(1, 13)), "title": labels["month"]}
    return axis | {"ticktext": [names[m] for m in range(1, 13)]}


def seasonality_heatmap(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Revenue per year (rows) and calendar month (columns); the colour bar and the hover in the language's
    money units (`labels["lang"]`)."""
    grid = frame.pivot_table(index="year", columns="month", values="revenue", aggfunc="sum")
    grid = grid.reindex(columns=range(1, 13))
    lang = labels.get("lang", "en")
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=[str(y) for y in grid.index],
            colorscale="Blues",
            colorbar=amount_colour_bar(frame["revenue"], labels["revenue"], lang),
            text=[amount_texts(row, labels) for row in grid.to_numpy()],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(xaxis=_month_axis(labels), hovermode="closest")
    return styled(figure, height=max(220, 40 * len(grid) + 100))


def mix_bar(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of revenue per value, the comparison period beside it, growth in the hover. Each bar's
    customdata is [value, growth, share]: the value first, for drill-down."""
    ordered = frame.head(25).iloc[::-1]
    values = list(ordered["value"].astype(str))
    figure = go.Figure()
    figure.add_bar(
        y=values,
        x=ordered["revenue"],
        orientation="h",
        name=labels["revenue"],
        marker_color=PALETTE[0],
        customdata=[
            [value, number(growth), number(share), amount, fmt.delta_percent(number(growth))]
            for value, growth, share, amount in zip(
                values, ordered["growth"], ordered["share"], amount_texts(ordered["revenue"], labels), strict=True
            )
        ],
        hovertemplate="%{y}: %{customdata[3]} · %{customdata[2]:.1%} · %{customdata[4]}<extra></extra>",
    )
    if ordered["previous"].notna().any():
        figure.add_bar(
            y=ordered["value"].astype(str),
            x=ordered["previous"],
            orientation="h",
            name=labels["previous"],
            marker_color=PALETTE[5],
            opacity=0.5,
            customdata=[[v, t] for v, t in zip(values, amount_texts(ordered["previous"], labels), strict=True)],
            hovertemplate=f"%{{y}} · {labels['previous']}: %{{customdata[1]}}<extra></extra>",
        )
    figure.update_layout(barmode="group", hovermode="closest")
    return clickable(styled(figure, height=max(260, 36 * len(ordered) + 80)))


def amount_colour_bar(values: pd.Series, title: str, lang: str) -> dict[str, object]:
    """A colour bar of amounts ticked at nice steps in the language's units (万/亿, K/M/B); only ticks inside
    the values' span show on a colour bar, so a narrow span is ticked over itself."""
    numbers = [float(v) for v in values.dropna()]
    if not numbers:
        return {"title": title}
    low, high = min(numbers), max(numbers)
    shown = [t for t in nice_ticks(min(0.0, low), max(0.0, high), 4) if low <= t <= high]
    if len(shown) < 2 and high > low:
        shown = [t for t in nice_ticks(low, high, 4) if low <= t <= high]
    return {"title": title, "tickvals": shown, "ticktext": [tick_text(t, lang) for t in shown], "len": 0.8}


def pvm_waterfall(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Waterfall from the comparison period's revenue through the effects to the window's revenue."""
    measures = ["absolute", *(["relative"] * (len(frame) - 2)), "total"]
    figure = go.Figure(
        go.Waterfall(
            x=[labels[step] for step in frame["step"]],
            y=frame["value"],
            measure=measures,
            increasing={"marker": {"color": PALETTE[2]}},
            decreasing={"marker": {"color": PALETTE[3]}},
            totals={"marker": {"color": PALETTE[0]}},
            connector={"line": {"color": "#9ca3af"}},
        )
    )
    figure.update_layout(hovermode="closest", showlegend=False, yaxis_range=effect_range(frame["value"]))
    return styled(figure)


def effect_range(values: pd.Series) -> list[float]:
    """The value axis of a waterfall from just below its lowest running total to just above its highest:
    from 0, effects of a few percent of revenue would be slivers."""
    steps = [float(v) for v in values]
    running = [steps[0]]
    for step in steps[1:-1]:
        running.append(running[-1] + step)
    low, high = min(running), max(running)
    pad = max((high - low) * 0.25, abs(high) * 0.02, 1.0)
    return [max(0.0, low - pad) if low >= 0 else low - pad, high + pad]


def share_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Our share of the market per period, one line per key (region, category, or the total)."""
    figure = go.Figure()
    for key, rows in frame.groupby("key", sort=True):
        name = labels["total"] if key == "all" else str(key)
        figure.add_scatter(x=rows["period"], y=rows["share"], name=name, mode="lines+markers")
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def competitor_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Each competitor's share of the market per period, with ours highlighted."""
    figure = go.Figure()
    others = iter(OTHERS * 4)
    for competitor, rows in frame.groupby("competitor", sort=True):
        ours = competitor == labels["ours_key"]
        figure.add_scatter(
            x=rows["period"],
            y=rows["share"],
            name=labels["ours"] if ours else str(competitor),
            mode="lines+markers",
            # "Us" in the one strong blue, competitors in muted colours that are never blue.
            line={"width": 4 if ours else 1.5, "color": US_COLOUR if ours else next(others)},
        )
    figure.update_layout(yaxis_tickformat=".0%")
    return styled(figure)


def share_bubble(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Share (x) against market growth (y), one bubble per key sized by our revenue; of two bubbles close
    together, the lower one is named below it, so that their names do not overlap."""
    size = frame["revenue"].clip(lower=0).astype("float64")
    scale = float(size.max()) if len(size) and size.max() > 0 else 1.0
    figure = go.Figure(
        go.Scatter(
            x=frame["share"],
            y=frame["market_growth"],
            text=frame["key"].astype(str),
            mode="markers+text",
            textposition=label_positions(list(frame["share"]), list(frame["market_growth"])),
            marker={"size": 12 + 48 * (size / scale) ** 0.5, "color": PALETTE[0], "opacity": 0.6},
            hovertemplate=f"%{{text}}: {labels['share']} %{{x:.1%}} · {labels['market_growth']} %{{y:+.1%}}"
            "<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": labels["share"], "tickformat": ".0%"},
        yaxis={"title": labels["market_growth"], "tickformat": ".0%"},
        hovermode="closest",
    )
    return styled(figure, height=460)


def label_positions(xs: list[float], ys: list[float], near: float = 0.08) -> list[str]:
    """Where each point's name goes: "top center", or "bottom center" for the lower of two points within
    `near` of each other (as a fraction of each axis's span).

    >>> label_positions([0.1, 0.11, 0.5], [0.0, 0.01, 0.3])
    ['bottom center', 'top center', 'top center']
    """
    x_span = (max(xs) - min(xs)) or 1.0 if xs else 1.0
    y_span = (max(ys) - min(ys)) or 1.0 if ys else 1.0

    def crowded(i: int) -> bool:
        return any(
            j != i and abs(xs[i] - xs[j]) < near * x_span and abs(ys[i] - ys[j]) < near * 2 * y_span and ys[i] < ys[j]
            for j in range(len(xs))
        )

    return ["bottom center" if crowded(i) else "top center" for i in range(len(xs))]
