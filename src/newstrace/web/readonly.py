"""A read-only view of a SQLite store for the web app's GET requests.

The app serves hostile article text to a browser; opening the file read-only means no
request handler can change the database by accident. Writes (curation) open a normal
store for the length of one POST.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from newstrace.errors import DatabaseError, MissingDatabase
from newstrace.store import open_store
from newstrace.store.base import Store
from newstrace.store.sqlite import SQLiteStore


class ReadOnlySQLiteStore(SQLiteStore):
    """Same queries as ``SQLiteStore``, on a connection opened with ``mode=ro``."""

    def __init__(self, path: str | Path) -> None:  # noqa: D107 - no migrations on purpose
        self.path = str(path)
        uri = "file:" + quote(str(Path(self.path).resolve())) + "?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.execute("PRAGMA query_only=ON")
            self.conn.execute("SELECT 1 FROM articles LIMIT 1")
        except sqlite3.DatabaseError as e:
            raise DatabaseError(
                f"cannot open {self.path!r} as a newstrace database ({e}). "
                "Run 'newstrace analyze PATH --db DB' first, or check the path."
            ) from e
        self._depth = 0


def open_read_store(db: str) -> Store:
    if db.startswith(("postgresql://", "postgres://")):
        return open_store(db, create=False)
    if not Path(db).exists():
        raise MissingDatabase(db)
    return ReadOnlySQLiteStore(db)


def open_write_store(db: str) -> Store:
    return open_store(db, create=False)
