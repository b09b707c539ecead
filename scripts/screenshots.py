"""Write a screenshot of every page on the demo data to docs/screenshots/ (shown in the README).

`--both DIR` writes every page in Chinese and in English to DIR instead (`overview_zh.png`, `overview_en.png`…),
on a demo company built in Chinese, to look over both languages before a release.
"""

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
    both = len(sys.argv) > 2 and sys.argv[1] == "--both"
    out = Path(sys.argv[2]) if both else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    shots = (
        [(name, lang, f"{name}_{lang}") for lang in ("zh", "en") for name in (*PAGES, "settings")]
        if both
        else [(name, "zh" if name == "overview" else "en", name) for name in PAGES]
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        with Store(db) as store:
            build_demo(store, lang="zh" if both else "en")
        with serve(db) as url, browser_page((1440, 1800)) as page:
            for name, lang, file in shots:
                page.goto(f"{url}/{'' if name == 'overview' else name}?lang={lang}")
                wait_for_app(page, timeout=300_000)
                page.wait_for_timeout(2000)
                page.screenshot(path=str(out / f"{file}.png"))
                print(f"wrote {out / file}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
