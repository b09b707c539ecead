"""The Data page asks for the decimal mark of an ambiguous number column, in chromium (docs/uploads.md#numbers)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from salesdash.store import Store
from tests.browser import browser_page, require_chromium, serve, wait_for_app

AMBIGUOUS = "Order ID;Order Date;Customer;Revenue\nA1;2024-05-01;Nordlys;18.500\nA2;2024-05-02;Fjord;2.400\n"
SHOTS = os.environ.get("SALESDASH_SHOTS")  # a folder to keep screenshots in, when set


def _choose(page: object, label: str, choice: str) -> None:
    """Open the select box `label` and pick `choice`; a rerun that closes the list opens it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.get_by_role("combobox", name=label).click()  # type: ignore[attr-defined]
        try:
            page.get_by_role("option", name=choice).click(timeout=10_000)  # type: ignore[attr-defined]
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"option {choice!r} of {label!r} never appeared")


@pytest.mark.parametrize(
    ("lang", "choice", "loaded"),
    [("en", "18500 (comma is the decimal mark)", "Loaded as batch #1"), ("zh", "18500（逗号是小数点）", "#1")],
)
def test_data_page_asks_for_the_decimal_mark(tmp_path: Path, lang: str, choice: str, loaded: str) -> None:
    require_chromium()
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    export = tmp_path / "dk.csv"
    export.write_text(AMBIGUOUS, encoding="utf-8")
    with serve(db) as url, browser_page() as page:
        page.goto(f"{url}/data?lang={lang}")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
        warning = page.get_by_text("'Revenue'").first  # the warning names the column
        warning.wait_for(timeout=120_000)
        wait_for_app(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/decimal_asked_{lang}.png", full_page=True)
        label = "Numbers like 18.500 mean" if lang == "en" else "形如 18.500 的数字表示"
        _choose(page, label, choice)
        warning.wait_for(state="detached", timeout=120_000)  # inspected again with the choice: nothing to ask
        wait_for_app(page)
        load = "Load" if lang == "en" else "导入"
        page.get_by_role("button", name=load, exact=True).click()
        page.get_by_text(loaded).first.wait_for(timeout=120_000)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/decimal_loaded_{lang}.png", full_page=True)
    with Store(db) as store:
        assert store.cursor().execute("SELECT sum(revenue) FROM orders").fetchall() == [(18500.0 + 2400.0,)]
