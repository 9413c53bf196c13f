"""``newstrace migrate``: copy a whole corpus from one store to another (SQLite to
PostgreSQL, or back), every table of the schema, in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from newstrace.errors import UsageError
from newstrace.store.base import Store, ident

_BATCH = 2000


def copy_store(src: Store, dst: Store, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Copy every data table of ``src`` into ``dst``, which must hold no corpus yet.
    All or nothing: a failure leaves ``dst`` as it was. Returns rows copied per table."""
    if src.schema_version() != dst.schema_version():
        raise UsageError(
            f"the two databases are at different schema versions ({src.schema_version()} and "
            f"{dst.schema_version()}): open both with this newstrace version first."
        )
    if dst.count("documents") or dst.count("articles"):
        raise UsageError("the target database already holds a corpus: migrate into an empty database.")
    tables = src.tables()
    missing = sorted(set(tables) - set(dst.tables()))
    if missing:
        raise UsageError(f"the target database has no table(s) {', '.join(missing)}.")
    copied: dict[str, int] = {}
    with dst.transaction():
        for table in tables:
            dst.execute(f"DELETE FROM {ident(table)}")  # noqa: S608 - rows its migrations added
            total = src.count(table)
            n = 0
            batch = []
            for row in src.stream(f"SELECT * FROM {ident(table)}"):  # noqa: S608
                batch.append(row)
                if len(batch) == _BATCH:
                    dst.insert_rows(table, batch)
                    n += len(batch)
                    batch = []
                    if progress:
                        progress(f"migrate {table}", n, total)
            dst.insert_rows(table, batch)
            copied[table] = n + len(batch)
            if progress:
                progress(f"migrate {table}", copied[table], total)
        dst.after_bulk_copy()
        # Full-text indexes are not copied: the target builds its own (articles through
        # flush_search_index below).
        for table in tables:
            if table != "articles" and table in dst.TEXT_INDEXED:
                dst.rebuild_text_index(table)
    dst.flush_search_index()
    return copied
