"""Write a screenshot of every page on the demo data to docs/screenshots/ (shown in the README)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_page, serve, wait_for_app  # noqa: E402

from salesdash.demo import build_demo  # noqa: E402
from salesdash.store import Store  # noqa: E402

PAGES = ("overview", "targets", "market", "customers", "pipeline", "team", "data")


def main() -> int:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        with Store(db) as store:
            build_demo(store, orders=50_000)
        with serve(db) as url, browser_page((1440, 1800)) as page:
            for name in PAGES:
                lang = "zh" if name == "overview" else "en"
                page.goto(f"{url}/{'' if name == 'overview' else name}?lang={lang}")
                wait_for_app(page, timeout=300_000)
                page.wait_for_timeout(2000)
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"wrote docs/screenshots/{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
