"""How the web app opens the store: read-only for GET requests, writable for one POST.

The app serves hostile article text to a browser; opening the file read-only means no
request handler can change the database by accident.
"""

from __future__ import annotations

from newstrace.store import open_store
from newstrace.store.base import Store


def open_read_store(db: str) -> Store:
    return open_store(db, create=False, read_only=True)


def open_write_store(db: str) -> Store:
    return open_store(db, create=False)
