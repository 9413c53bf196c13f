"""The storage interface every stage talks to.

Stages never write SQL for a particular engine: they call the methods below. A backend
implements a handful of primitives (``execute``, ``query``, ``transaction``, ``search``)
and inherits everything else. SQL here uses ``?`` placeholders; backends translate them.
Every statement is parameterised: article text never reaches SQL as code.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from newstrace import schema
from newstrace.records import Article

if TYPE_CHECKING:
    from newstrace.search.syntax import Query

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def ident(name: str) -> str:
    """Table and column names come from code, never from input; check anyway."""
    if not _IDENT.match(name):
        raise ValueError(f"not a valid SQL identifier: {name!r}")
    return name


def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """``column IN (?, ...)`` and its parameters; false for no values (``IN ()`` is not SQL)."""
    if not values:
        return "1=0", []
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


# ORDER BY of each ``Store.search`` order (articles aliased ``a``, the hit's score as ``rank``).
SEARCH_ORDER = {
    "rank": "rank, a.id",
    "newest": "COALESCE(a.published, '') DESC, a.id",
    "oldest": "a.published IS NULL, a.published, a.id",
}
# What a read stopped by ``Store.time_budget`` tells the user.
TIMEOUT_MESSAGE = (
    "this request needs more time than it is given; narrow it (more words, a filter, "
    "a shorter date range) and try again."
)


def search_order(order: str, *, ranked: bool = True) -> str:
    """The ORDER BY clause of a search order; without a ranking (nothing to include)
    ``rank`` lists the newest first."""
    if order not in SEARCH_ORDER:
        raise ValueError(f"unknown search order {order!r}: use one of {', '.join(SEARCH_ORDER)}")
    return SEARCH_ORDER["newest" if order == "rank" and not ranked else order]


@dataclass(slots=True)
class SearchHit:
    article_id: str
    title: str | None
    snippet: str
    rank: float


# The articles table's columns and row mapping come from the Article record (newstrace.schema).
ARTICLE_COLUMNS = tuple(schema.columns(Article))


def article_to_row(a: Article) -> dict[str, Any]:
    return schema.to_row(a)


# Articles are read with the framing stage's per-article labels (migration 0012): the
# articles row stays as ingest wrote it, genre and frames come from article_framing.
_ARTICLE_SELECT = (
    "SELECT a.*, f.genre AS framing_genre, f.frames_json AS framing_frames_json "
    "FROM articles a LEFT JOIN article_framing f ON f.article_id = a.id"
)


def row_to_article(r: dict[str, Any]) -> Article:
    # The framing stage's labels, when it wrote any, stand for the row's own.
    if r.get("framing_genre") or r.get("framing_frames_json"):
        r = {
            **r,
            "genre": r.get("framing_genre") or r.get("genre"),
            "frames_json": r.get("framing_frames_json") or r.get("frames_json"),
        }
    article: Article = schema.from_row(Article, r)
    return article


class Store(ABC):
    """Documents, articles, per-article stage outputs and corpus-level tables."""

    #: SQL dialect of the backend ("sqlite" or "postgresql").
    dialect: str
    #: Tables with a full-text index (``match_condition``, ``rebuild_text_index``).
    TEXT_INDEXED: tuple[str, ...] = ()

    # -- primitives a backend implements -------------------------------------------
    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    @abstractmethod
    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of a query as an iterator that holds only a batch in memory (exports
        and copies of tables larger than memory). Other statements may run while it is
        being read."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    @abstractmethod
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
        """Full-text search over title and text; returns (total hits, one page of hits).

        ``query``: a parsed ``search.syntax.Query``, or a plain string: what the user typed
        is never query syntax then (words, "a phrase", prefix* and OR). ``where``: an extra
        portable SQL condition on the articles table, aliased ``a``, with its parameters.
        ``order``: ``rank``, ``newest`` or ``oldest``. A query with nothing to include lists
        the articles it does not exclude. ``snippets=False``: hits without a snippet (''),
        for callers that only need ids in rank order (making snippets reads every hit's
        text). Raises ``errors.BadSearch`` when the engine still cannot run it."""

    def match_condition(self, query: Query, alias: str = "a", table: str = "articles") -> tuple[str, list[Any]]:
        """A SQL condition on ``table`` (as ``alias``) true for the rows ``query`` matches,
        to combine with portable SQL (facet counts over a result set). Tables with a
        full-text index: ``articles`` (title, text), ``claim_statements`` (text)."""
        raise NotImplementedError(f"{type(self).__name__} has no full-text search")

    def rebuild_text_index(self, table: str) -> None:
        """Re-index a table a corpus stage has just rewritten (``claim_statements``)."""
        return None

    @contextmanager
    def time_budget(self, seconds: float) -> Iterator[None]:
        """Reads inside the block raise ``errors.QueryTimeout`` once ``seconds`` have passed
        (backends that can interrupt a statement; others run unbounded)."""
        yield

    def change_token(self) -> str:
        """A value that changes whenever the stored data may have changed, so readers can
        cache results per value ("" = unknown: do not cache)."""
        return ""

    def flush_search_index(self) -> int:
        """Bring the full-text index up to date with the stored articles (backends that
        index lazily); returns how many articles were indexed."""
        return 0

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def table_exists(self, name: str) -> bool:
        """Whether the schema holds a table of this name (a stage that reads another
        stage's table checks it is part of this build)."""

    # The backend's column types for scratch tables' portable ones.
    SCRATCH_TYPES: ClassVar[dict[str, str]] = {}

    def scratch_table(self, name: str, columns: dict[str, str], primary_key: str) -> None:
        """Create (or empty) a table private to this connection and dropped when it
        closes, for working sets too large for one ``IN (...)`` list. ``columns`` maps
        names to the portable types ``int`` (64-bit), ``real``, ``text`` or ``bytes``."""
        cols = ", ".join(
            f"{ident(c)} {self.SCRATCH_TYPES[t]}" + (" PRIMARY KEY" if c == primary_key else "")
            for c, t in columns.items()
        )
        self.execute(f"CREATE TEMP TABLE IF NOT EXISTS {ident(name)} ({cols})")
        self.execute(f"DELETE FROM {ident(name)}")  # noqa: S608 - identifier checked

    def tune_for_bulk(self) -> None:
        """Settle this connection for a stage that reads and writes large tables in bulk
        (a bigger page cache, ...). Backends with nothing to tune do nothing."""
        return None

    def defer_checkpoint(self) -> None:
        """Leave copying this connection's committed writes into the main database file to a
        later ``checkpoint`` (SQLite's write-ahead log), so a large interactive write answers
        first. Backends with nothing to defer do nothing."""
        return None

    def checkpoint(self) -> None:
        """Copy the committed writes into the main database file now (after a
        ``defer_checkpoint``); automatic again afterwards. Nothing to do elsewhere."""
        return None

    @abstractmethod
    def close(self) -> None: ...

    # -- generic table helpers (names are checked identifiers) ------------------------
    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = list(rows[0])
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - identifiers checked
            ident(table), ", ".join(ident(c) for c in cols), ", ".join("?" for _ in cols)
        )
        self.executemany(sql, [[r[c] for c in cols] for r in rows])

    def delete_rows(self, table: str, **where: Any) -> None:
        clause, params = self._where(where)
        self.execute(f"DELETE FROM {ident(table)}{clause}", params)  # noqa: S608

    def rows(
        self, table: str, *, order_by: str | None = None, limit: int | None = None, offset: int = 0, **where: Any
    ) -> list[dict[str, Any]]:
        clause, params = self._where(where)
        sql = f"SELECT * FROM {ident(table)}{clause}"  # noqa: S608
        if order_by:
            sql += " ORDER BY " + ", ".join(ident(c.strip()) for c in order_by.split(","))
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return self.query(sql, params)

    def iter_rows(self, table: str, *, order_by: str) -> Iterator[dict[str, Any]]:
        """Every row of a table in a stable order, streamed (exports read tables larger
        than memory; one query, so the cost stays linear in the table's size)."""
        order = ", ".join(ident(c.strip()) for c in order_by.split(","))
        yield from self.stream(f"SELECT * FROM {ident(table)} ORDER BY {order}")  # noqa: S608

    @abstractmethod
    def tables(self) -> list[str]:
        """The tables holding newstrace data (not the backend's own bookkeeping such as
        ``schema_migrations`` or its full-text index), sorted."""

    def after_bulk_copy(self) -> None:
        """Called after rows were copied in with their keys (``newstrace migrate``):
        backends that number rows themselves move their counters past the copied keys."""
        return None

    def count(self, table: str, **where: Any) -> int:
        clause, params = self._where(where)
        return int(self.query(f"SELECT COUNT(*) AS n FROM {ident(table)}{clause}", params)[0]["n"])  # noqa: S608

    @staticmethod
    def _where(where: dict[str, Any], prefix: str = "") -> tuple[str, list[Any]]:
        if not where:
            return "", []
        parts, params = [], []
        for k, v in where.items():
            if v is None:
                parts.append(f"{prefix}{ident(k)} IS NULL")
            else:
                parts.append(f"{prefix}{ident(k)} = ?")
                params.append(v)
        return " WHERE " + " AND ".join(parts), params

    # -- documents and articles --------------------------------------------------------
    def document_hash(self, source: str) -> str | None:
        r = self.query("SELECT content_hash FROM documents WHERE source = ?", [source])
        return r[0]["content_hash"] if r else None

    def replace_document(
        self, source: str, content_hash: str, input_path: str, articles: Sequence[Article]
    ) -> None:
        """Store one document's articles atomically, replacing an older version."""
        with self.transaction():
            self._delete_document(source)
            self.execute(
                "INSERT INTO documents (source, content_hash, input_path, article_count) VALUES (?, ?, ?, ?)",
                [source, content_hash, input_path, len(articles)],
            )
            self.insert_rows("articles", [article_to_row(a) for a in articles])

    def _delete_document(self, source: str) -> None:
        if not self.query("SELECT 1 FROM documents WHERE source = ?", [source]):
            return  # a new document: nothing to delete (the common case of a first run)
        ids = [r["id"] for r in self.query("SELECT id FROM articles WHERE source = ?", [source])]
        for aid in ids:
            self.delete_article_outputs(aid)
        self.execute("DELETE FROM articles WHERE source = ?", [source])
        self.execute("DELETE FROM documents WHERE source = ?", [source])

    def update_article(self, article: Article) -> None:
        """Rewrite one article (e.g. after corpus-level cleaning); its stage outputs go stale."""
        row = article_to_row(article)
        cols = [c for c in ARTICLE_COLUMNS if c != "id"]
        with self.transaction():
            self.delete_article_outputs(article.id)
            self.execute(
                "UPDATE articles SET {} WHERE id = ?".format(", ".join(f"{c} = ?" for c in cols)),  # noqa: S608
                [*[row[c] for c in cols], article.id],
            )

    def delete_article_outputs(self, article_id: str) -> None:
        """Remove everything per-article stages stored for this article."""
        for table in self.per_article_tables():
            self.execute(f"DELETE FROM {ident(table)} WHERE article_id = ?", [article_id])  # noqa: S608
        self.execute("DELETE FROM stage_runs WHERE article_id = ?", [article_id])

    def per_article_tables(self) -> list[str]:
        """Tables holding per-article stage output: any table with an ``article_id`` column
        listed in ``stage_tables`` by its migration. Migrations run when the store opens, so
        the list is read once (it is needed for every replaced article)."""
        names: list[str] | None = getattr(self, "_stage_table_names", None)
        if names is None:
            names = [r["name"] for r in self.query("SELECT name FROM stage_tables ORDER BY name")]
            self._stage_table_names = names
        return names

    def get_article(self, article_id: str) -> Article | None:
        r = self.query(f"{_ARTICLE_SELECT} WHERE a.id = ?", [article_id])  # noqa: S608
        return row_to_article(r[0]) if r else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles among ``article_ids``, in that order, read in one query."""
        if not article_ids:
            return []
        cond, params = in_list("a.id", article_ids)
        rows = self.query(f"{_ARTICLE_SELECT} WHERE {cond}", params)  # noqa: S608
        found = {r["id"]: r for r in rows}
        return [row_to_article(found[a]) for a in article_ids if a in found]

    def iter_articles(self, batch: int = 500, **where: Any) -> Iterator[Article]:
        """All articles in a stable order (source, part), fetched in pages to bound memory."""
        clause, params = self._where(where, prefix="a.")
        last: tuple[str, int] = ("", -1)
        while True:
            extra = " AND " if clause else " WHERE "
            sql = (
                f"{_ARTICLE_SELECT}{clause}{extra}(a.source > ? OR (a.source = ? AND a.part > ?)) "  # noqa: S608
                "ORDER BY a.source, a.part LIMIT ?"
            )
            page = self.query(sql, [*params, last[0], last[0], last[1], batch])
            if not page:
                return
            for r in page:
                yield row_to_article(r)
            last = (page[-1]["source"], int(page[-1]["part"]))

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self.query("SELECT id FROM articles ORDER BY source, part")]

    # -- stage bookkeeping ---------------------------------------------------------------
    def stage_done(self, article_id: str, stage: str, version: str) -> None:
        self.execute("DELETE FROM stage_runs WHERE article_id = ? AND stage = ?", [article_id, stage])
        self.execute(
            "INSERT INTO stage_runs (article_id, stage, version) VALUES (?, ?, ?)",
            [article_id, stage, version],
        )

    def articles_pending(self, stage: str, version: str) -> list[str]:
        """Ids of articles the stage has not processed at this version."""
        rows = self.query(
            "SELECT a.id FROM articles a LEFT JOIN stage_runs s "
            "ON s.article_id = a.id AND s.stage = ? AND s.version = ? "
            "WHERE s.article_id IS NULL ORDER BY a.source, a.part",
            [stage, version],
        )
        return [r["id"] for r in rows]

    # -- key/value state for corpus stages --------------------------------------------------
    def get_state(self, key: str) -> Any:
        r = self.query("SELECT value FROM corpus_state WHERE key = ?", [key])
        return json.loads(r[0]["value"]) if r else None

    def set_state(self, key: str, value: Any) -> None:
        self.execute("DELETE FROM corpus_state WHERE key = ?", [key])
        self.execute("INSERT INTO corpus_state (key, value) VALUES (?, ?)", [key, json.dumps(value)])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
