"""The one place the web app and the report read analysis results from.

Articles, search and corpus metadata come from the store directly. Everything a stage
produces (entities, mentions, claims, events, reuse, stories, techniques, roles) is read
through the registered export functions (``registry.EXPORTS``), so the views show exactly
the INTERFACE.md records and a stage that is not in this build is reported as absent,
never faked. Exports stream; views filter and page the stream so no page holds more than
``MAX_PAGE`` records.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from newstrace.pipeline import registry
from newstrace.records import Article
from newstrace.store.base import SearchHit, Store

MAX_PAGE = 200
DEFAULT_PAGE = 50
# The map and charts draw at most this many points/rows; the tables page the rest.
MAX_POINTS = 2000
# Up to this many articles, an export's optional ``for_articles`` hook is used (see select).
FAST_PATH_MAX = 1000

STAGE_OF = {
    "entities": "entities",
    "mentions": "entities",
    "claims": "claims",
    "events": "events",
    "reuse": "reuse",
    "stories": "reuse",
    "techniques": "framing",
    "roles": "framing",
}

CURATION_MODULE = "newstrace.entities.curation"
CURATION_ACTIONS = ("merge", "split", "rename", "add_alias")

Record = dict[str, Any]


class BadQuery(ValueError):
    """A search the engine could not parse."""


@dataclass(slots=True)
class Filters:
    """Corpus filters that carry across pages through the query string."""

    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Filters:
        def clean(key: str) -> str | None:
            value = (params.get(key) or "").strip()
            return value[:200] or None

        return cls(clean("outlet"), clean("date_from"), clean("date_to"), clean("entity"))

    def active(self) -> bool:
        return any((self.outlet, self.date_from, self.date_to, self.entity))

    def params(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("outlet", self.outlet),
                ("date_from", self.date_from),
                ("date_to", self.date_to),
                ("entity", self.entity),
            )
            if v
        }

    def query(self, **extra: Any) -> str:
        """The query string for a link: these filters plus ``extra`` (None drops a key)."""
        params: dict[str, Any] = dict(self.params())
        for k, v in extra.items():
            if v is None or v == "":
                params.pop(k, None)
            else:
                params[k] = v
        return urlencode(params)


@dataclass(slots=True)
class Page:
    items: list[Any]
    total: int
    offset: int
    limit: int

    @property
    def has_prev(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def prev_offset(self) -> int:
        return max(0, self.offset - self.limit)

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


def clamp_page(offset: int | None, limit: int | None) -> tuple[int, int]:
    off = max(0, int(offset or 0))
    lim = int(limit or DEFAULT_PAGE)
    return off, min(max(1, lim), MAX_PAGE)


def take_page(records: Iterable[Any], offset: int, limit: int) -> Page:
    """One page of a stream, counting the rest without keeping it."""
    items: list[Any] = []
    total = 0
    for r in records:
        if offset <= total < offset + limit:
            items.append(r)
        total += 1
    return Page(items, total, offset, limit)


@dataclass
class WebData:
    """Read access for one request (or one report build) over an open store."""

    store: Store
    _cache: dict[str, list[Record]] = field(default_factory=dict)

    # -- stage records ---------------------------------------------------------------
    def available(self, what: str) -> bool:
        ref = registry.EXPORTS.get(what)
        return ref is not None and registry.available(ref)

    def records(self, what: str) -> Iterator[Record]:
        """All records of one export kind (nothing if its stage is not in this build)."""
        if what in self._cache:
            yield from self._cache[what]
            return
        if not self.available(what):
            return
        yield from registry.load(registry.EXPORTS[what])(self.store)

    def cached(self, what: str) -> list[Record]:
        """Records kept for the rest of this request, for views that look them up often
        (entity names, stories). Bounded by the size of that one export."""
        if what not in self._cache:
            self._cache[what] = list(self.records(what))
        return self._cache[what]

    def select(
        self, what: str, where: Callable[[Record], bool] | None = None, articles: set[str] | None = None
    ) -> Iterator[Record]:
        """Records of one kind, optionally only those of some articles and matching ``where``.

        An export function may offer ``fn.for_articles(store, article_ids)`` (the same records,
        only those touching these articles); then a page about one article reads just its
        records instead of scanning the whole export.
        """
        source: Iterable[Record] = ()
        fast = None
        if articles is not None and what not in self._cache and self.available(what):
            fast = getattr(registry.load(registry.EXPORTS[what]), "for_articles", None)
        if fast is not None and articles is not None and len(articles) <= FAST_PATH_MAX:
            source = fast(self.store, sorted(articles))
        else:
            source = self.records(what)
        for r in source:
            if articles is not None and not _touches(r, articles):
                continue
            if where is None or where(r):
                yield r

    # -- filters ---------------------------------------------------------------------
    def article_filter(self, f: Filters) -> set[str] | None:
        """Ids of the articles the filters allow (None: no filter, all articles)."""
        if not f.active():
            return None
        sql = "SELECT id FROM articles WHERE 1=1"
        params: list[Any] = []
        if f.outlet:
            sql += " AND outlet = ?"
            params.append(f.outlet)
        if f.date_from:
            sql += " AND published >= ?"
            params.append(f.date_from)
        if f.date_to:
            # A day, a month or a year: everything that starts with it is still in range.
            sql += " AND published <= ?"
            params.append(f.date_to + "\uffff")
        ids = {r["id"] for r in self.store.query(sql, params)}
        if f.entity:
            # An entity id, or a name typed into the filter box.
            wanted = {f.entity} | {
                e["id"] for e in self.cached("entities") if e["name"].lower() == f.entity.lower()
            }
            ids &= {m["article_id"] for m in self.select("mentions", lambda m: m["entity_id"] in wanted)}
        return ids

    # -- articles ----------------------------------------------------------------------
    def outlets(self) -> list[str]:
        rows = self.store.query(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
        )
        return [r["outlet"] for r in rows]

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def article_titles(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """id -> {title, outlet, published, source} for labelling links."""
        wanted = sorted(set(ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self.store.query(
                f"SELECT id, title, outlet, published, source, url FROM articles WHERE id IN ({marks})",  # noqa: S608 - placeholders only
                chunk,
            ):
                out[r["id"]] = r
        return out

    def list_articles(self, f: Filters, offset: int, limit: int) -> Page:
        allowed = self.article_filter(f)
        sql = "SELECT id, title, outlet, published, source, url, length(text) AS chars FROM articles"
        params: list[Any] = []
        if allowed is not None:
            sql += " WHERE id IN (SELECT value FROM json_each(?))"
            import json

            params.append(json.dumps(sorted(allowed)))
        total = int(self.store.query(f"SELECT COUNT(*) AS n FROM ({sql}) t", params)[0]["n"])  # noqa: S608
        rows = self.store.query(
            sql + " ORDER BY published IS NULL, published DESC, source, part LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return Page(rows, total, offset, limit)

    def search(self, q: str, f: Filters, offset: int, limit: int) -> tuple[int, list[SearchHit]]:
        """One page of full-text hits. Raises ``BadQuery`` when the engine cannot parse it."""
        allowed = self.article_filter(f)
        # Control characters (NUL above all) break FTS5's query parser; they mean nothing here.
        q = "".join(ch if ch.isprintable() else " " for ch in q).strip()
        try:
            return self.store.search(
                q, limit=limit, offset=offset, article_ids=sorted(allowed) if allowed is not None else None
            )
        except sqlite3.OperationalError as e:
            raise BadQuery(f"cannot search for {q!r} ({e}). Use plain words, \"a phrase\" or prefix*.") from e

    def iter_search(self, q: str, f: Filters, batch: int = 500) -> Iterator[SearchHit]:
        """Every hit of a search, fetched page by page (for exporting the result set)."""
        offset = 0
        while True:
            _total, hits = self.search(q, f, offset, batch)
            yield from hits
            if len(hits) < batch:
                return
            offset += batch

    # -- overview ------------------------------------------------------------------------
    def corpus_counts(self, allowed: set[str] | None) -> dict[str, int | None]:
        """Record counts per kind; None for a kind whose stage is absent."""
        counts: dict[str, int | None] = {}
        if allowed is None:
            counts["articles"] = self.store.count("articles")
            counts["documents"] = self.store.count("documents")
        else:
            counts["articles"] = len(allowed)
        counts["outlets"] = len(self.outlets())
        for what in ("entities", "claims", "events", "reuse", "stories"):
            if not self.available(what):
                counts[what] = None
            elif what == "entities" and allowed is not None:
                counts[what] = len({m["entity_id"] for m in self.select("mentions", articles=allowed)})
            else:
                counts[what] = sum(1 for _ in self.select(what, articles=allowed))
        return counts

    def articles_per_month(self, allowed: set[str] | None) -> dict[str, Counter[str]]:
        """outlet -> month (YYYY-MM) -> article count, for dated articles."""
        series: dict[str, Counter[str]] = defaultdict(Counter)
        rows = self.store.query(
            "SELECT id, outlet, substr(published, 1, 7) AS month FROM articles "
            "WHERE published IS NOT NULL AND length(published) >= 7"
        )
        for r in rows:
            if allowed is None or r["id"] in allowed:
                series[r["outlet"] or "(unknown outlet)"][r["month"]] += 1
        return dict(series)

    def top_entities(self, allowed: set[str] | None, n: int = 10) -> list[Record]:
        if not self.available("entities"):
            return []
        if allowed is None:
            ents = sorted(self.cached("entities"), key=lambda e: (-int(e.get("mention_count") or 0), e["name"]))
            return ents[:n]
        counts = Counter(m["entity_id"] for m in self.select("mentions", articles=allowed))
        names = {e["id"]: e for e in self.cached("entities") if e["id"] in counts}
        top = [dict(names[i], mention_count=c) for i, c in counts.most_common() if i in names]
        return top[:n]

    def top_stories(self, allowed: set[str] | None, n: int = 10) -> list[Record]:
        stories = list(self.select("stories", articles=allowed))
        stories.sort(key=lambda s: (-len(s.get("article_ids") or []), s.get("first_published") or ""))
        return stories[:n]

    def latest_events(self, allowed: set[str] | None, n: int = 10) -> list[Record]:
        events = [e for e in self.select("events", articles=allowed) if e.get("date")]
        events.sort(key=lambda e: e["date"], reverse=True)
        return events[:n]

    # -- entities --------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Record | None:
        for e in self.cached("entities"):
            if e["id"] == entity_id:
                return e
        return None

    def entity_names(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        if not wanted:
            return {}
        return {e["id"]: e["name"] for e in self.cached("entities") if e["id"] in wanted}

    def co_occurring(self, entity_id: str, articles: set[str], n: int = 15) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        for m in self.select("mentions", articles=articles):
            key = (m["entity_id"], m["article_id"])
            if m["entity_id"] != entity_id and key not in seen:
                seen.add(key)
                counts[m["entity_id"]] += 1
        return counts.most_common(n)

    # -- curation --------------------------------------------------------------------------
    def curation_available(self) -> bool:
        return registry.available(f"{CURATION_MODULE}:merge")


def curation_function(action: str) -> Callable[..., Any]:
    if action not in CURATION_ACTIONS:
        raise ValueError(f"unknown curation action {action!r}")
    fn: Callable[..., Any] = registry.load(f"{CURATION_MODULE}:{action}")
    return fn


def _touches(record: Record, articles: set[str]) -> bool:
    """Does a record belong to (one of) the allowed articles?"""
    if "article_id" in record:
        return record["article_id"] in articles
    if "article_a" in record:
        return record["article_a"] in articles or record["article_b"] in articles
    if "article_ids" in record:
        return any(a in articles for a in record["article_ids"] or [])
    return True
