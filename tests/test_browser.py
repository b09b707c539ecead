"""End to end in Debian's chromium: every page draws, links survive page switches, language switch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import FIXTURES

from salesdash import fmt
from salesdash.demo import build_demo
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Tables

pytestmark = pytest.mark.browser
PAGES = ("overview", "targets", "market", "customers", "pipeline", "team", "data", "settings")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """The demo served by a real server, and the East figures computed before it locks the file."""
    require_chromium()
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    with Store(db) as store:
        build_demo(store, orders=20_000)
        east = kpis(Tables.from_store(store), Filters(region=("East",)))
    with serve(db) as url:
        yield url, east


def metric_values(page: object) -> dict[str, str]:
    """The KPI cards shown, once the script has drawn them."""
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=120_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()  # type: ignore[attr-defined]
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]
    return {label.strip(): value.strip() for label, value in zip(labels, values, strict=False)}


def test_every_page_draws_without_an_error(server: tuple[str, dict]) -> None:
    url, _ = server
    with browser_page() as page:
        for name in PAGES:
            page.goto(f"{url}/{'' if name == 'overview' else name}?lang=en")
            wait_for_app(page)
            assert page.locator('[data-testid="stException"]').count() == 0, name
            if name not in ("data", "settings"):
                page.wait_for_selector(".js-plotly-plot, [data-testid='stMetric']", timeout=60_000)
            if name == "overview":  # the movers section: a bar chart by region and one by category
                page.goto(f"{url}/?lang=en&overview_section=movers")
                wait_for_app(page)
                assert page.locator(".js-plotly-plot").count() >= 2


def test_a_link_survives_page_switches(server: tuple[str, dict]) -> None:
    url, expected = server
    link = f"{url}/?lang=en&region=East&compare=yoy"
    with browser_page() as page:
        page.goto(link)
        wait_for_app(page)
        assert metric_values(page)["Revenue"] == fmt.money(expected["revenue"], "en")
        for label in ("Targets", "Overview", "Team"):
            page.get_by_role("link", name=label).first.click()
            wait_for_app(page)
            params = parse_qs(urlsplit(page.url).query)
            assert params["region"] == ["East"] and params["compare"] == ["yoy"] and params["lang"] == ["en"], page.url
        assert metric_values(page)["Revenue"] == fmt.money(expected["revenue"], "en")
    assert urlsplit(page.url).path == "/team"
    with browser_page() as fresh:  # the copied link to the Team page, in a fresh browser, shows the same figures
        fresh.goto(page.url)
        wait_for_app(fresh)
        assert metric_values(fresh)["Revenue"] == fmt.money(expected["revenue"], "en")


def test_the_language_switch_changes_the_words_and_the_link(server: tuple[str, dict]) -> None:
    url, _ = server
    with browser_page() as page:
        page.goto(f"{url}/?lang=en")
        wait_for_app(page)
        assert "Revenue" in metric_values(page)
        page.goto(f"{url}/?lang=zh")
        wait_for_app(page)
        assert "销售额" in metric_values(page)
        assert parse_qs(urlsplit(page.url).query)["lang"] == ["zh"]


def test_an_upload_through_the_file_chooser_loads_and_can_be_seen(tmp_path_factory: pytest.TempPathFactory) -> None:
    require_chromium()
    db = tmp_path_factory.mktemp("upload") / "empty.duckdb"
    Store(db).close()
    export = FIXTURES / "superstore_canada_500.csv"  # day-first dates, BOM, CRLF: a real export
    with serve(db) as url, browser_page() as page:
        page.goto(f"{url}/data?lang=en")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
        page.get_by_role("button", name="Check (load nothing)").click()
        page.get_by_text("Rows read").first.wait_for(timeout=120_000)
        page.get_by_role("button", name="Load", exact=True).click()
        page.get_by_text("Loaded as batch #1 into orders.").wait_for(timeout=120_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.goto(f"{url}/?lang=en&start=2019-01-01&end=2022-12-31")
        wait_for_app(page)
        lines = pd.read_csv(export, encoding="utf-8-sig")
        dates = pd.to_datetime(lines["Order Date"], format="%d/%m/%y")
        in_window = lines[(dates >= "2019-01-01") & (dates <= "2022-12-31")]
        assert metric_values(page)["Active customers"] == fmt.number(in_window["Customer ID"].nunique(), "en")


def test_share_tools_cost_nothing_until_used(server: tuple[str, dict]) -> None:
    """The page snapshot is built when its button is clicked and the share popover is drawn when opened: before
    that, no HTML file is fetched and the code highlighter (1.5 MB of script) is not loaded (docs/links.md)."""
    url, _ = server
    with browser_page() as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))  # type: ignore[attr-defined]
        page.goto(f"{url}/market?lang=en")  # type: ignore[attr-defined]
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)  # type: ignore[attr-defined]
        assert not [u for u in requested if u.endswith(".html") or "SyntaxHighlighter" in u]
        with page.expect_download(timeout=60_000) as download:  # type: ignore[attr-defined]
            page.get_by_text("Download page snapshot (HTML)").click()  # type: ignore[attr-defined]
        html = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == "salesdash-market.html"
        assert "<h1>Market</h1>" in html and "Plotly.newPlot" in html
        page.get_by_text("Share this view").click()  # type: ignore[attr-defined]
        link = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first  # type: ignore[attr-defined]
        link.wait_for(timeout=30_000)
        shown = parse_qs(urlsplit(link.inner_text().strip()).query)
        assert shown["lang"] == ["en"] and urlsplit(link.inner_text().strip()).path == "/market"
        assert [u for u in requested if "SyntaxHighlighter" in u]  # loaded once the popover opened
