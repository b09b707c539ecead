"""The Market maps draw filled regions with the network cut off: every request that does not go to the local
server is aborted and recorded, and none may be made (the outlines ship with salesdash, docs/figures.md,
"Maps"). Stores are conftest's small orders (window 2025-01-01 … 2025-06-28) with provinces or countries."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import insert, small_orders

from salesdash.charts.outlines import china_provinces, world_countries
from salesdash.store import Store

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
UNSOLD_FILL = "rgb(229, 231, 235)"  # salesdash.charts.maps.UNSOLD_COLOUR, as the browser writes it


def _store(folder: Path, empty_db: Path, place: str, values: list[str]) -> Path:
    db = folder / f"{place}.duckdb"
    shutil.copy(empty_db, db)
    orders = small_orders()
    orders[place] = [values[i % len(values)] for i in range(len(orders))]
    with Store(db) as store:
        insert(store, "orders", orders)
    return db


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, empty_db: Path) -> Iterator[dict[str, str]]:
    """A store with Chinese provinces (three spellings of two provinces and one of a third) and one with
    countries (English, Chinese and ISO spellings of three countries), each served."""
    require_chromium()
    folder = tmp_path_factory.mktemp("maps")
    provinces = _store(folder, empty_db, "province", ["广东省", "Guangdong", "四川", "浙江"])
    countries = _store(folder, empty_db, "country", ["中国", "Japan", "DE", "China"])
    with serve(provinces) as province_url, serve(countries) as country_url:
        yield {"province": province_url, "country": country_url}


def _map_fills(url: str, lang: str) -> tuple[list[str], list[str], str, str]:
    """The fill of every region of the Market map, the non-local requests the page tried, the hover text
    over the first sold region, and the page's address after a click on it."""
    attempted: list[str] = []

    def offline(route: object) -> None:
        request_url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(request_url).hostname in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            attempted.append(request_url)
            route.abort()  # type: ignore[attr-defined]

    with browser_page((1440, 1200)) as page:
        page.route("**/*", offline)  # type: ignore[attr-defined]
        page.goto(f"{url}/market?lang={lang}&market_section=map")  # type: ignore[attr-defined]
        wait_for_app(page)
        regions = page.locator(".choroplethlayer path.choroplethlocation")  # type: ignore[attr-defined]
        regions.first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # type: ignore[attr-defined]
        fills = regions.evaluate_all("paths => paths.map(p => getComputedStyle(p).fill)")
        sold = [i for i, fill in enumerate(fills) if fill != UNSOLD_FILL]
        regions.nth(sold[0]).hover(force=True)
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
        hover = " ".join(page.locator(".hoverlayer").evaluate_all("els => els.map(e => e.textContent)"))  # type: ignore[attr-defined]
        regions.nth(sold[0]).click(force=True)
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]
        wait_for_app(page)
        address = str(page.url)  # type: ignore[attr-defined]
    return fills, attempted, hover, address


def test_province_map_fills_provinces_offline_with_chinese_names(servers: dict[str, str]) -> None:
    fills, attempted, hover, address = _map_fills(servers["province"], "zh")
    assert attempted == []
    # Guangdong (two spellings), Sichuan and Zhejiang filled; every other province drawn grey.
    assert sum(fill != UNSOLD_FILL for fill in fills) == 3
    assert len(fills) == len(china_provinces()["features"]) == 34
    assert "none" not in fills
    # The first sold outline is Guangdong's: its 2025 lines under both spellings (380 + 310), in Chinese; nothing
    # sold there in the comparison period, so no growth.
    assert hover == "广东: ¥690 · —"
    assert "market_drill=province%3Aguangdong" in address  # a click opens the province's drill-down


def test_country_map_fills_countries_offline_with_chinese_names(servers: dict[str, str]) -> None:
    fills, attempted, hover, _ = _map_fills(servers["country"], "zh")
    assert attempted == []
    # China (中国 and China), Japan and Germany (DE) filled; the rest of the world grey.
    assert sum(fill != UNSOLD_FILL for fill in fills) == 3
    assert len(fills) == len(world_countries()["features"])
    # The first sold outline is China's: 中国 (380) and China (550) in 2025; none in the comparison period.
    assert hover == "中国: ¥930 · —"
