"""PostgreSQL backend (``--db postgresql://...``).

Not built yet: ``store/base.py`` is the interface it will implement (the primitives
``execute``, ``executemany``, ``query``, ``transaction``, ``search``, plus migrations in
``migrations_pg/``). Until then a PostgreSQL URL is refused with a clear message instead
of failing half-way.
"""

from __future__ import annotations

from newstrace.errors import StageUnavailable
from newstrace.store.base import Store


def open_postgres(url: str) -> Store:
    raise StageUnavailable(
        "the PostgreSQL backend is not available in this version. "
        "Use a SQLite file path for --db (the embedded default)."
    )
