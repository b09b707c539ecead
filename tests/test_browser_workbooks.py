"""Uploading an .xlsx (two sheets at once), an .xls and a .parquet through the Data page in chromium, then
reading the revenue on the Overview. One server, one store; each upload lands in its own month."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from browser import browser_page, require_chromium, serve, wait_for_app
from conftest import FIXTURES, LOCAL

from salesdash import fmt
from salesdash.i18n import t
from salesdash.ingest import inspect_file, save_mapping
from salesdash.store import Store

pytestmark = pytest.mark.browser
MEAL = FIXTURES / "cases" / "meal_orders_two_sheets.xlsx"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty store that remembers the analyst's mapping for the meal workbook's header row."""
    require_chromium()
    db = tmp_path_factory.mktemp("workbooks") / "store.duckdb"
    with Store(db) as store:
        mapping = {
            "order_id": "order_id",
            "place_order_time": "order_date",
            "counts": "quantity",
            "amounts": "unit_price",
            "dishes_name": "product_name",
        }
        save_mapping(store, inspect_file(MEAL).headers, "orders", mapping, LOCAL)
    with serve(db) as url:
        yield url


def upload(url: str, page: object, file: Path, extra_sheet: str | None = None) -> None:
    page.goto(f"{url}/data?lang=en")  # type: ignore[attr-defined]
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(file))  # type: ignore[attr-defined]
    load = page.get_by_role("button", name=t("data.load", "en"), exact=True)  # type: ignore[attr-defined]
    load.wait_for(timeout=120_000)
    if extra_sheet:
        box = page.get_by_role("combobox", name=t("data.sheet", "en"))  # type: ignore[attr-defined]
        box.click()
        box.fill(extra_sheet)
        box.press("Enter")
        box.press("Escape")  # close the list, which would cover the Load button
        wait_for_app(page)
    load.click()
    page.get_by_text("Loaded as batch #").last.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0  # type: ignore[attr-defined]


def overview_revenue(url: str, page: object, start: str, end: str, lang: str = "en") -> str:
    page.goto(f"{url}/?lang={lang}&start={start}&end={end}")  # type: ignore[attr-defined]
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=120_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()  # type: ignore[attr-defined]
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]
    shown = dict(zip((x.strip() for x in labels), (v.strip() for v in values), strict=False))
    return shown[t("kpi.revenue", lang)]


def test_xlsx_two_sheets_chosen_together(server: str) -> None:
    with browser_page() as page:
        upload(server, page, MEAL, extra_sheet="2016-08-b")
        # By hand (shared case second_sheet): 49 + 48 + … over both sheets' lines = 378.
        assert overview_revenue(server, page, "2016-08-01", "2016-08-31") == fmt.money(378, "en") == "¥378"


def test_xls(server: str) -> None:
    with browser_page() as page:
        upload(server, page, FIXTURES / "orders_zh.xls")
        # make_xls.py: the one December 2024 order, A-1003, 450.
        assert overview_revenue(server, page, "2024-12-01", "2024-12-31") == "¥450"


def test_parquet(server: str, tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    frame = pd.DataFrame(
        {
            "order_id": ["P1", "P2", "P3"],
            "order_date": pd.to_datetime(["2023-05-02", "2023-05-20", "2023-06-01"]),
            "revenue": [123.5, 200.0, 999.0],
        }
    )
    frame.to_parquet(path)
    with browser_page() as page:
        upload(server, page, path)
        assert overview_revenue(server, page, "2023-05-01", "2023-05-31") == "¥323.5"  # 123.5 + 200


def test_excel_ids_then_the_csv_never_double(server: str) -> None:
    """Shared case excel_ids: the workbook is refused on the page (three ids Excel merged), the CSV of the
    same orders loads, and May 2024 revenue is their sum, 100 + 200 + 300 + 400 = 1,000, never more."""
    cases = FIXTURES / "cases"
    with browser_page() as page:
        page.goto(f"{server}/data?lang=en")  # type: ignore[attr-defined]
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(cases / "orders_may.xlsx"))  # type: ignore[attr-defined]
        page.get_by_role("button", name=t("data.load", "en"), exact=True).click()  # type: ignore[attr-defined]
        page.get_by_text("holds ids stored as Excel numbers").wait_for(timeout=120_000)  # type: ignore[attr-defined]
        assert page.get_by_text("lost digits in Excel").count() >= 1  # type: ignore[attr-defined]
        upload(server, page, cases / "orders_may.csv")
        assert overview_revenue(server, page, "2024-05-01", "2024-05-31", lang="zh") == "¥1,000"
