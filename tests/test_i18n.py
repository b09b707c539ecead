"""Both languages are complete, and numbers read naturally in each."""

from __future__ import annotations

import re
from pathlib import Path

from salesdash import fmt
from salesdash.i18n import missing_translations, strings

ROOT = Path(__file__).parent.parent


def test_every_string_exists_in_both_languages() -> None:
    assert missing_translations() == []


def test_placeholders_match_between_languages() -> None:
    for key, entry in strings().items():
        assert set(re.findall(r"{(\w+)", entry["en"])) == set(re.findall(r"{(\w+)", entry["zh"])), key


def test_every_key_used_in_the_code_exists() -> None:
    used = set()
    for path in [*ROOT.glob("views/**/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r"text\(\s*\"([a-z_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert sorted(used - strings().keys()) == []


def test_numbers_in_chinese_and_english() -> None:
    assert fmt.number(123_456_789, "zh") == "1.2亿"
    assert fmt.number(45_600, "zh") == "4.6万"
    assert fmt.number(123_456_789, "en") == "123.5M"
    assert fmt.number(4_560, "en") == "4.6K"
    assert fmt.number(999, "en") == "999"
    assert fmt.money(-2_500_000, "en") == "-¥2.5M"
    assert fmt.money(None, "zh") == "—"
    assert fmt.percent(0.853) == "85.3%"
    assert fmt.delta_percent(-0.052) == "-5.2%"
