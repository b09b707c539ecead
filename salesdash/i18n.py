"""User-facing text in Chinese and English.

Strings live in `salesdash/locales/<area>.py`, one module per page or area, each a dict
`STRINGS = {key: {"en": ..., "zh": ...}}`; keys are prefixed by the area (`targets.title`).
Every key must exist in both languages: `missing_translations()` is checked by a test.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "missing_translations", "normalize_lang", "strings", "t"]

LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "zh"
# Each language by its own name, as a language switch shows it.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


@cache
def strings() -> dict[str, dict[str, str]]:
    """All keys of every locale module, merged; a key defined twice is an error."""
    from salesdash import locales

    merged: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(locales.__path__):
        table = importlib.import_module(f"salesdash.locales.{module.name}").STRINGS
        clash = merged.keys() & table.keys()
        if clash:
            raise ValueError(f"locale key defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


def normalize_lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang`, with `{name}` placeholders filled from `values`."""
    entry = strings().get(key)
    if entry is None:
        raise KeyError(f"no text for {key!r}; add it to a module in salesdash/locales/")
    text = entry[normalize_lang(lang)]
    return text.format(**values) if values else text


def missing_translations() -> list[tuple[str, str]]:
    """(key, language) pairs where a string exists in one language only."""
    return [
        (key, lang) for key, entry in strings().items() for lang in LANGUAGES if not str(entry.get(lang, "")).strip()
    ]
