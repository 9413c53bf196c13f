"""PostgreSQL backend (``--db postgresql://...``).

Not built yet: the interface in ``store/base.py`` is what it will implement. Until then a
PostgreSQL URL is refused with a clear message instead of failing half-way.
"""

from __future__ import annotations

from newstrace.errors import StageUnavailable


class PostgresStore:
    def __init__(self, url: str) -> None:
        raise StageUnavailable(
            "the PostgreSQL backend is not available in this version. "
            "Use a SQLite file path for --db (the embedded default)."
        )
