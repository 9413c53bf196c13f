"""The exception readers raise for an input they cannot read; turned into an ``InputProblem``."""

from __future__ import annotations


class Unreadable(Exception):
    """An input (or one record of it) that cannot be read; ``reason`` is shown to the user."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
