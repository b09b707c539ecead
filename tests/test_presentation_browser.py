"""Every page, in Chinese and in English, read in Debian's chromium as an executive would: no raw field
name or catalogue key, no long number without grouping, no ratio written 0.xxxx, no English UI word in the
Chinese view, no KPI label, card value or button cut off, no empty chart, and every table header in the
catalogue (the server runs with SALESDASH_STRICT_TEXT, so an untranslated header is an error on the page).
One server for the whole file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app

from salesdash.demo import build_demo
from salesdash.store import Store

pytestmark = pytest.mark.browser
PAGES = ("overview", "targets", "market", "customers", "pipeline", "team", "data", "settings")

RAW_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+\.[a-z_.]+\b")
UNGROUPED = re.compile(r"(?<![\d,.#/:-])\d{7,}(?![\d/-])")
RAW_RATIO = re.compile(r"(?<![\d.])0\.\d{3,}(?!\d)")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
# Names and abbreviations that are the same in Chinese text.
LATIN_IN_CHINESE = {"CSV", "Excel", "HTML", "ABC", "RFM", "KPI", "PVM", "XLSX", "XLS", "TSV", "TXT", "Parquet", "CNY"}
LATIN_IN_CHINESE |= {"DuckDB", "SMART", "USD", "EUR", "GBP", "JPY", "HKD", "English"}

# The words a person reads: Material icons (drawn from their names), the screen-reader skip link, the
# running indicator and commands (code) left out.
PAGE_TEXT = """selector => { const copy = document.querySelector(selector).cloneNode(true);
  copy.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stSkipToContent"], [data-testid="stHeader"], code, style, script')
    .forEach(e => e.remove());
  document.body.appendChild(copy); const text = copy.innerText; copy.remove(); return text; }"""
CUT_TEXT = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] p, [data-testid^="stBaseButton"] p')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
EMPTY_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(plot => !(plot.data || []).some(
  t => ['x', 'y', 'z', 'values', 'locations', 'lat'].some(k => t[k] && (t[k].length > 0 || t[k].bdata))))
  .length"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    db = tmp_path_factory.mktemp("presentation") / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=20_000, lang="zh")
    os.environ["SALESDASH_STRICT_TEXT"] = "1"
    try:
        with serve(db) as url:
            yield url
    finally:
        del os.environ["SALESDASH_STRICT_TEXT"]


def faults(page: object, lang: str) -> list[str]:
    """What reads wrong on the page now shown."""
    main = page.evaluate(PAGE_TEXT, '[data-testid="stMain"]')  # type: ignore[attr-defined]
    found = [f"raw name {m!r}" for m in RAW_NAME.findall(main)]
    found += [f"ungrouped {m!r}" for m in UNGROUPED.findall(main)]
    found += [f"ratio {m!r}" for m in RAW_RATIO.findall(main)]
    if lang == "zh":
        whole = page.evaluate(PAGE_TEXT, "body")  # type: ignore[attr-defined]
        english = set(ENGLISH_WORD.findall(re.sub(r"https?://\S+", "", whole))) - LATIN_IN_CHINESE
        found += [f"English {w!r}" for w in sorted(english)]
    found += [f"cut {t!r}" for t in page.evaluate(CUT_TEXT)]  # type: ignore[attr-defined]
    if page.locator('[data-testid="stException"]').count():  # type: ignore[attr-defined]
        found.append("exception: " + page.locator('[data-testid="stException"]').first.inner_text()[:300])  # type: ignore[attr-defined]
    empty = page.evaluate(EMPTY_CHARTS)  # type: ignore[attr-defined]
    if empty:
        found.append(f"{empty} empty chart(s)")
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_reads_cleanly(server: str, lang: str) -> None:
    problems = {}
    with browser_page((1280, 900)) as page:
        for name in PAGES:
            page.goto(f"{server}/{'' if name == 'overview' else name}?lang={lang}")  # type: ignore[attr-defined]
            wait_for_app(page, timeout=180_000)
            page.wait_for_timeout(1000)  # type: ignore[attr-defined]
            found = faults(page, lang)
            if name in ("data", "settings") and len(_sidebar_choices(page)) != 1:  # the language, no filters
                found.append(f"filters shown: {_sidebar_choices(page)}")
            if found:
                problems[name] = found
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_kpi_labels_and_buttons_are_not_cut_at_1440(server: str) -> None:
    with browser_page((1440, 900)) as page:
        for name in ("overview", "customers", "team"):
            page.goto(f"{server}/{'' if name == 'overview' else name}?lang=zh")  # type: ignore[attr-defined]
            wait_for_app(page, timeout=180_000)
            assert page.evaluate(CUT_TEXT) == [], name  # type: ignore[attr-defined]


def _pick(page: object, label: str, option: str) -> None:
    page.locator(f'[data-testid="stSelectbox"]:has-text("{label}")').first.click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=option, exact=True).click()  # type: ignore[attr-defined]
    wait_for_app(page)


def _sidebar_choices(page: object, drawn: int = 1) -> list[str]:
    """The value each sidebar selectbox shows (language, period, comparison)."""
    selector = 'section[data-testid="stSidebar"] [data-testid="stSelectbox"] input'
    # On a loaded machine the title can be drawn before the sidebar's boxes: wait for `drawn` of them.
    page.wait_for_function(  # type: ignore[attr-defined]
        f"() => document.querySelectorAll({selector!r}).length >= {drawn}", timeout=60_000
    )
    boxes = page.locator(selector)  # type: ignore[attr-defined]
    return [box.input_value() for box in boxes.all()]


def test_a_language_switch_keeps_the_period_and_comparison_and_relabels_them(server: str) -> None:
    with browser_page((1280, 900)) as page:
        page.goto(f"{server}/?lang=en")  # type: ignore[attr-defined]
        wait_for_app(page)
        _pick(page, "Period", "Last 12 months")
        _pick(page, "Compare with", "Same period last year")
        _pick(page, "Language", "中文")
        page.wait_for_timeout(1000)  # type: ignore[attr-defined]
        assert _sidebar_choices(page, 3) == ["中文", "近 12 个月", "去年同期"]
        page.goto(f"{server}/team?{urlsplit(page.url).query}")  # type: ignore[attr-defined]
        wait_for_app(page)
        assert _sidebar_choices(page, 3) == ["中文", "近 12 个月", "去年同期"]
        query = parse_qs(urlsplit(page.url).query)  # type: ignore[attr-defined]
        assert query["preset"] == ["last12"] and query["compare"] == ["yoy"]


def test_a_link_with_a_preset_reopens_on_that_rolling_period(server: str) -> None:
    with browser_page((1280, 900)) as page:
        # The dates in the link are a year old: the preset wins, so the window is the latest 12 months.
        page.goto(f"{server}/?lang=en&preset=last12&start=2025-01-01&end=2025-06-30")  # type: ignore[attr-defined]
        wait_for_app(page)
        assert _sidebar_choices(page, 3)[1] == "Last 12 months"
        assert "2025-09-19" in page.url and "2026-09-18" in page.url  # type: ignore[attr-defined]
