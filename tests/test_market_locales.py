"""Every Market string exists in both languages, and every key the page asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from salesdash.i18n import strings
from salesdash.locales.market import STRINGS

ROOT = Path(__file__).resolve().parent.parent


def test_both_languages() -> None:
    assert [k for k, v in STRINGS.items() if not (v.get("en", "").strip() and v.get("zh", "").strip())] == []


def test_literal_keys_of_the_page_exist() -> None:
    page = (ROOT / "views" / "market.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'text\("([a-z_]+\.[a-z_.]+)"', page))
    assert sorted(k for k in keys if k not in strings()) == []
