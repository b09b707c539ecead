"""Every section of every page, in Chinese and in English, read in Debian's chromium as an executive would:
no raw field name or catalogue key (in the text or a table's headers and coded cells), no long number without
grouping, no ratio written 0.xxxx, no English UI word in the Chinese view, no KPI label, card value or button
cut off, no table cut on the right, no empty chart, and every table header in the catalogue (the server runs
with SALESDASH_STRICT_TEXT, so an untranslated header is an error on the page). One server and one browser
for the whole file; a page's sections (`<page>_section`, docs/links.md) are opened by clicking their switch.
Numbers inside a table are drawn on a canvas: their format is the renderer's (tests/test_tables.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app

from salesdash.demo import build_demo
from salesdash.i18n import strings, t
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
# The map's outline source is a name, cited as its authors write it (salesdash/charts/outlines/SOURCE.md).
LATIN_IN_CHINESE |= {"DCW", "GMT"}

# The words a person reads: Material icons (drawn from their names), the screen-reader skip link, the
# running indicator, commands (code) and the tables' hidden screen-reader copy (checked apart) left out.
PAGE_TEXT = """selector => { const copy = document.querySelector(selector).cloneNode(true);
  copy.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stSkipToContent"], [data-testid="stHeader"], code, style, script, [data-testid="stDataFrame"]')
    .forEach(e => e.remove());
  document.body.appendChild(copy); const text = copy.innerText; copy.remove(); return text; }"""
CUT_TEXT = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] p, [data-testid^="stBaseButton"] p')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
# A table whose grid scrolls sideways hides its right-hand columns: a fault when the table would fit the page's
# main column (so its layout squeezed it); one wider than the whole page scrolls, its name column pinned.
CUT_TABLES = """() => { const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = getComputedStyle(main);
  const page = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(frame => {
    const scroller = frame.querySelector('.dvn-scroller');
    return scroller && scroller.scrollWidth > scroller.clientWidth + 1 && scroller.scrollWidth <= page; })
  .map(frame => [...frame.querySelectorAll('th')].map(th => th.textContent).join(' | ')); }"""
# The table's screen-reader copy: its headers, and the text (not number) cells of the first rows. An editor's
# (st.data_editor, keyed `…_editor`, `…_mapping`…; exportable tables are keyed `…_table` or not at all) holds the
# codes its select boxes show as words, so only its headers are read.
TABLE_TEXT = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(frame => {
    const keyed = frame.closest('[class*="st-key-"]');
    const key = keyed ? keyed.className.match(/st-key-(\\S+)/)[1] : '';
    return { headers: [...frame.querySelectorAll('th')].map(th => th.textContent),
             cells: key && !key.endsWith('_table') ? [] : [...frame.querySelectorAll('td')].slice(0, 400)
               .map(td => td.textContent).filter(v => v && isNaN(Number(v))) }; })"""
EMPTY_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(plot => !(plot.data || []).some(
  t => ['x', 'y', 'z', 'values', 'locations', 'lat'].some(k => t[k] && (t[k].length > 0 || t[k].bdata))))
  .length"""


def sections(page: str) -> list[str]:
    """The sections of a page: every `<page>.section.<name>` of the catalogue, in its order."""
    prefix = f"{page}.section."
    return [key.removeprefix(prefix) for key in strings() if key.startswith(prefix)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    db = tmp_path_factory.mktemp("presentation") / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=8_000, lang="zh")
    os.environ["SALESDASH_STRICT_TEXT"] = "1"
    try:
        with serve(db) as url:
            yield url
    finally:
        del os.environ["SALESDASH_STRICT_TEXT"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One chromium page for the file; tests set the window size they need."""
    with browser_page((1280, 900)) as page:
        yield page


def faults(page: object, lang: str) -> list[str]:
    """What reads wrong on the page now shown."""
    main = page.evaluate(PAGE_TEXT, '[data-testid="stMain"]')  # type: ignore[attr-defined]
    found = [f"raw name {m!r}" for m in RAW_NAME.findall(main)]
    found += [f"ungrouped {m!r}" for m in UNGROUPED.findall(main)]
    found += [f"ratio {m!r}" for m in RAW_RATIO.findall(main)]
    for table in page.evaluate(TABLE_TEXT):  # type: ignore[attr-defined]
        found += [f"raw name {m!r} in a table" for v in table["headers"] + table["cells"] for m in RAW_NAME.findall(v)]
        if lang == "zh":
            english = {w for h in table["headers"] for w in ENGLISH_WORD.findall(h)} - LATIN_IN_CHINESE
            found += [f"English header word {w!r}" for w in sorted(english)]
    if lang == "zh":
        whole = page.evaluate(PAGE_TEXT, "body")  # type: ignore[attr-defined]
        english = set(ENGLISH_WORD.findall(re.sub(r"https?://\S+", "", whole))) - LATIN_IN_CHINESE
        found += [f"English {w!r}" for w in sorted(english)]
    found += [f"cut {t!r}" for t in page.evaluate(CUT_TEXT)]  # type: ignore[attr-defined]
    found += [f"table cut on the right: {t!r}" for t in page.evaluate(CUT_TABLES)]  # type: ignore[attr-defined]
    if page.locator('[data-testid="stException"]').count():  # type: ignore[attr-defined]
        found.append("exception: " + page.locator('[data-testid="stException"]').first.inner_text()[:300])  # type: ignore[attr-defined]
    empty = page.evaluate(EMPTY_CHARTS)  # type: ignore[attr-defined]
    if empty:
        found.append(f"{empty} empty chart(s)")
    return found


# Charts and tables draw after the script ends: every chart has its plot, every table its grid and headers.
# (A closed expander draws its contents only when opened.)
UNDRAWN = """() => { const shown = e => e.offsetParent !== null && !e.closest('details:not([open])');
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => shown(c) && !c.querySelector('.main-svg')).map(c => 'chart')
  .concat([...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(f => shown(f) && !(f.querySelector('.dvn-scroller') && f.querySelector('th'))).map(f => 'table ' + f.textContent.slice(0, 60))); }"""


# Streamlit's own run state; a lazily loaded element (a table) shows a skeleton until it is in the page.
ENDED = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"] h1')
  && !document.querySelector('[data-testid="stSkeleton"]')"""


def settle(page: object) -> None:
    """Wait until the script run has ended and every chart and table is drawn."""
    try:
        page.wait_for_function(f"() => ({ENDED})() && ({UNDRAWN})().length === 0", timeout=180_000)  # type: ignore[attr-defined]
    except Exception as exc:
        raise AssertionError(f"not drawn after 180 s on {page.url}: {page.evaluate(UNDRAWN)}") from exc  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]  # a grid sizes its columns a frame after it appears


def open_page(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    settle(page)


def open_section(page: object, name: str, section: str, lang: str) -> list[str]:
    """Click the section's button in the page's switch (the first is open already) and wait for the link to
    name it; a fault when the switch and the catalogue disagree."""
    switch = page.locator(f".st-key-{name}_section button")  # type: ignore[attr-defined]
    count = len(sections(name))
    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            f"() => document.querySelectorAll('.st-key-{name}_section button').length === {count}", timeout=30_000
        )
    except Exception:
        return [f"the section switch has {switch.count()} buttons, the catalogue {count}"]
    if section != sections(name)[0]:
        switch.get_by_text(t(f"{name}.section.{section}", lang), exact=True).click()
        page.wait_for_function(  # type: ignore[attr-defined]
            f"() => location.search.includes('{name}_section={section}')", timeout=60_000
        )
        settle(page)
    return []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_of_every_page_reads_cleanly(server: str, browser: object, lang: str) -> None:
    problems = {}
    browser.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    for name in PAGES:
        open_page(browser, f"{server}/{'' if name == 'overview' else name}?lang={lang}")
        if name in ("data", "settings") and len(_sidebar_choices(browser)) != 1:  # the language, no filters
            problems[name] = [f"filters shown: {_sidebar_choices(browser)}"]
        for section in sections(name) or [""]:
            found = open_section(browser, name, section, lang) if section else []
            found += faults(browser, lang)
            if found:
                problems[f"{name} {section}".strip()] = found
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_kpi_labels_buttons_and_tables_are_not_cut_at_1440(server: str, browser: object) -> None:
    browser.set_viewport_size({"width": 1440, "height": 900})  # type: ignore[attr-defined]
    cut = {}
    for name, section in (("overview", ""), ("customers", "abc"), ("customers", "rfm"), ("team", "leaderboard")):
        query = f"&{name}_section={section}" if section else ""
        open_page(browser, f"{server}/{'' if name == 'overview' else name}?lang=zh{query}")
        found = browser.evaluate(CUT_TEXT) + browser.evaluate(CUT_TABLES)  # type: ignore[attr-defined]
        if found:
            cut[f"{name} {section}"] = found
    assert cut == {}


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


def test_a_language_switch_keeps_the_period_and_comparison_and_relabels_them(server: str, browser: object) -> None:
    page = browser
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
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


def test_a_link_with_a_preset_reopens_on_that_rolling_period(server: str, browser: object) -> None:
    page = browser
    # The dates in the link are a year old: the preset wins, so the window is the latest 12 months.
    page.goto(f"{server}/?lang=en&preset=last12&start=2025-01-01&end=2025-06-30")  # type: ignore[attr-defined]
    wait_for_app(page)
    assert _sidebar_choices(page, 3)[1] == "Last 12 months"
    assert "2025-09-19" in page.url and "2026-09-18" in page.url  # type: ignore[attr-defined]
