"""Errors a user can cause; their messages say what went wrong and what to do."""

from __future__ import annotations

__all__ = ["InputError", "PermissionDenied", "SalesdashError", "StoreDamagedError", "StoreLockedError"]


class SalesdashError(Exception):
    """Base class: the message is shown to the user as it is."""


class InputError(SalesdashError):
    """A file or value the user supplied was rejected; names the file, row and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.row, self.column = file, row, column
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class StoreLockedError(SalesdashError):
    """Another process holds the DuckDB file."""


class StoreDamagedError(SalesdashError):
    """The DuckDB file cannot be read as a database."""


class PermissionDenied(SalesdashError):
    """The signed-in user's role does not allow this action."""
