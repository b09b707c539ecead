"""The Data page shows what recognition decided and what it asks, in a real browser (docs/uploads.md, "Confidence")."""

from __future__ import annotations

import pytest
from browser import browser_page, require_chromium, serve, wait_for_app

from salesdash.store import Store

pytestmark = pytest.mark.browser


def test_data_page_shows_the_unsure_column_and_the_two_candidates(tmp_path):
    """The mapping grid (with its Confidence column) is drawn on a canvas; its look was checked on screenshots."""
    require_chromium()
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    unsure = tmp_path / "sales.csv"
    unsure.write_text("Ref,When,Sales\nA,2025-01-03,10\nB,2025-01-04,20\n")
    two = tmp_path / "list.csv"
    two.write_text("ID,Name,Region\n1,Alpha,East\n2,Beta,West\n")
    with serve(db) as url, browser_page((1400, 1600)) as page:
        page.goto(f"{url}/data?lang=en")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(unsure))
        page.get_by_text("this column might be order_date").wait_for(timeout=60_000)
        page.goto(f"{url}/data?lang=zh")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(two))
        page.get_by_text("salesdash 不做猜测").wait_for(timeout=60_000)
        assert page.get_by_text("ID → customer_id, Region → region").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
