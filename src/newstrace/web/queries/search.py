"""Article search: the parsed query, expanded with entity aliases, its hits and facets."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from newstrace.entities.names import normalise_name
from newstrace.search.syntax import And, Node, Not, Or, Phrase, Query, Term, parse
from newstrace.store.base import SearchHit, in_list
from newstrace.web.data import Filters, Record, WebData

SORTS = ("rank", "newest", "oldest")
MAX_OFFSET = 10_000  # deeper than this, narrow the search (or export it)
MAX_ALIASES = 12  # names one word may stand for
FACET_SIZE = 15
SAMPLE_HITS = 1000  # entity and event-type facets count over at most this many best hits


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from importlib.resources import files

    text = (files("newstrace.data") / "english_function_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def expand_aliases(data: WebData, query: Query, *, prune: bool = True) -> Query:
    """Each word or phrase that is an entity's name or alias also finds the entity's other
    names ("ISIS" finds "Daesh" articles): it becomes (it OR name OR alias ...). Names of two
    letters or fewer, and common words, are left out (the index ignores case: "US" is "us").
    ``prune``: names that contain the word are not searched (they find nothing more)."""
    if not data.available("entities"):
        return query
    expansions: dict[str, list[str]] = {}

    def alternatives(leaf: Term | Phrase) -> list[str]:
        if isinstance(leaf, Term) and leaf.prefix:
            return []
        key = normalise_name(leaf.text)
        if len(key) <= 2 or key in _common_words():
            return []
        rows = data.store.query(
            "SELECT n2.name FROM entity_names n1 JOIN entity_names n2 ON n2.entity_id = n1.entity_id "
            "JOIN entities e ON e.id = n1.entity_id WHERE n1.name_key = ? AND n2.name_key != ? "
            "ORDER BY e.mention_count DESC, n2.name_key LIMIT ?",
            [key, key, MAX_ALIASES * 3],
        )
        out: list[str] = []
        seen = {key}
        for r in rows:
            k = normalise_name(r["name"])
            if len(k) > 2 and k not in _common_words() and k not in seen:
                seen.add(k)
                out.append(r["name"])
        return out[:MAX_ALIASES]

    def walk(node: Node) -> Node:
        if isinstance(node, Term | Phrase):
            alts = alternatives(node)
            if not alts:
                return node
            expansions[node.text] = alts
            # A name that contains the word (or phrase) finds no article the word does not:
            # "Donald Trump" adds nothing to "Trump". Only the others are searched (for
            # "Trump" on 10,000 articles: 1 of 12 names), as the page still lists them all.
            phrases = [Phrase(" ".join(a.split()), node.column) for a in alts if not (prune and contains(a, node.text))]
            return Or((node, *phrases)) if phrases else node
        if isinstance(node, Not):
            return Not(walk(node.child))
        if isinstance(node, And):
            return And(tuple(walk(c) for c in node.children))
        return Or(tuple(walk(c) for c in node.children))

    include = walk(query.include) if query.include is not None else None
    exclude = tuple(walk(n) for n in query.exclude)
    return replace(query, include=include, exclude=exclude, expansions=expansions)


_WORD = re.compile(r"[a-z0-9]+")


def contains(name: str, words: str) -> bool:
    """Whether every article the phrase ``name`` matches also matches ``words``: the words
    of ``words``, in order and side by side, are among the words of ``name``. Decided only
    for plain ASCII letters, digits, spaces and punctuation, which both engines split into
    the same lower-case words (FTS5's unicode61, PostgreSQL's newstrace_words); anything
    else (accents, other scripts, "_") is "no", so the name stays in the query."""
    if not (name.isascii() and words.isascii()) or "_" in name or "_" in words:
        return False
    outer, inner = _WORD.findall(name.lower()), _WORD.findall(words.lower())
    if not inner:
        return False
    return any(outer[i : i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))


@dataclass
class SearchResult:
    query: Query
    total: int
    hits: list[SearchHit]
    meta: dict[str, Record] = field(default_factory=dict)


def prepare(data: WebData, q: str, aliases: bool = True) -> Query:
    """Parse (``SearchSyntaxError`` on what cannot be searched) and expand aliases."""
    query = parse(q)
    return expand_aliases(data, query) if aliases else query


def run(data: WebData, query: Query, f: Filters, *, sort: str = "rank", offset: int = 0, limit: int = 50) -> SearchResult:
    if sort == "rank" and offset + limit <= SAMPLE_HITS:
        # Cut from the ranked hits the facets sample too (one ranking per query and filter);
        # snippets are made for this page's hits only.
        total, ranked = ranked_hits(data, query, f)
        page = ranked[offset : offset + limit]
        snippets: dict[str, str] = {}
        if page:
            _n, found = data.store.search(query, limit=len(page), article_ids=[i for i, _r in page], order="rank")
            snippets = {h.article_id: h.snippet for h in found}
        meta = data.article_meta([i for i, _r in page])
        hits = [SearchHit(i, (meta.get(i) or {}).get("title"), snippets.get(i, ""), rank) for i, rank in page]
        return SearchResult(query, total, hits, meta)
    where = data.article_condition(f)
    total, hits = data.store.search(query, limit=limit, offset=offset, where=where, order=sort)
    return SearchResult(query, total, hits, data.article_meta([h.article_id for h in hits]))


def ranked_hits(data: WebData, query: Query, f: Filters) -> tuple[int, list[tuple[str, float]]]:
    """How many articles match, and the ``SAMPLE_HITS`` best as (id, rank) in rank order:
    ranked once per query and filters while the data stays the same."""

    def compute() -> tuple[int, list[tuple[str, float]]]:
        total, top = data.store.search(query, limit=SAMPLE_HITS, where=data.article_condition(f), order="rank", snippets=False)
        return total, [(h.article_id, h.rank) for h in top]

    return data.memo(("ranked-hits", *_query_key(query), f.query()), compute)


def _query_key(query: Query) -> tuple[str, ...]:
    from newstrace.search.syntax import describe

    return (describe(query.include), *(describe(n) for n in query.exclude))


def facets(data: WebData, query: Query, f: Filters) -> dict[str, Any]:
    """Counts of the matching articles by outlet, outlet kind, country, month (or year),
    entity, event type and persuasion technique. Entities, event types and techniques are
    counted over the
    ``SAMPLE_HITS`` most relevant hits when there are more (``sampled`` says so)."""

    def compute() -> dict[str, Any]:
        match, mparams = data.store.match_condition(query, "a")
        cond, cparams = data.article_condition(f)
        where = f"{match} AND {cond}"
        params = [*mparams, *cparams]
        out: dict[str, Any] = {}
        # One pass over the hits for outlet, kind, country and month.
        rows = data.store.query(
            f"SELECT a.outlet AS outlet, a.outlet_id AS outlet_id, substr(a.published, 1, 7) AS month, COUNT(*) AS n "
            f"FROM articles a WHERE {where} GROUP BY a.outlet, a.outlet_id, substr(a.published, 1, 7)",
            params,
        )
        meta = data.outlet_meta()
        outlets: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        countries: Counter[str] = Counter()
        months: Counter[str] = Counter()
        total = 0
        for r in rows:
            n = int(r["n"])
            total += n
            if r["outlet"]:
                outlets[r["outlet"]] += n
            kind, country = meta.get(r["outlet_id"] or "", (None, None))
            if kind:
                kinds[kind] += n
            if country:
                countries[country] += n
            if r["month"]:
                months[r["month"]] += n
        out["outlet"] = _top(outlets)
        out["outlet_kind"] = _top(kinds)
        out["country"] = _top(countries)
        out["date"] = histogram([{"value": m, "n": n} for m, n in sorted(months.items())])
        out["sampled"] = total > SAMPLE_HITS
        # The most relevant hits, as the first pages list them (every hit when there are
        # no more than SAMPLE_HITS): ranked once per query and kept, so the facets below
        # read those articles by key instead of running the match again.
        ids = [i for i, _rank in ranked_hits(data, query, f)[1]]
        cond, hparams = in_list("a.id", ids)
        hits = f"SELECT a.id FROM articles a WHERE {cond}"  # noqa: S608 - placeholders only
        if data.available("entities"):
            out["entity"] = data.store.query(
                "SELECT e.id AS value, e.name AS label, t.n AS n FROM ("
                "  SELECT ae.entity_id AS id, COUNT(*) AS n FROM article_entities ae "
                f"  WHERE ae.article_id IN ({hits}) GROUP BY ae.entity_id ORDER BY n DESC LIMIT ?"
                ") t JOIN entities e ON e.id = t.id ORDER BY t.n DESC, e.name",
                [*hparams, FACET_SIZE],
            )
        if data.available("events"):
            out["event_type"] = data.store.query(
                "SELECT ev.type AS value, COUNT(DISTINCT ev.article_id) AS n FROM events ev "
                f"WHERE ev.article_id IN ({hits}) GROUP BY ev.type ORDER BY n DESC, value LIMIT ?",
                [*hparams, FACET_SIZE],
            )
        if data.available("techniques"):
            out["technique"] = [
                {**r, "label": label(r["value"])}
                for r in data.store.query(
                    "SELECT t.technique AS value, COUNT(DISTINCT t.article_id) AS n FROM techniques t "
                    f"WHERE t.article_id IN ({hits}) GROUP BY t.technique ORDER BY n DESC, value LIMIT ?",
                    [*hparams, FACET_SIZE],
                )
            ]
        return out

    from newstrace.web.queries.framing import label

    key = ("search-facets", *_query_key(query), f.query())
    return data.memo(key, compute)


def _top(counts: Counter[str]) -> list[dict[str, Any]]:
    return [{"value": k, "n": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]


def histogram(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Months as they are, or years when they span more than four years."""
    if len({m["value"][:4] for m in months}) <= 4:
        return months
    years: dict[str, int] = {}
    for m in months:
        years[m["value"][:4]] = years.get(m["value"][:4], 0) + int(m["n"])
    return [{"value": y, "n": n} for y, n in sorted(years.items())]
