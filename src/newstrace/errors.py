"""User-facing errors, each with a stable code and a message that says what to do."""

from __future__ import annotations


class NewstraceError(Exception):
    """An error the user can act on. ``code`` is stable across releases."""

    code = "E000"
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class UsageError(NewstraceError):
    code = "E001"


class DatabaseError(NewstraceError):
    code = "E002"


class MissingDatabase(DatabaseError):
    code = "E003"

    def __init__(self, db: str) -> None:
        super().__init__(
            f"database {db!r} does not exist. Run 'newstrace analyze PATH --db {db}' first, "
            "or check the path."
        )


class UnknownExport(UsageError):
    code = "E004"


class StageUnavailable(NewstraceError):
    code = "E005"


class ModelMissing(NewstraceError):
    code = "E006"


class BadSearch(UsageError):
    """The full-text engine could not parse a search (``Store.search`` raises it on every
    backend, so callers need not know the engine's own errors)."""

    code = "E016"


class QueryTimeout(DatabaseError):
    """A read took longer than the time it was given (the web app's per-request budget)."""

    code = "E018"
