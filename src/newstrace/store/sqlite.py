"""The embedded default store: one SQLite file, WAL journal, FTS5 index."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newstrace.errors import BadSearch, DatabaseError
from newstrace.store import search_terms
from newstrace.store.base import SearchHit, Store, ident
from newstrace.store.schema import load_migrations, split_statements

log = logging.getLogger(__name__)


# INTEGER PRIMARY KEY makes the key the rowid (no second B-tree).
_SCRATCH_TYPES = {"int": "INTEGER", "real": "REAL", "text": "TEXT", "bytes": "BLOB"}


class SQLiteStore(Store):
    """``read_only=True`` opens an existing file with ``mode=ro`` and applies no migrations:
    the web app serves hostile text from such a connection, so no request can write."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            if read_only:
                uri = "file:" + quote(str(Path(self.path).resolve())) + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction a document.
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout=30000")
            if read_only:
                self.conn.execute("PRAGMA query_only=ON")
                self.conn.execute("SELECT 1 FROM articles LIMIT 1")
            else:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as e:
            raise DatabaseError(
                f"cannot open {self.path!r} as a newstrace database ({e}). "
                "Check the path, or run 'newstrace analyze PATH --db DB' first."
            ) from e
        self._depth = 0
        if not read_only:
            self._migrate()

    # -- schema ------------------------------------------------------------------------
    def _migrate(self) -> None:
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)"
            )
        except sqlite3.DatabaseError as e:
            raise DatabaseError(
                f"{self.path!r} is not a SQLite database ({e}). Use a new path for --db."
            ) from e
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        for m in load_migrations("sqlite"):
            if m.version in done:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                # executescript would commit on its own; split statements so the migration
                # and its bookkeeping row commit together.
                for stmt in split_statements(m.sql):
                    self.conn.execute(stmt)
                self.conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (m.version, m.name)
                )
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        r = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(r[0] or 0)

    def table_exists(self, name: str) -> bool:
        rows = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchall()
        return bool(rows)

    def scratch_table(self, name: str, columns: dict[str, str], primary_key: str) -> None:
        cols = ", ".join(
            f"{ident(c)} {_SCRATCH_TYPES[t]}" + (" PRIMARY KEY" if c == primary_key else " NOT NULL")
            for c, t in columns.items()
        )
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {ident(name)} ({cols})")
        self.conn.execute(f"DELETE FROM {ident(name)}")  # noqa: S608 - identifier checked

    def tune_for_bulk(self) -> None:
        # SQLite's default 2 MB page cache makes bulk index reads and appends disk-bound on
        # large corpora; 256 MiB for this connection.
        if not self.read_only:
            self.conn.execute("PRAGMA cache_size = -262144")

    # -- primitives ----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params))]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            # Nested: the outer transaction decides.
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def flush_search_index(self) -> int:
        """Index the articles stored since the last flush; returns how many."""
        if self.read_only:
            return 0
        with self.transaction():
            n = int(self.conn.execute("SELECT COUNT(*) FROM fts_pending").fetchone()[0])
            if n:
                self.conn.execute(
                    "INSERT INTO articles_fts (rowid, title, text) SELECT a.rowid, a.title, a.text "
                    "FROM articles a JOIN fts_pending p ON p.rowid = a.rowid"
                )
                self.conn.execute("DELETE FROM fts_pending")
        return n

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, article_ids: Sequence[str] | None = None
    ) -> tuple[int, list[SearchHit]]:
        self.flush_search_index()
        try:
            return self._search(query, limit, offset, article_ids)
        except sqlite3.OperationalError as e:
            raise BadSearch(f"cannot search for {query!r} ({e}). Use plain words, \"a phrase\" or prefix*.") from e

    def _search(
        self, query: str, limit: int, offset: int, article_ids: Sequence[str] | None
    ) -> tuple[int, list[SearchHit]]:
        match = fts_query(query)
        if not match:
            return 0, []
        where = "articles_fts MATCH ?"
        params: list[Any] = [match]
        if article_ids is not None:
            where += " AND a.id IN (SELECT value FROM json_each(?))"
            import json

            params.append(json.dumps(list(article_ids)))
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {where}",  # noqa: S608
            params,
        ).fetchone()[0]
        # ``where`` is built above from fixed strings only; values go in ``params``.
        sql = _SEARCH_PAGE.format(where=where)
        rows = self.conn.execute(
            sql,
            [*params, limit, offset],
        ).fetchall()
        return int(total), [SearchHit(r["id"], r["title"], r["snip"], float(r["rank"])) for r in rows]

    def close(self) -> None:
        try:
            self.flush_search_index()
        except sqlite3.Error as e:  # the articles are stored; the next run indexes them
            log.warning("full-text index not updated on close (%s); the next analyze run will do it", e)
        finally:
            self.conn.close()


_SEARCH_PAGE = (
    "SELECT a.id AS id, a.title AS title, "
    "snippet(articles_fts, 1, '\x02', '\x03', ' … ', 24) AS snip, bm25(articles_fts) AS rank "
    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {where} "
    "ORDER BY rank, a.id LIMIT ? OFFSET ?"
)


def fts_query(user_query: str) -> str:
    """Turn what a user typed into a safe FTS5 query (words and phrases quoted, so FTS5
    operators in the input cannot break it; ``word*`` prefix search and ``OR`` kept)."""
    out = []
    for t in search_terms.parse(user_query):
        if isinstance(t, str):
            out.append(t)
        else:
            out.append('"' + t.text.replace('"', '""') + '"' + ("*" if t.prefix else ""))
    return " ".join(out)
