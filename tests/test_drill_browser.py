"""End to end in Debian's chromium: a real click on a Plotly bar opens the drill-down, with its breadcrumb,
figures and link; the back button closes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import insert, small_orders, small_reps, small_targets

from salesdash import fmt
from salesdash.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    db: Path = tmp_path_factory.mktemp("drill_browser") / "small.duckdb"
    with Store(db) as store:
        insert(store, "orders", small_orders())
        insert(store, "targets", small_targets())
        insert(store, "reps", small_reps())
    with serve(db) as url:
        yield url


def _cards(page: object) -> list[tuple[str, str]]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()  # type: ignore[attr-defined]
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]
    return [(label.strip(), value.strip()) for label, value in zip(labels, values, strict=False)]


def test_clicking_a_movers_bar_opens_its_region(server: str) -> None:
    with browser_page() as page:
        page.goto(f"{server}/?lang=en&overview_section=movers")
        wait_for_app(page)
        chart = page.locator(".st-key-overview_movers_region .js-plotly-plot")
        chart.scroll_into_view_if_needed()
        # Bars are sorted by the change in revenue against the previous period: West +300 (350 − 50), East +1040.
        bars = chart.locator(".barlayer .point path")
        assert bars.count() == 2
        box = bars.nth(0).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        trail = page.get_by_text("Overview › By region › West")
        trail.wait_for(timeout=60_000)
        wait_for_app(page)
        # West in 2025 up to 28 June: O6 200, O7 150, O11 0 — three orders.
        assert ("Revenue", fmt.money(350.0, "en")) in _cards(page)
        assert ("Orders", fmt.number(3, "en")) in _cards(page)
        assert parse_qs(urlsplit(page.url).query)["overview_drill"] == ["region:West"]
        page.get_by_role("button", name="← Back").click()
        trail.wait_for(state="detached", timeout=60_000)
        wait_for_app(page)
        assert "overview_drill" not in parse_qs(urlsplit(page.url).query)
        assert ("Revenue", fmt.money(350.0, "en")) not in _cards(page)
