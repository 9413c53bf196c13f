"""How the web app opens the store: read-only for GET requests, writable for one POST.

The app serves hostile article text to a browser; opening the file read-only means no
request handler can change the database by accident.
"""

from __future__ import annotations

import logging

from newstrace.errors import NewstraceError
from newstrace.store import open_store
from newstrace.store.base import Store

log = logging.getLogger(__name__)


def open_read_store(db: str) -> Store:
    return open_store(db, create=False, read_only=True)


def open_write_store(db: str) -> Store:
    return open_store(db, create=False)


def bring_up_to_date(db: str) -> None:
    """Before serving a database written by an older newstrace: apply the newer migrations
    and fill the tables the pages read that its last analysis did not write (claim
    statements, entity names and duplicate suggestions). A database that cannot be opened
    for writing is served as it is."""
    try:
        store = open_write_store(db)
    except NewstraceError as e:
        log.warning("serving %s as it is: %s", db, e)
        return
    try:
        from newstrace.pipeline import registry

        needs = [
            ("claims", "claim_statements", "newstrace.claims.statements:ClaimStatementsStage"),
            ("entities", "entity_names", "newstrace.entities.resolve:EntityResolutionStage"),
        ]
        for source, derived, ref in needs:
            if registry.available(ref) and store.query(f"SELECT 1 FROM {source} LIMIT 1") and not store.query(  # noqa: S608
                f"SELECT 1 FROM {derived} LIMIT 1"  # noqa: S608
            ):
                log.warning("filling %s for the web app (the last analysis predates it)", derived)
                registry.load(ref)().run(store, lambda *_: None)
    finally:
        store.close()
