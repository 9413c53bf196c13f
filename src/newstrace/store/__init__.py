"""Storage behind one small interface: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path

from newstrace.errors import MissingDatabase
from newstrace.store.base import Store


def open_store(db: str, *, create: bool = True, read_only: bool = False) -> Store:
    """Open the store named by ``db``: a SQLite path or a ``postgresql://`` URL.

    With ``create=False`` a missing SQLite file is a usage error, not a new empty store
    (export/report/serve on a typo'd path must not silently show nothing).
    """
    if db.startswith(("postgresql://", "postgres://")):
        from newstrace.store.postgres import open_postgres

        return open_postgres(db, create=create, read_only=read_only)
    from newstrace.store.sqlite import SQLiteStore

    if (read_only or not create) and not Path(db).exists():
        raise MissingDatabase(db)
    return SQLiteStore(db, read_only=read_only)


__all__ = ["Store", "open_store"]
