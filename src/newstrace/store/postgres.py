"""PostgreSQL backend (``--db postgresql://user@host/dbname``), through psycopg 3.

The same tables as SQLite: each migration in ``migrations/`` is applied translated
(``pg_translate.py``) or, where it holds SQLite-only SQL, from its hand-written counterpart
in ``migrations_pg/``. Full-text search is PostgreSQL's own (tsvector + GIN).

Concurrent writers: every write transaction first takes one advisory lock per database,
so writers take turns exactly as SQLite's ``BEGIN IMMEDIATE`` makes them (the pipeline's
incremental bookkeeping, e.g. article numbering in the reuse index, relies on that);
readers never wait. Migrations run under a session advisory lock, so two processes opening
a new database do not both apply them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newstrace.errors import BadSearch, DatabaseError, MissingDatabase, QueryTimeout
from newstrace.search.syntax import Node, Not, Or, Phrase, Query, Term
from newstrace.store import pg_translate, search_terms
from newstrace.store.base import TIMEOUT_MESSAGE, SearchHit, Store, ident, search_order
from newstrace.store.schema import Migration, load_migrations

log = logging.getLogger(__name__)

# Advisory lock keys (any fixed 64-bit numbers; they only need to differ from each other).
WRITE_LOCK = 0x6E657773_74726163  # "newstrac"
MIGRATE_LOCK = WRITE_LOCK + 1

_SCRATCH_TYPES = {"int": "BIGINT", "real": "DOUBLE PRECISION", "text": 'TEXT COLLATE "C"', "bytes": "BYTEA"}
_TS_CONFIG = "newstrace_text"
# INSERT of plain values into named columns: what COPY can do instead.
_PLAIN_INSERT = re.compile(r"^\s*INSERT INTO (\w+) \(([\w\s,]+)\) VALUES \(\s*\?(?:\s*,\s*\?)*\s*\)\s*$", re.IGNORECASE)
# ts_headline options matching the SQLite snippet: hits between \x02 and \x03, ~24 words.
_HEADLINE = "StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""


def pg_migrations() -> list[Migration]:
    """The SQLite migrations for PostgreSQL: hand-written where ``migrations_pg/`` has the
    number, translated otherwise (``pg_translate.Untranslatable`` names what to write)."""
    by_hand = {m.version: m for m in load_migrations("postgresql")}
    out = []
    for m in load_migrations("sqlite"):
        hand = by_hand.pop(m.version, None)
        if hand is not None:
            if hand.name != m.name:
                raise RuntimeError(
                    f"migrations_pg/{hand.version:04d}_{hand.name}.sql does not match "
                    f"migrations/{m.version:04d}_{m.name}.sql: give both the same name"
                )
            out.append(hand)
        else:
            out.append(Migration(m.version, m.name, pg_translate.migration(m)))
    if by_hand:
        raise RuntimeError(f"migrations_pg has files with no SQLite migration: {sorted(by_hand)}")
    return out


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


class PostgresStore(Store):
    """``read_only=True`` applies no migrations and makes every transaction of the session
    read-only (the web app serves hostile text from such a connection)."""

    SCRATCH_TYPES = _SCRATCH_TYPES

    TEXT_INDEXED = ("articles", "claim_statements")

    dialect = "postgresql"

    def __init__(self, url: str, *, create: bool = True, read_only: bool = False) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as e:
            raise DatabaseError(
                "a postgresql:// database needs psycopg: pip install 'newstrace[postgres]'."
            ) from e
        self.url = url
        self.read_only = read_only
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as e:
            raise DatabaseError(
                f"cannot connect to PostgreSQL at {_redacted(url)} ({str(e).strip()}). "
                "Check the URL, that the server is running and that the database exists "
                "(createdb NAME)."
            ) from e
        _adapt(self.conn)
        _LIVE.add(self)
        self._depth = 0
        self._budget: float | None = None
        self._cursors = 0
        if read_only:
            self.conn.execute("SET default_transaction_read_only = on")
        if not self.table_exists("schema_migrations") and (read_only or not create):
            self.conn.close()
            raise MissingDatabase(_redacted(url))
        if not read_only:
            self._migrate()

    # -- schema ------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TIMESTAMPTZ DEFAULT now())"
            )
            done = {r["version"] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for m in pg_migrations():
                if m.version in done:
                    continue
                with self.conn.transaction():
                    # A whole script per call (no parameters: PL/pgSQL bodies stay intact).
                    self.conn.execute(m.sql.encode("utf-8"))
                    self.conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", [m.version, m.name]
                    )
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])

    def schema_version(self) -> int:
        r = self.conn.execute("SELECT MAX(version) AS v FROM schema_migrations").fetchone()
        return int((r or {}).get("v") or 0)

    def table_exists(self, name: str) -> bool:
        r = self.conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_name = %s",
            [name],
        ).fetchall()
        return bool(r)

    def tune_for_bulk(self) -> None:
        # Sorts and hash joins over the index postings stay in memory.
        self.conn.execute("SET work_mem = '128MB'")

    # -- primitives ----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(pg_translate.placeholders(sql), list(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        plain = _PLAIN_INSERT.match(sql)
        if plain:  # COPY: several times faster than row-by-row INSERTs, same result
            self._copy(plain.group(1), [c.strip() for c in plain.group(2).split(",")], rows)
            return
        with self.conn.cursor() as cur:
            cur.executemany(pg_translate.placeholders(sql), rows)

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            cols = list(rows[0])
            self._copy(table, cols, ([r[c] for c in cols] for r in rows))

    def _copy(self, table: str, cols: list[str], rows: Iterable[Sequence[Any]]) -> None:
        sql = f"COPY {ident(table)} ({', '.join(ident(c) for c in cols)}) FROM STDIN"
        with self.conn.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return self.conn.execute(pg_translate.placeholders(sql), list(params)).fetchall()
        except self._psycopg.errors.QueryCanceled as e:
            if self._budget is None:
                raise
            raise QueryTimeout(TIMEOUT_MESSAGE) from e

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        # A server-side cursor lives in a transaction: a read-only one of its own when the
        # caller has none (it ends when the iterator is exhausted or dropped).
        from psycopg.rows import dict_row

        self._cursors += 1
        name = f"newstrace_stream_{self._cursors}"
        outer = self._depth > 0 or self.conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE
        with contextlib.ExitStack() as stack:
            if not outer:
                stack.enter_context(self.conn.transaction())
            cur = stack.enter_context(self.conn.cursor(name=name, row_factory=dict_row))
            cur.itersize = 2000
            cur.execute(pg_translate.placeholders(sql), list(params))
            yield from cur

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' "
            "ORDER BY table_name COLLATE \"C\""
        ).fetchall()
        fts = {f for f, _key, _own in _FTS_TABLES.values()}
        return [r["table_name"] for r in rows if r["table_name"] not in fts]

    def after_bulk_copy(self) -> None:
        idents = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ).fetchall()
        for r in idents:
            table, col = ident(r["table_name"]), ident(r["column_name"])
            self.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{col}'), "  # noqa: S608 - identifiers checked
                f"COALESCE((SELECT MAX({col}) FROM {table}), 0) + 1, false)"
            )

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
        with self.conn.transaction():
            self._depth = 1
            try:
                if not self.read_only:
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
                yield
            finally:
                self._depth = 0

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
        if isinstance(query, str):
            include: str | None = ts_query(query)
            if not include:
                return 0, []
            exclude: str | None = None
        else:
            include = compile_tsquery(query.include) if query.include is not None else None
            exclude = search_terms.any_of(query.exclude, compile_tsquery)
        try:
            return self._search(include, exclude, limit, offset, article_ids, where, order, snippets)
        except (self._psycopg.errors.SyntaxError, self._psycopg.errors.DataError) as e:
            raise BadSearch(f"cannot search for {query!r} ({e}). Use plain words, \"a phrase\" or prefix*.") from e

    def _search(
        self,
        include: str | None,
        exclude: str | None,
        limit: int,
        offset: int,
        article_ids: Sequence[str] | None,
        where: tuple[str, Sequence[Any]] | None,
        order: str,
        snippets: bool = True,
    ) -> tuple[int, list[SearchHit]]:
        # Built with ``?`` placeholders (the callers' ``where`` fragment has them too) and
        # run through query(), which translates them.
        conds: list[str] = []
        params: list[Any] = []
        if exclude is not None:
            conds.append("a.id NOT IN (SELECT x.article_id FROM articles_fts x WHERE x.doc @@ to_tsquery(?::regconfig, ?))")
            params += [_TS_CONFIG, exclude]
        if article_ids is not None:
            conds.append("a.id = ANY(?)")
            params.append(list(article_ids))
        if where is not None:
            conds.append(f"({where[0]})")
            params += list(where[1])
        order_by = search_order(order, ranked=include is not None)
        if include is None:
            cond = " AND ".join(conds) or "1=1"
            total = self.query(f"SELECT COUNT(*) AS n FROM articles a WHERE {cond}", params)[0]["n"]  # noqa: S608
            rows = self.query(
                f"SELECT a.id AS id, a.title AS title, substr(a.text, 1, 240) AS snip, 0.0 AS rank "  # noqa: S608
                f"FROM articles a WHERE {cond} ORDER BY {order_by} "
                "LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        else:
            base = (
                "FROM (SELECT to_tsquery(?::regconfig, ?) AS q) q, articles_fts f JOIN articles a ON a.id = f.article_id "
                "WHERE " + " AND ".join(["f.doc @@ q.q", *conds])
            )
            head = [_TS_CONFIG, include]
            total = self.query(f"SELECT COUNT(*) AS n {base}", [*head, *params])[0]["n"]  # noqa: S608
            # ``conds`` and ``order_by`` are fixed strings or the caller's fragment; values are parameters.
            snip, sparams = ("ts_headline(?::regconfig, translate(a.text, '<>', '  '), q.q, ?)", [_TS_CONFIG, _HEADLINE]) if snippets else ("''", [])
            rows = self.query(
                f"SELECT a.id AS id, a.title AS title, -ts_rank_cd(f.doc, q.q) AS rank, "  # noqa: S608
                f"{snip} AS snip {base} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*sparams, *head, *params, limit, offset],
            )
        return int(total or 0), [SearchHit(r["id"], r["title"], r["snip"], float(r["rank"])) for r in rows]

    def match_condition(self, query: Query, alias: str = "a", table: str = "articles") -> tuple[str, list[Any]]:
        ident(alias)
        fts_table, key, own = _FTS_TABLES[table]
        parts: list[str] = []
        params: list[Any] = []
        include = compile_tsquery(query.include) if query.include is not None else None
        exclude = search_terms.any_of(query.exclude, compile_tsquery)
        sub = f"SELECT {key} FROM {fts_table} WHERE doc @@ to_tsquery(?::regconfig, ?)"  # noqa: S608 - names from code
        if include is not None:
            parts.append(f"{alias}.{own} IN ({sub})")
            params += [_TS_CONFIG, include]
        if exclude is not None:
            parts.append(f"{alias}.{own} NOT IN ({sub})")
            params += [_TS_CONFIG, exclude]
        return (" AND ".join(parts) or "1=1"), params

    def rebuild_text_index(self, table: str) -> None:
        fts_table, key, _own = _FTS_TABLES[table]
        with self.transaction():
            self.execute(f"DELETE FROM {fts_table}")  # noqa: S608 - names from code
            self.execute(
                f"INSERT INTO {fts_table} ({key}, doc) SELECT {key}, to_tsvector(?::regconfig, newstrace_words(text)) FROM {table}",  # noqa: S608
                [_TS_CONFIG],
            )

    # -- bounded reads -------------------------------------------------------------------
    @contextmanager
    def time_budget(self, seconds: float) -> Iterator[None]:
        outer = self._budget
        self._budget = seconds if outer is None else min(outer, seconds)
        # Each statement inside may run this long (PostgreSQL cancels it: QueryTimeout).
        self.conn.execute(f"SET statement_timeout = {max(1, int(self._budget * 1000))}")
        try:
            yield
        finally:
            self._budget = outer
            if outer is None:
                self.conn.execute("RESET statement_timeout")
            else:
                self.conn.execute(f"SET statement_timeout = {max(1, int(outer * 1000))}")

    def change_token(self) -> str:
        # The write-ahead log position moves with every write to the cluster: a cache keyed
        # by it is dropped too often, never too rarely.
        try:
            r = self.conn.execute("SELECT pg_current_wal_lsn()::text AS lsn").fetchone()
        except self._psycopg.Error:
            return ""
        return str((r or {}).get("lsn") or "")

    def close(self) -> None:
        self.conn.close()


# Worker processes forked while a store is open (multiprocessing pools, supervised ingest
# children) inherit its socket. A child must neither use it nor keep it open: while a copy
# stays open the server cannot see the parent die (kill -9), and its transaction, with the
# write lock, would stay open. After a fork the child's copy of the descriptor is pointed
# at /dev/null, so libpq in the child writes nowhere (not even its goodbye).
_LIVE: weakref.WeakSet[PostgresStore] = weakref.WeakSet()


def _detach_after_fork() -> None:
    for store in list(_LIVE):
        with contextlib.suppress(Exception):
            fd = store.conn.pgconn.socket
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, fd)
            os.close(devnull)
        _LIVE.discard(store)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_detach_after_fork)


def ts_query(user_query: str) -> str:
    """What a user typed as the text of a ``to_tsquery``: every word a quoted lexeme (so
    tsquery operators in the input are only text), phrases joined by ``<->``, ``word*`` a
    prefix match, ``OR`` as ``|``, AND between the rest."""
    out: list[str] = []
    for t in search_terms.parse(user_query):
        if isinstance(t, str):
            out.append("|")
            continue
        words = [w for w in re.split(r"[^\w]+", t.text.lower()) if w]
        if not words:
            continue
        lexemes = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words]
        if t.prefix:
            lexemes[-1] += ":*"
        if out and out[-1] != "|":
            out.append("&")
        out.append("(" + " <-> ".join(lexemes) + ")")
    while out and out[-1] in ("|", "&"):
        out.pop()
    return " ".join(out)


# table -> (its full-text table, that table's key column, the key in the table itself)
_FTS_TABLES = {
    "articles": ("articles_fts", "article_id", "id"),
    "claim_statements": ("claim_statements_fts", "statement_key", "statement_key"),
}


def _lexemes(text: str, prefix: bool, column: str | None) -> str | None:
    words = [w for w in re.split(r"[^\w]+", text.lower()) if w and w != "_"]
    if not words:
        return None
    # Title words carry weight A (migrations_pg/0001_core.sql): "title:" asks for it.
    weight = "A" if column == "title" else ""
    lex = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" + (":" + weight if weight else "") for w in words]
    if prefix:
        lex[-1] = lex[-1].split(":")[0] + ":*" + weight
    return "(" + " <-> ".join(lex) + ")"


def compile_tsquery(node: Node) -> str:
    """A parsed query as the text of a ``to_tsquery``: every word a quoted lexeme, so
    nothing the user typed is tsquery syntax; operators and grouping from the tree."""
    if isinstance(node, Term | Phrase):
        out = _lexemes(node.text, isinstance(node, Term) and node.prefix, node.column)
        # A word of punctuation only matches nothing (as in FTS5).
        return out if out is not None else "('' <-> '')"
    if isinstance(node, Not):
        raise ValueError("a NOT outside an AND group cannot be compiled")
    if isinstance(node, Or):
        return "(" + " | ".join(compile_tsquery(c) for c in node.children) + ")"
    pos = [compile_tsquery(c) for c in node.children if not isinstance(c, Not)]
    neg = ["!" + compile_tsquery(c.child) for c in node.children if isinstance(c, Not)]
    return "(" + " & ".join(pos + neg) + ")"


def _adapt(conn: Any) -> None:
    """Python booleans go to the integer columns the migrations declare (as in SQLite).
    A NUL character, which PostgreSQL text cannot hold (SQLite can), is sent as U+FFFD:
    one character for one, so offsets into the text stay right. Ingest already drops
    control characters; this covers text written through the Store directly and search
    parameters (the web's no-match sentinels start with NUL)."""
    from psycopg.adapt import Dumper
    from psycopg.postgres import types
    from psycopg.types.string import StrDumperUnknown

    class BoolAsInt(Dumper):
        oid = types["int8"].oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class StrWithoutNul(StrDumperUnknown):
        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", "\ufffd") if "\x00" in obj else obj)

    conn.adapters.register_dumper(bool, BoolAsInt)
    conn.adapters.register_dumper(str, StrWithoutNul)


def open_postgres(url: str, *, create: bool = True, read_only: bool = False) -> Store:
    return PostgresStore(url, create=create, read_only=read_only)
