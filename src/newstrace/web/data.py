"""Read access for the web app and the report: filters, availability, caching.

Views read the store with portable SQL (``?`` placeholders, no engine-specific functions):
each query touches the rows one page needs, through indexes, never a whole table. What is
engine-specific (full-text matching, time budgets, change detection) is a ``Store`` method.
The query modules in ``web/queries/`` hold one view's SQL each.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from newstrace.pipeline import registry
from newstrace.store.base import Store
from newstrace.web.paging import BadParameter
from newstrace.web.summaries import outlet_key, technique_key

# The map and charts draw at most this many points; the tables page the rest.
MAX_POINTS = 5000

STAGE_OF = {
    "entities": "newstrace.entities.stage:EntitiesStage",
    "mentions": "newstrace.entities.stage:EntitiesStage",
    "claims": "newstrace.claims.stage:ClaimsStage",
    "events": "newstrace.events.stage:EventsStage",
    "reuse": "newstrace.reuse.stage:ReuseStage",
    "stories": "newstrace.reuse.stories:StoriesStage",
    "techniques": "newstrace.framing.stage:FramingStage",
    "roles": "newstrace.framing.stage:FramingStage",
}

CURATION_MODULE = "newstrace.entities.curation"
# An entity filter passes up to this many article ids as values (SQLite takes 32,766 values
# per statement; a query may repeat the filter twice).
MAX_INLINE_IDS = 12000
Record = dict[str, Any]
T = TypeVar("T")


@dataclass(slots=True)
class Filters:
    """Corpus filters that carry across pages through the query string."""

    outlet: str | None = None
    outlet_kind: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    technique: str | None = None  # articles using this persuasion technique (framing stage)

    KEYS = ("outlet", "outlet_kind", "country", "date_from", "date_to", "entity", "technique")

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Filters:
        def clean(key: str) -> str | None:
            value = " ".join((params.get(key) or "").split())
            return value[:200] or None

        f = cls(*(clean(k) for k in cls.KEYS))
        for key in ("date_from", "date_to"):
            value = getattr(f, key)
            if value and not _is_date_prefix(value):
                raise BadParameter(f"{key} must be a date: YYYY, YYYY-MM or YYYY-MM-DD (got {value!r}).")
        if f.technique and f.technique not in technique_names():
            raise BadParameter(
                f"technique must be one of the SemEval-2023 technique names, such as Loaded_Language "
                f"(got {f.technique!r}); the overview lists the ones found in this corpus."
            )
        return f

    def active(self) -> bool:
        return any(self.params().values())

    def params(self) -> dict[str, str]:
        return {k: v for k in self.KEYS if (v := getattr(self, k))}

    def query(self, **extra: Any) -> str:
        """The query string for a link: these filters plus ``extra`` (None drops a key)."""
        params: dict[str, Any] = dict(self.params())
        for k, v in extra.items():
            if v is None or v == "":
                params.pop(k, None)
            else:
                params[k] = v
        return urlencode(params)


def technique_names() -> tuple[str, ...]:
    """The persuasion-technique names a filter may name (the framing stage's label set)."""
    from newstrace.framing import labels

    return labels.techniques()


def _is_date_prefix(value: str) -> bool:
    parts = value.split("-")
    return (
        1 <= len(parts) <= 3
        and all(p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and all(len(p) == 2 for p in parts[1:])
    )


# Results of aggregate queries over the whole corpus (facet counts, totals) are kept per
# process until the data changes (``Store.change_token``): a busy page costs its SQL once.
_MEMO: OrderedDict[tuple[str, ...], Any] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_MEMO_SIZE = 512
# Larger values (one entity's article list: up to its article count) in a smaller cache.
_LARGE: OrderedDict[tuple[str, ...], Any] = OrderedDict()
_LARGE_SIZE = 32
# The few corpus-wide values the server computes before it listens (web.warm), kept until the
# data changes whatever else is asked: in the LRU above, a few hundred other pages pushed
# them out and the next unfiltered claims view paid its 0.5 s of counting again.
_PINNED: dict[tuple[str, ...], Any] = {}


@dataclass
class WebData:
    """Read access for one request (or one report build) over an open store."""

    store: Store
    db: str = ""
    _token: str | None = field(default=None, repr=False)
    _entity_ids: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # -- availability ---------------------------------------------------------------------
    def available(self, what: str) -> bool:
        """Whether the stage producing ``what`` is in this build."""
        ref = STAGE_OF.get(what) or registry.EXPORTS.get(what)
        return ref is not None and registry.available(ref)

    def curation_available(self) -> bool:
        return registry.available(f"{CURATION_MODULE}:merge")

    # -- caching --------------------------------------------------------------------------
    def memo(self, key: Sequence[str], compute: Callable[[], T], *, large: bool = False, pinned: bool = False) -> T:
        """``compute()``, remembered for this database until its data changes (``large``:
        in the small cache of big values; ``pinned``: never pushed out by other values, for
        the few corpus-wide ones)."""
        if self._token is None:
            self._token = self.store.change_token()
        if not self._token:
            return compute()
        full = (self.db, self._token, *key)
        if pinned:
            with _MEMO_LOCK:
                if full in _PINNED:
                    return _PINNED[full]
            value = compute()
            with _MEMO_LOCK:
                for old in [k for k in _PINNED if k[0] == self.db and k[1] != self._token]:
                    del _PINNED[old]  # an older version of this database's data
                _PINNED[full] = value
            return value
        cache, size = (_LARGE, _LARGE_SIZE) if large else (_MEMO, _MEMO_SIZE)
        with _MEMO_LOCK:
            if full in cache:
                cache.move_to_end(full)
                return cache[full]
        value = compute()
        with _MEMO_LOCK:
            cache[full] = value
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    # -- filters ------------------------------------------------------------------------------
    def entity_ids(self, ref: str) -> list[str]:
        """The current entity ids an entity filter names: an id (a merged-away one leads to
        its survivor) or a name or alias, as typed."""
        if ref in self._entity_ids:
            return self._entity_ids[ref]
        from newstrace.entities.curation import resolve_id
        from newstrace.entities.names import normalise_name

        if self.store.query("SELECT id FROM entities WHERE id = ?", [ref]):
            ids = [ref]
        else:
            target = resolve_id(self.store, ref)
            ids = [target] if target else []
        if not ids:
            ids = [
                r["entity_id"]
                for r in self.store.query(
                    "SELECT n.entity_id FROM entity_names n JOIN entities e ON e.id = n.entity_id "
                    "WHERE n.name_key = ? ORDER BY e.mention_count DESC LIMIT 20",
                    [normalise_name(ref)],
                )
            ]
        self._entity_ids[ref] = ids
        return ids

    def entity_summary(self, f: Filters) -> tuple[str, dict[str, Any]] | None:
        """(summary key, overview values) when ``f`` filters by one entity alone (or one
        outlet alone) and its pages are precomputed (web.summaries: the key's
        ``entity_statements``, ``entity_claim_facets`` and ``entity_summaries`` rows); None
        otherwise."""
        keys = set(f.params())
        if f.entity and keys == {"entity"}:
            ids = self.entity_ids(f.entity)
            if len(ids) != 1:
                return None
            key = ids[0]
        elif f.outlet and keys == {"outlet"}:
            key = outlet_key(f.outlet)
        elif f.technique and keys == {"technique"}:
            key = technique_key(f.technique)
        else:
            return None

        def compute() -> dict[str, Any] | None:
            rows = self.store.query("SELECT overview_json FROM entity_summaries WHERE entity_id = ?", [key])
            return json.loads(rows[0]["overview_json"]) if rows else None

        overview = self.memo(("entity-summary", key), compute, large=True)
        return None if overview is None else (key, overview)

    def article_condition(self, f: Filters, alias: str = "a", id_column: str = "id") -> tuple[str, list[Any]]:
        """The filters as an SQL condition on ``articles`` under ``alias`` (or on a table
        with the same ``outlet``, ``outlet_id`` and ``published`` columns whose article id
        is ``id_column``, such as ``claim_index``)."""
        conds: list[str] = []
        params: list[Any] = []
        if f.outlet:
            conds.append(f"{alias}.outlet = ?")
            params.append(f.outlet)
        for column, value in (("kind", f.outlet_kind), ("country", f.country)):
            if value:
                # The outlet registry's kind / country (newstrace.outlets, table outlets).
                conds.append(f"{alias}.outlet_id IN (SELECT id FROM outlets WHERE {column} = ?)")  # noqa: S608
                params.append(value)
        if f.date_from:
            conds.append(f"{alias}.published >= ?")
            params.append(f.date_from)
        if f.date_to:
            # A day, a month or a year: everything that starts with it is still in range.
            conds.append(f"{alias}.published <= ? AND {alias}.published != ''")
            params.append(f.date_to + "\uffff")
        if f.entity:
            ids = self.entity_ids(f.entity) or ["\x00no such entity"]
            articles = self.entity_article_ids(ids)
            if articles is not None:
                # The entity's articles as values (read once per entity and kept): every
                # count and list of a filtered page then reads them by key, instead of each
                # going through all the entity's mentions again.
                conds.append(f"{alias}.{id_column} IN ({', '.join('?' for _ in articles)})")
                params.extend(articles)
            else:
                marks = ", ".join("?" for _ in ids)
                conds.append(f"{alias}.{id_column} IN (SELECT article_id FROM article_entities WHERE entity_id IN ({marks}))")  # noqa: S608
                params.extend(ids)
        if f.technique:
            conds.append(f"{alias}.{id_column} IN (SELECT article_id FROM techniques WHERE technique = ?)")  # noqa: S608
            params.append(f.technique)
        return (" AND ".join(conds) or "1=1"), params

    def entity_article_ids(self, ids: Sequence[str]) -> list[str] | None:
        """The articles mentioning any of ``ids`` (sorted), or None when there are more than
        ``MAX_INLINE_IDS`` (a query then reads them from the mentions itself)."""
        from newstrace.web.queries.entities import entity_articles

        found: set[str] = set()
        for i in ids:
            if i.startswith("\x00"):
                continue
            found.update(entity_articles(self, i).ids)
            if len(found) > MAX_INLINE_IDS:
                return None
        return sorted(found) or ["\x00no such article"]

    # -- shared lookups ---------------------------------------------------------------------
    def outlets(self) -> list[str]:
        def compute() -> list[str]:
            rows = self.store.query("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
            return [r["outlet"] for r in rows]

        return self.memo(("outlets",), compute)

    def outlet_facets(self) -> dict[str, list[str]]:
        """The outlet kinds and countries of the outlets articles point at (filter choices)."""

        def compute() -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for column in ("kind", "country"):
                rows = self.store.query(
                    f"SELECT DISTINCT o.{column} AS v FROM outlets o WHERE o.{column} IS NOT NULL "  # noqa: S608
                    f"AND o.id IN (SELECT outlet_id FROM articles) ORDER BY o.{column}"
                )
                out[column] = [r["v"] for r in rows]
            return out

        return self.memo(("outlet-facets",), compute)

    def techniques_found(self) -> list[str]:
        """The techniques the framing stage marked somewhere in this corpus (filter choices)."""
        if not self.available("techniques"):
            return []
        return self.memo(
            ("techniques-found",),
            lambda: [r["technique"] for r in self.store.query("SELECT DISTINCT technique FROM techniques ORDER BY technique")],
        )

    def outlet_meta(self) -> dict[str, tuple[str | None, str | None]]:
        """outlet id -> (kind, country) from the outlets table."""
        return self.memo(
            ("outlet-meta",),
            lambda: {r["id"]: (r["kind"], r["country"]) for r in self.store.query("SELECT id, kind, country FROM outlets")},
        )

    def outlet_kinds(self) -> dict[str, str]:
        """outlet id -> kind, for the outlets that have one."""
        return {k: kind for k, (kind, _country) in self.outlet_meta().items() if kind}

    def _rows_for_ids(self, ids: Sequence[str | None], sql: Callable[[str], str], lists: int = 1) -> Iterator[Record]:
        """The rows of ``sql(marks)`` for the distinct ids given, 500 ids per query (SQL
        parameter limits); ``lists``: how many ``IN (marks)`` lists the query has."""
        wanted = sorted({i for i in ids if i})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            yield from self.store.query(sql(", ".join("?" for _ in chunk)), chunk * lists)

    def article_meta(self, ids: Sequence[str | None]) -> dict[str, Record]:
        """id -> {id, title, outlet, published, source, url} for naming articles in links."""
        rows = self._rows_for_ids(
            ids, lambda marks: f"SELECT id, title, outlet, published, source, url FROM articles WHERE id IN ({marks})"  # noqa: S608
        )
        return {r["id"]: r for r in rows}

    def entity_names(self, ids: Sequence[str | None]) -> dict[str, str]:
        """id -> name for current ids; a merged-away id gets its survivor's name."""
        rows = self._rows_for_ids(
            ids,
            lambda marks: (
                f"SELECT id, name FROM entities WHERE id IN ({marks}) "  # noqa: S608
                f"UNION ALL SELECT r.from_id AS id, e.name AS name FROM entity_redirects r "
                f"JOIN entities e ON e.id = r.to_id WHERE r.from_id IN ({marks})"
            ),
            lists=2,
        )
        return {r["id"]: r["name"] for r in rows}

    def canonical(self, ids: Sequence[str | None]) -> dict[str, str]:
        """id -> surviving id, for the ids given that were folded into another."""
        rows = self._rows_for_ids(ids, lambda marks: f"SELECT from_id, to_id FROM entity_redirects WHERE from_id IN ({marks})")  # noqa: S608
        return {r["from_id"]: r["to_id"] for r in rows}


def curation_function(action: str) -> Callable[..., Any]:
    fn: Callable[..., Any] = registry.load(f"{CURATION_MODULE}:{action}")
    return fn
