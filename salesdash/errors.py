"""Errors a user can cause; their messages say what went wrong and what to do.

A message made from a locale key (texts in `salesdash/locales/`, English and Chinese) is English in `str()`,
which the CLI prints, and `localized(lang)` gives it in a page's language (docs/i18n.md).
"""

from __future__ import annotations

from salesdash.i18n import t

__all__ = [
    "InputError",
    "PermissionDenied",
    "SalesdashError",
    "StoreDamagedError",
    "StoreLockedError",
    "error_text",
    "where",
]


class SalesdashError(Exception):
    """Base class: the message is shown to the user as it is, or, made with `key=`, the locale text `key`
    filled with `values` in the reader's language."""

    key: str | None = None
    values: dict[str, object] = {}  # noqa: RUF012 (read-only default; an instance with a key has its own)

    def __init__(self, message: str = "", *, key: str | None = None, **values: object) -> None:
        if key is not None:
            self.key, self.values = key, values
            message = t(key, "en", **values)
        super().__init__(message)

    def localized(self, lang: str) -> str:
        """The message in `lang` ("en" or "zh"); a message made without a key is the same in both."""
        return t(self.key, lang, **self.values) if self.key is not None else str(self)


class InputError(SalesdashError):
    """A file or value the user supplied was rejected; names the file, row and column."""

    def __init__(
        self,
        message: str = "",
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        key: str | None = None,
        **values: object,
    ) -> None:
        self.file, self.row, self.column = file, row, column
        if key is not None:
            self.key, self.values = key, values
            message = t(key, "en", **values)
        place = where("en", file, row, column)
        super().__init__(f"{place}: {message}" if place else message)

    def localized(self, lang: str) -> str:
        if self.key is None:
            return str(self)
        message = t(self.key, lang, **self.values)
        place = where(lang, self.file, self.row, self.column)
        return t("ingest.where.prefix", lang, where=place, message=message) if place else message


def where(lang: str, file: str | None, row: int | None, column: str | None) -> str:
    """ "file F, row R, column 'C'" (only the parts known) in `lang`, in the words of an upload's messages
    (salesdash/locales/ingest.py)."""
    parts = [
        t("ingest.where.file", lang, file=file) if file else "",
        t("ingest.where.row", lang, row=row) if row is not None else "",
        t("ingest.where.column", lang, column=repr(column)) if column else "",
    ]
    return t("ingest.where.sep", lang).join(p for p in parts if p)


class StoreLockedError(SalesdashError):
    """Another process holds the DuckDB file."""


class StoreDamagedError(SalesdashError):
    """The DuckDB file cannot be read as a database."""


class PermissionDenied(SalesdashError):
    """The signed-in user's role does not allow this action."""


def error_text(exc: BaseException, lang: str) -> str:
    """The message of any error for a page in `lang`: localised when it is a salesdash error, else its text."""
    return exc.localized(lang) if isinstance(exc, SalesdashError) else str(exc)
