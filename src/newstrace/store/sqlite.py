"""The embedded default store: one SQLite file, WAL journal, FTS5 index."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newstrace.errors import BadSearch, DatabaseError, QueryTimeout
from newstrace.search.syntax import Node, Not, Or, Phrase, Query, Term
from newstrace.store import search_terms
from newstrace.store.base import TIMEOUT_MESSAGE, SearchHit, Store, ident, in_list, search_order
from newstrace.store.schema import load_migrations, split_statements

log = logging.getLogger(__name__)


# INTEGER PRIMARY KEY makes the key the rowid (no second B-tree).
_SCRATCH_TYPES = {"int": "INTEGER", "real": "REAL", "text": "TEXT", "bytes": "BLOB"}


class SQLiteStore(Store):
    """``read_only=True`` opens an existing file with ``mode=ro`` and applies no migrations:
    the web app serves hostile text from such a connection, so no request can write."""

    SCRATCH_TYPES = _SCRATCH_TYPES

    TEXT_INDEXED = ("articles", "claim_statements")

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
        self._deadline: float | None = None
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
                # Another process opening the same new file may have applied it while this
                # one waited for the lock.
                if self.conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (m.version,)).fetchone():
                    self.conn.execute("COMMIT")
                    continue
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

    def tune_for_bulk(self) -> None:
        # SQLite's default 2 MB page cache makes bulk index reads and appends disk-bound on
        # large corpora; 256 MiB for this connection.
        if not self.read_only:
            self.conn.execute("PRAGMA cache_size = -262144")

    def defer_checkpoint(self) -> None:
        if not self.read_only:
            self.conn.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint(self) -> None:
        if not self.read_only:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.conn.execute("PRAGMA wal_autocheckpoint=1000")  # SQLite's default

    # -- primitives ----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows(sql, params)]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(sql, tuple(params))
        try:
            while rows := cur.fetchmany(2000):
                yield from (dict(r) for r in rows)
        finally:
            cur.close()

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('schema_migrations', 'fts_pending') ORDER BY name"
        ).fetchall()
        # FTS5 tables and their shadow tables ({name}_data, ...) are the index, not data.
        fts = tuple(_FTS_TABLES.values())
        return [r[0] for r in rows if not any(r[0] == f or r[0].startswith(f + "_") for f in fts)]

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
        self,
        query: str | Query,
        *,
        limit: int = 20,
        offset: int = 0,
        article_ids: Sequence[str] | None = None,
        where: tuple[str, Sequence[Any]] | None = None,
        order: str = "rank",
        snippets: bool = True,
    ) -> tuple[int, list[SearchHit]]:
        self.flush_search_index()
        try:
            return self._search(query, limit, offset, article_ids, where, order, snippets)
        except sqlite3.OperationalError as e:
            raise BadSearch(f"cannot search for {query!r} ({e}). Use plain words, \"a phrase\" or prefix*.") from e

    def _search(
        self,
        query: str | Query,
        limit: int,
        offset: int,
        article_ids: Sequence[str] | None,
        where: tuple[str, Sequence[Any]] | None,
        order: str,
        snippets: bool = True,
    ) -> tuple[int, list[SearchHit]]:
        conds: list[str] = []
        params: list[Any] = []
        if isinstance(query, str):
            match = fts_query(query)
            if not match:
                return 0, []
            include: str | None = match
            exclude: str | None = None
        else:
            include = compile_fts5(query.include) if query.include is not None else None
            exclude = search_terms.any_of(query.exclude, compile_fts5)
        if include is not None and exclude is not None:
            include, exclude = f"({include}) NOT ({exclude})", None
        if exclude is not None:
            conds.append("a.rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(exclude)
        if article_ids is not None:
            cond, ids = in_list("a.id", article_ids)
            conds.append(cond)
            params.extend(ids)
        if where is not None:
            conds.append(f"({where[0]})")
            params.extend(where[1])
        order_by = search_order(order, ranked=include is not None)
        if include is None:
            # Nothing to find, only to leave out: the articles that pass, newest first.
            cond = " AND ".join(conds) or "1=1"
            total = self._count(f"SELECT COUNT(*) FROM articles a WHERE {cond}", params)  # noqa: S608
            rows = self._rows(
                f"SELECT a.id AS id, a.title AS title, substr(a.text, 1, 240) AS snip, 0.0 AS rank "  # noqa: S608
                f"FROM articles a WHERE {cond} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        else:
            cond = " AND ".join(["articles_fts MATCH ?", *conds])
            params = [include, *params]
            # CROSS JOIN keeps the full-text match as the outer loop: with a filter on articles
            # (outlet, entity) SQLite otherwise reads the filtered articles first and runs the
            # whole match again for each of them (0.6 s instead of 12 ms for an outlet filter on
            # 10,000 articles).
            base = f"FROM articles_fts CROSS JOIN articles a ON a.rowid = articles_fts.rowid WHERE {cond}"
            # ``cond`` and ``order_by`` are built from fixed strings; values go in ``params``.
            snip = _SNIPPET if snippets else "''"
            rows = self._rows(_SEARCH_PAGE.format(snip=snip, base=base, order=order_by), [*params, limit, offset])
            # Hits among given ids that fit on one page (a results page's snippets): the page
            # is the count, which would run the whole match again.
            whole = article_ids is not None and offset == 0 and limit >= len(article_ids)
            if whole or (offset == 0 and len(rows) < limit):
                total = len(rows)  # every hit is on this page
            elif not conds:
                # Nothing to check on the articles: counted in the index alone (its rows are
                # the articles', kept by triggers), without reading each hit's article row.
                total = self._count("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", [include])
            else:
                total = self._count(f"SELECT COUNT(*) {base}", params)  # noqa: S608
        return total, [SearchHit(r["id"], r["title"], r["snip"], float(r["rank"])) for r in rows]

    def match_condition(self, query: Query, alias: str = "a", table: str = "articles") -> tuple[str, list[Any]]:
        ident(alias)
        fts = _FTS_TABLES[table]
        parts: list[str] = []
        params: list[Any] = []
        include = compile_fts5(query.include) if query.include is not None else None
        exclude = search_terms.any_of(query.exclude, compile_fts5)
        if include is not None:
            if exclude is not None:
                include, exclude = f"({include}) NOT ({exclude})", None
            parts.append(f"{alias}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")  # noqa: S608 - names from code
            params.append(include)
        if exclude is not None:
            parts.append(f"{alias}.rowid NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")  # noqa: S608
            params.append(exclude)
        return (" AND ".join(parts) or "1=1"), params

    def rebuild_text_index(self, table: str) -> None:
        fts = _FTS_TABLES[table]
        self.conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")  # noqa: S608 - names from code

    # -- bounded reads -------------------------------------------------------------------
    @contextmanager
    def time_budget(self, seconds: float) -> Iterator[None]:
        deadline = time.monotonic() + seconds
        outer = self._deadline
        self._deadline = deadline if outer is None else min(outer, deadline)
        # SQLite calls the handler every N virtual-machine steps (100,000: a millisecond or
        # so); a true result stops the statement with "interrupted", which query() turns
        # into QueryTimeout. Each call takes the GIL back from the threads rendering other
        # pages: every 1,000 steps, concurrent requests spent their time waiting for it.
        self.conn.set_progress_handler(self._over_budget, 100_000)
        try:
            yield
        finally:
            self._deadline = outer
            if outer is None:
                self.conn.set_progress_handler(None, 0)

    def _over_budget(self) -> int:
        return 1 if self._deadline is not None and time.monotonic() > self._deadline else 0

    def _rows(self, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
        if self._over_budget():  # spent before this statement (it may finish within one handler interval)
            raise QueryTimeout(TIMEOUT_MESSAGE)
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as e:
            raise self._translate(e) from e

    def _count(self, sql: str, params: Sequence[Any]) -> int:
        return int(self._rows(sql, params)[0][0])

    def _translate(self, e: sqlite3.OperationalError) -> Exception:
        if "interrupted" in str(e) and self._deadline is not None:
            return QueryTimeout(TIMEOUT_MESSAGE)
        return e

    def change_token(self) -> str:
        if self.path == ":memory:":
            return ""
        parts = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.path + suffix)
            except OSError:
                continue
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        return "/".join(parts)

    def close(self) -> None:
        try:
            self.flush_search_index()
        except sqlite3.Error as e:  # the articles are stored; the next run indexes them
            log.warning("full-text index not updated on close (%s); the next analyze run will do it", e)
        finally:
            self.conn.close()


_SNIPPET = "snippet(articles_fts, 1, '\x02', '\x03', ' … ', 24)"
_SEARCH_PAGE = "SELECT a.id AS id, a.title AS title, {snip} AS snip, bm25(articles_fts) AS rank {base} ORDER BY {order} LIMIT ? OFFSET ?"
# Full-text index of each searchable table (external-content FTS5 tables keyed by rowid).
_FTS_TABLES = {"articles": "articles_fts", "claim_statements": "claim_statements_fts"}


def compile_fts5(node: Node) -> str:
    """A parsed query as an FTS5 expression: every word quoted (so nothing in it is FTS5
    syntax), operators and grouping from the tree only."""
    if isinstance(node, Term | Phrase):
        quoted = '"' + node.text.replace('"', '""') + '"'
        if isinstance(node, Term) and node.prefix:
            quoted += "*"
        return f"title : {quoted}" if node.column == "title" else quoted
    if isinstance(node, Not):  # only inside an And with a positive part (see syntax._check)
        raise ValueError("a NOT outside an AND group cannot be compiled")
    if isinstance(node, Or):
        return "(" + " OR ".join(compile_fts5(c) for c in node.children) + ")"
    pos = [compile_fts5(c) for c in node.children if not isinstance(c, Not)]
    neg = [compile_fts5(c.child) for c in node.children if isinstance(c, Not)]
    out = "(" + " AND ".join(pos) + ")"
    for n in neg:
        out = f"({out} NOT {n})"
    return out


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
