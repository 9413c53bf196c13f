"""Corpus stage: the workbench's pages filtered by one big entity (or one big outlet), precomputed.

The claims view and the overview filtered by an entity mentioned in thousands of articles
group the claims (events, reuse pairs, stories) of all those articles on each request.
For every entity in at least ``MIN_ARTICLES`` articles this stage writes the result once
(migration 0022): the statement rows (``entity_statements``), the claims view's facet
counts (``entity_claim_facets``) and the overview's counts, chart and lists
(``entity_summaries.overview_json``); the pages read those rows and fall back to the live
query for every other filter. Outlets with as many articles are summarised the same way
(key ``outlet:NAME``): the pages filtered by that one outlet read their rows; so are the
persuasion techniques used in as many articles (key ``technique:NAME``).

Incremental and safe to kill: each article gets a digest of everything read of it (its
outlet and date, its claims as indexed, its events, reuse pairs and stories), each entity
a fingerprint of its articles' digests. An entity whose fingerprint is unchanged is
skipped; one whose fingerprint changed has its rows deleted first (the pages read live)
and rewritten in one transaction with the new fingerprint, so a run killed part-way leaves
no stale rows and the next run does the rest. Curation keeps them right: a merge retires
the two entities' summaries (``retire``: the pages stop reading them) and rewrites the
survivor's (``refresh``, which deletes the merged one's rows); the
speaker counts are kept by the speaker id the claims stage wrote and read through
``entity_redirects``, so no other entity's rows change with a merge or its undo.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newstrace.pipeline.stages import Progress
from newstrace.problems import guard
from newstrace.store.base import Store, in_list

MIN_ARTICLES = 200  # smaller entities' pages are fast enough live (tens of milliseconds)
VERSION = "3"
LATEST_EVENTS = 10  # the overview's "latest events" and top entities
RECENT_ARTICLES = 500  # the filtered overview's top entities are counted in this many latest articles
TABLES = ("entity_statements", "entity_claim_facets", "entity_summaries")
# The tables' ``entity_id`` is the key of a filter: an entity id, or this prefix and an
# outlet's name (the same pages filtered by one big outlet).
OUTLET = "outlet:"
TECHNIQUE = "technique:"  # the pages filtered by one persuasion technique
_MASK = (1 << 128) - 1


class EntitySummariesStage:
    name = "entity_summaries"
    version = VERSION

    def run(self, store: Store, progress: Progress) -> None:
        refresh(store, progress=progress)


@dataclass(slots=True)
class _Article:
    """What the overview reads of one article."""

    stored: bool = False  # has a row in articles
    outlet: str | None = None
    published: str | None = None
    events: list[tuple[str, str | None]] = field(default_factory=list)  # (event id, date)
    reuse: set[tuple[str, str]] = field(default_factory=set)  # cross-outlet pairs it is in
    stories: set[str] = field(default_factory=set)
    techniques: set[str] = field(default_factory=set)  # persuasion techniques used (framing stage)


def _row_digest(*values: Any) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join("" if v is None else str(v) for v in values).encode(), digest_size=16).digest())


def _in(column: str, ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    """``column IN (ids)`` (or true when ids is None: every article)."""
    if ids is None:
        return "1=1", []
    return in_list(column, ids)


def _chunks(ids: Sequence[str] | None, size: int = 500) -> Iterable[Sequence[str] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def article_digests(store: Store) -> dict[str, int]:
    """Every article's digest, without the overview data: memory per article is one int
    (the overview data of every article would be 2 GB at 100,000 articles)."""
    return read_articles(store, overview=False)[0]


def read_articles(
    store: Store, ids: Sequence[str] | None = None, on_claim: Callable[[dict[str, Any]], None] | None = None,
    *, overview: bool = True, digest: bool = True,
) -> tuple[dict[str, int], dict[str, _Article]]:
    """Each article's digest (an order-free sum of its rows' digests) and overview data, for
    ``ids`` or every article; ``on_claim`` is called with each of their claims as indexed.
    ``overview=False``: the digests alone, of every article (``ids`` None). ``digest=False``:
    no digests (the caller has them: a quarter of the time of reading an entity's articles)."""
    if not overview and ids is not None:
        raise ValueError("overview=False reads every article: pass no ids")
    digests: dict[str, int] = defaultdict(int)
    info: dict[str, _Article] = defaultdict(_Article)

    def add(article_id: str, *values: Any) -> None:
        if digest:
            digests[article_id] = (digests[article_id] + _row_digest(*values)) & _MASK

    for chunk in _chunks(ids):
        cond, params = _in("id", chunk)
        for r in store.stream(f"SELECT id, outlet, published FROM articles WHERE {cond}", params):  # noqa: S608
            add(r["id"], "a", r["outlet"], r["published"])
            if overview:
                a = info[r["id"]]
                a.stored, a.outlet, a.published = True, r["outlet"], r["published"]
        cond, params = _in("article_id", chunk)
        # The speaker as the claims stage wrote it (the current one is that id through
        # entity_redirects, read so by the claims view): a merge leaves the digests as they were.
        ccond, cparams = _in("ci.article_id", chunk)
        claims = (
            "SELECT ci.article_id, ci.claim_id, ci.statement_key, ci.kind, c.speaker_entity_id AS speaker, ci.outlet, "
            "ci.outlet_id, ci.published FROM claim_index ci JOIN claims c ON c.id = ci.claim_id"
        )
        for r in store.stream(f"{claims} WHERE {ccond}", cparams):
            add(r["article_id"], "c", r["claim_id"], r["statement_key"], r["kind"], r["speaker"], r["outlet"],
                r["outlet_id"], r["published"])
            if on_claim is not None:
                on_claim(r)
        for r in store.stream(f"SELECT article_id, id, date FROM events WHERE {cond}", params):  # noqa: S608
            add(r["article_id"], "e", r["id"], r["date"])
            if overview:
                info[r["article_id"]].events.append((r["id"], r["date"]))
        for r in store.stream(f"SELECT article_id, story_id FROM story_articles WHERE {cond}", params):  # noqa: S608
            add(r["article_id"], "s", r["story_id"])
            if overview:
                info[r["article_id"]].stories.add(r["story_id"])
        for r in store.stream(f"SELECT DISTINCT article_id, technique FROM techniques WHERE {cond}", params):  # noqa: S608
            add(r["article_id"], "t", r["technique"])
            if overview:
                info[r["article_id"]].techniques.add(r["technique"])
        a_cond, a_params = _in("article_a", chunk)
        b_cond, b_params = _in("article_b", chunk)
        for r in store.stream(
            f"SELECT article_a, article_b FROM reuse_pairs WHERE same_outlet = 0 AND ({a_cond} OR {b_cond})",  # noqa: S608
            [*a_params, *b_params],
        ):
            pair = (r["article_a"], r["article_b"])
            for side in pair:  # a pair read again for its other article's chunk counts once
                if not overview:  # one chunk (every article): each pair is read once
                    add(side, "r", *pair)
                elif pair not in info[side].reuse:
                    add(side, "r", *pair)
                    info[side].reuse.add(pair)
    return dict(digests), dict(info)


def outlet_key(outlet: str) -> str:
    """The summary key of the pages filtered by one outlet (entity ids start with ``e_``)."""
    return OUTLET + outlet


def technique_key(technique: str) -> str:
    """The summary key of the pages filtered by one persuasion technique."""
    return TECHNIQUE + technique


def _articles_of(store: Store, key: str) -> list[str]:
    if key.startswith(OUTLET):
        return sorted(r["id"] for r in store.query("SELECT id FROM articles WHERE outlet = ?", [key[len(OUTLET) :]]))
    if key.startswith(TECHNIQUE):
        return sorted(r["article_id"] for r in store.query(
            "SELECT DISTINCT article_id FROM techniques WHERE technique = ?", [key[len(TECHNIQUE) :]]
        ))
    # Each article once, from its row of article_entities (one row per article and entity,
    # kept equal to the mentions grouped so: migration 0027) instead of every mention.
    return sorted(r["article_id"] for r in store.query("SELECT article_id FROM article_entities WHERE entity_id = ?", [key]))


def fingerprint(articles: Sequence[str], digests: dict[str, int]) -> str:
    h = hashlib.blake2b(f"v{VERSION}".encode(), digest_size=16)
    for a in articles:
        h.update(f"\n{a}:{digests.get(a, 0):x}".encode())
    return h.hexdigest()


def big_entities(store: Store, min_articles: int = MIN_ARTICLES) -> list[str]:
    return [r["id"] for r in store.query("SELECT id FROM entities WHERE article_count >= ? ORDER BY id", [min_articles])]


def big_outlets(store: Store, min_articles: int = MIN_ARTICLES) -> list[str]:
    """The summary keys of the outlets with ``min_articles`` articles or more."""
    return [outlet_key(r["outlet"]) for r in store.query(
        "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet HAVING COUNT(*) >= ? ORDER BY outlet",
        [min_articles],
    )]


def big_techniques(store: Store, min_articles: int = MIN_ARTICLES) -> list[str]:
    """The summary keys of the persuasion techniques used in ``min_articles`` articles or more."""
    return [technique_key(r["technique"]) for r in store.query(
        "SELECT technique FROM techniques GROUP BY technique HAVING COUNT(DISTINCT article_id) >= ? ORDER BY technique",
        [min_articles],
    )]


def retire(store: Store, entity_ids: Sequence[str]) -> None:
    """Stop the pages reading these entities' summaries (a merge's transaction: one row
    each); their statement and facet rows are deleted when they are refreshed."""
    for chunk in _chunks(list(entity_ids)):
        cond, params = _in("entity_id", chunk)
        store.execute(f"DELETE FROM entity_summaries WHERE {cond}", params)  # noqa: S608 - names from code


def invalidate(store: Store, entity_ids: Sequence[str]) -> None:
    """Delete the summaries of these entities (their pages read live until refreshed)."""
    for chunk in _chunks(list(entity_ids)):
        for table in TABLES:
            cond, params = _in("entity_id", chunk)
            store.execute(f"DELETE FROM {table} WHERE {cond}", params)  # noqa: S608 - names from code


def refresh(
    store: Store, entity_ids: Sequence[str] | None = None, *, min_articles: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Bring the summaries up to date: of every entity in ``min_articles`` articles or more
    (those whose inputs changed; the others' rows are deleted), or of ``entity_ids`` (always
    rewritten, or deleted when no longer that big), and of every outlet with that many
    articles (those whose inputs changed). Returns how many were rewritten."""
    report = progress or (lambda *_: None)
    min_articles = MIN_ARTICLES if min_articles is None else min_articles
    stored = {r["entity_id"]: r["fingerprint"] for r in store.query("SELECT entity_id, fingerprint FROM entity_summaries")}
    if entity_ids is None:
        wanted = big_entities(store, min_articles) + big_outlets(store, min_articles) + big_techniques(store, min_articles)
        # Retired entities (``retire``) have rows without a summary: deleted with the others.
        retired = {r["entity_id"] for r in store.query("SELECT DISTINCT entity_id FROM entity_statements")} - set(stored)
        gone = sorted((set(stored) | retired) - set(wanted))
        digests = article_digests(store)
        changed = [e for e in wanted if stored.get(e) != fingerprint(_articles_of(store, e), digests)]
    else:
        digests = None
        wanted = [e for e in dict.fromkeys(entity_ids) if store.query(
            "SELECT 1 FROM entities WHERE id = ? AND article_count >= ?", [e, min_articles]
        )]
        gone = sorted(set(entity_ids) - set(wanted))
        changed = wanted
    with store.transaction():
        # Stale rows go first, all at once: until an entity is rewritten its pages read live.
        invalidate(store, gone + [e for e in changed if e in stored])
    for i, e in enumerate(changed, 1):
        # Read and written in one transaction (a write lock on both engines): the rows and
        # the fingerprint stored with them describe the same data. An entity that fails is
        # recorded and left without rows (its pages read live); the others go on.
        with guard(unit=f"entity {e}"), store.transaction():
            rows = _summarise(store, e, digests)
            invalidate(store, [e])
            store.insert_rows("entity_statements", rows["statements"])
            store.insert_rows("entity_claim_facets", rows["facets"])
            store.insert_rows("entity_summaries", [{
                "entity_id": e, "fingerprint": rows["fingerprint"],
                "overview_json": json.dumps(rows["overview"], ensure_ascii=False),
            }])
        report("entity summaries", i, len(changed))
    return len(changed)


def _summarise(store: Store, entity_id: str, digests: dict[str, int] | None = None) -> dict[str, Any]:
    """The rows of one entity: the same values the live queries give over its articles,
    and the fingerprint of what they were computed from. ``digests``: every article's, read
    by this run before it (each article is read once per big entity it mentions, and at
    100,000 articles an article mentions about 20 of them: digesting every row each time
    was a quarter of the stage). The rows read here are at least as new as those digests,
    so a change in between can only make the next run rewrite the entity again."""
    article_ids = _articles_of(store, entity_id)
    n_claims: Counter[str] = Counter()
    st_articles: dict[str, set[str]] = defaultdict(set)
    st_carriers: dict[str, set[str]] = defaultdict(set)
    st_first: dict[str, str] = {}
    facets: dict[str, Counter[str]] = {k: Counter() for k in ("speaker", "outlet", "outlet_id", "kind", "month")}

    def claim(r: dict[str, Any]) -> None:
        key, published = r["statement_key"], r["published"] or ""
        n_claims[key] += 1
        st_articles[key].add(r["article_id"])
        st_carriers[key].add(r["outlet"] if r["outlet"] is not None else r["article_id"])
        if published and (key not in st_first or published < st_first[key]):
            st_first[key] = published
        if r["speaker"] is not None:
            facets["speaker"][r["speaker"]] += 1
        if r["outlet"]:
            facets["outlet"][r["outlet"]] += 1
        if r["outlet_id"]:
            facets["outlet_id"][r["outlet_id"]] += 1
        facets["kind"][r["kind"]] += 1
        if published:
            facets["month"][published[:7]] += 1

    read, info = read_articles(store, article_ids, claim, digest=digests is None)
    digests = read if digests is None else digests
    statements = [
        {"entity_id": entity_id, "statement_key": k, "n_claims": n, "n_articles": len(st_articles[k]),
         "n_outlets": len(st_carriers[k]), "first_published": st_first.get(k)}
        for k, n in sorted(n_claims.items())
    ]
    facet_rows = [
        {"entity_id": entity_id, "facet": facet, "value": value, "n": n}
        for facet, counts in facets.items() for value, n in sorted(counts.items())
    ]
    return {
        "statements": statements, "facets": facet_rows, "fingerprint": fingerprint(article_ids, digests),
        "overview": _overview(article_ids, info, sum(n_claims.values())),
    }


def _overview(article_ids: list[str], info: dict[str, _Article], n_claims: int) -> dict[str, Any]:
    """The overview's values over the entity's articles (web.queries.overview, filtered)."""
    arts = [(a, info[a]) for a in article_ids if a in info and info[a].stored]
    per_month: Counter[tuple[str, str]] = Counter()
    for _a, x in arts:
        if x.published is not None and len(x.published) >= 7:
            per_month[(x.outlet if x.outlet is not None else "(unknown outlet)", x.published[:7])] += 1
    events = sorted(((eid, date) for _a, x in arts for eid, date in x.events if date is not None), key=lambda e: e[0])
    events.sort(key=lambda e: e[1] or "", reverse=True)
    outlet_articles: Counter[str] = Counter()
    technique_users: Counter[str] = Counter()
    techniques: Counter[tuple[str, str]] = Counter()
    for _a, x in arts:
        outlet = x.outlet if x.outlet is not None else "(unknown outlet)"
        outlet_articles[outlet] += 1
        if x.techniques:
            technique_users[outlet] += 1
        for t in x.techniques:
            techniques[(outlet, t)] += 1
    recent = sorted(arts, key=lambda ax: ax[0])
    recent.sort(key=lambda ax: ax[1].published or "", reverse=True)
    return {
        "counts": {
            "articles": len(arts),
            "outlets": len({x.outlet for _a, x in arts if x.outlet is not None}),
            "claims": n_claims,
            "events": sum(len(x.events) for _a, x in arts),
            "reuse": len({p for _a, x in arts for p in x.reuse}),
            "stories": len({s for _a, x in arts for s in x.stories}),  # noqa: C401 - a count
        },
        "per_month": [[o, m, n] for (o, m), n in sorted(per_month.items())],
        "latest_events": [eid for eid, _date in events[:LATEST_EVENTS]],
        "recent_articles": [a for a, _x in recent[:RECENT_ARTICLES]],
        "stories": sorted({s for _a, x in arts for s in x.stories}),
        # The per-outlet technique table (web.queries.framing.outlet_techniques).
        "techniques": [[o, t, n] for (o, t), n in sorted(techniques.items())],
        "technique_users": sorted(technique_users.items()),
        "outlet_articles": sorted(outlet_articles.items()),
    }
