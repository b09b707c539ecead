"""Ingest messages in the user's language: reject reasons and file-level refusals.

English is what the CLI prints and what `str(error)` gives; a page renders the same error with
`salesdash.errors.error_text(exc, lang)` and each reject with `Reject.text(lang)`. Texts live in `salesdash/locales/ingest.py`.
"""

from __future__ import annotations

from salesdash.errors import InputError
from salesdash.i18n import t

__all__ = ["IngestError", "Notice", "notice_text"]


class Notice(str):
    """A warning about an upload: its English text as a plain string (what the CLI prints and tests read),
    and the locale text `key` with `values` for a page, in any language (`text(lang)`). A value that is
    itself a Notice is rendered in the same language."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Notice:
        made = super().__new__(cls, _render(key, "en", values))
        made.key, made.values = key, values
        return made

    def text(self, lang: str) -> str:
        return _render(self.key, lang, self.values)

    def __reduce__(self) -> tuple[object, ...]:  # pickled by st.cache_data and copied by dataclasses.asdict
        return _notice, (self.key, self.values)


def _notice(key: str, values: dict[str, object]) -> Notice:
    return Notice(key, **values)


def _render(key: str, lang: str, values: dict[str, object]) -> str:
    return t(key, lang, **{k: v.text(lang) if isinstance(v, Notice) else v for k, v in values.items()})


def notice_text(message: str, lang: str) -> str:
    """An upload warning in `lang` when it is a Notice, else as it is."""
    return message.text(lang) if isinstance(message, Notice) else message


class IngestError(InputError):
    """A refused upload whose message is the locale text `key` filled with `values` (English in `str()`)."""

    key: str

    def __init__(
        self,
        key: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        **values: object,
    ) -> None:
        super().__init__("", key=key, file=file, row=row, column=column, **values)
