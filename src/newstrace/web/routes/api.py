"""JSON API under /api/: the same data as the pages, as INTERFACE.md records, paged.

Lists page by cursor: each answer's ``next`` (and ``prev``) goes back as ``after``
(``before``). ``/api/search`` keeps the ``offset``/``limit`` contract of INTERFACE.md.
Documented at /docs (OpenAPI, served from packaged assets: works offline). Read-only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.claims.export import row_to_record as claim_record
from newstrace.web.data import WebData
from newstrace.web.deps import Data, cursor, filters, param, render
from newstrace.web.layers import article_claims
from newstrace.web.paging import Page, SortKey, keyset_page
from newstrace.web.queries import articles as q_articles
from newstrace.web.queries import claims as q_claims
from newstrace.web.queries import entities as q_entities
from newstrace.web.queries import events as q_events
from newstrace.web.queries import framing as q_framing
from newstrace.web.queries import overview as q_overview
from newstrace.web.queries import reuse as q_reuse
from newstrace.web.queries import stories as q_stories
from newstrace.web.routes.claims import claim_query
from newstrace.web.routes.search import api_search_body

router = APIRouter(prefix="/api", tags=["api"])


def _page(page: Page | None, available: bool = True) -> dict[str, Any]:
    if page is None:
        return {"available": False, "total": 0, "limit": 0, "items": [], "next": None, "prev": None}
    return {"available": available, "total": page.total, "limit": page.limit, "items": page.items,
            "next": page.next_cursor, "prev": page.prev_cursor}


@router.get("/overview")
def api_overview(request: Request, data: Data) -> dict[str, Any]:
    """Corpus counts (null = stage not in this build), articles per month per outlet, top
    entities and stories, latest events. Honors outlet/date_from/date_to/entity."""
    f = filters(request)
    return {
        "counts": q_overview.counts(data, f),
        "articles_per_month": {o: dict(c) for o, c in q_overview.articles_per_month(data, f).items()},
        "top_entities": q_overview.top_entities(data, f),
        "top_stories": q_overview.top_stories(data, f),
        "latest_events": q_overview.latest_events(data, f),
    }


@router.get("/articles")
def api_articles(request: Request, data: Data) -> dict[str, Any]:
    """Article summaries (id, title, outlet, published, source, url, chars), newest first
    (sort=oldest|outlet|title), filtered, paged by cursor."""
    return _page(q_articles.list_articles(data, filters(request), sort=param(request, "sort", "newest"), **cursor(request)))


def _mentions(data: WebData, article_id: str) -> list[dict[str, Any]]:
    return [
        {"entity_id": r["resolved_id"], "article_id": article_id, "start": r["start_char"], "end": r["end_char"], "text": r["text"]}
        for r in data.store.query(
            "SELECT resolved_id, start_char, end_char, text FROM mentions WHERE article_id = ? "
            "ORDER BY start_char, end_char, entity_id",
            [article_id],
        )
    ]


def _claims(data: WebData, article_id: str) -> list[dict[str, Any]]:
    rows = article_claims(data, article_id)
    # article_claims already follows the speaker's redirect (speaker_id).
    canonical = {r["speaker_entity_id"]: r["speaker_id"] for r in rows if r["speaker_entity_id"]}
    return [claim_record(r, canonical) for r in rows]


def _reuse(data: WebData, article_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for other in q_articles.shared_with(data, article_id):
        out.extend(q_reuse.pair(data, article_id, other["other"]))
    return out


@router.get("/articles/{article_id}")
def api_article(article_id: str, data: Data) -> dict[str, Any]:
    """One article record with every stage's records for it (null: stage not in this build)."""
    article = q_articles.article(data, article_id)
    if article is None:
        raise HTTPException(404, f"No article with id {article_id!r}.")
    return {
        "article": article.to_dict(),
        "mentions": _mentions(data, article_id) if data.available("mentions") else None,
        "claims": _claims(data, article_id) if data.available("claims") else None,
        "events": q_articles.article_events(data, article_id) if data.available("events") else None,
        "reuse": _reuse(data, article_id) if data.available("reuse") else None,
        "techniques": _techniques(data, article_id) if data.available("techniques") else None,
        "roles": _roles(data, article_id) if data.available("roles") else None,
    }


def _techniques(data: WebData, article_id: str) -> list[dict[str, Any]]:
    from newstrace.framing.export import technique_record

    return [technique_record({**r, "article_id": article_id}) for r in q_framing.article_techniques(data, article_id)]


def _roles(data: WebData, article_id: str) -> list[dict[str, Any]]:
    """As the ``roles`` export: the entity as resolved and curated now."""
    return [
        {"article_id": article_id, "entity_id": r["entity_id"], "mention": r["mention"], "start": r["start"],
         "end": r["end"], "main_role": r["main_role"], "main_score": float(r["score"]), "fine_roles": r["fine_roles"]}
        for r in q_framing.article_roles(data, article_id)
    ]


@router.get("/search")
def api_search(request: Request, data: Data) -> dict[str, Any]:
    """Full-text search. ``q``: words, "phrases", prefix*, AND, OR, NOT, -word, title:word
    (400 with the reason for what cannot be searched); an entity's alias also finds its
    other names (aliases=0 turns that off). ``sort``: rank, newest, oldest. ``snippet`` is
    plain text, ``snippet_html`` escaped with <mark>. facets=1 adds counts by outlet, month,
    entity, event type and technique. ``technique`` (like ``outlet``, ``entity``...) keeps
    the articles using that persuasion technique."""
    return api_search_body(data, request, request.query_params.get("facets") == "1")


@router.get("/claims")
def api_claims(request: Request, data: Data) -> dict[str, Any]:
    """Statements (the same claim content across articles), each with its claims in time
    order (``first``: the earliest publisher). q, speaker, kind, sort=outlets|newest|oldest."""
    if not data.available("claims"):
        return _page(None)
    f, cf = filters(request), q_claims.ClaimFilters.from_params(dict(request.query_params))
    page = q_claims.statements(data, f, cf, claim_query(request), sort=param(request, "sort", "outlets"), **cursor(request))
    body = _page(page)
    if request.query_params.get("facets") == "1":
        body["facets"] = q_claims.facets(data, f, cf, claim_query(request))
    return body


@router.get("/records/{what}")
def api_records(what: str, request: Request, data: Data) -> dict[str, Any]:
    """Records of one kind (entities, claims, events, reuse, stories), filtered by the corpus
    filters or one ``article_id``, paged by cursor. ``available: false``: stage not in this build."""
    kinds = ("entities", "claims", "events", "reuse", "stories")
    if what not in kinds:
        raise HTTPException(404, f"Unknown record kind {what!r}: use one of {', '.join(kinds)}.")
    if not data.available(what):
        return _page(None)
    f, c = filters(request), cursor(request)
    article_id = request.query_params.get("article_id")
    if what == "entities":
        return _page(q_entities.list_entities(data, f=f, **c))
    if what == "events":
        ef = q_events.EventFilters.from_params(dict(request.query_params))
        if article_id:
            return {"available": True, "total": None, "items": q_articles.article_events(data, article_id), "next": None, "prev": None}
        return _page(q_events.list_events(data, f, ef, **c))
    if what == "stories":
        page = q_stories.list_stories(data, f, **c)
        ids = q_stories.article_ids(data, [s["id"] for s in page.items])
        for s in page.items:
            s["article_ids"] = ids[s["id"]]
        return _page(page)
    if what == "reuse":
        if article_id:
            return {"available": True, "total": None, "items": _reuse(data, article_id), "next": None, "prev": None}
        return _page(q_reuse.list_pairs(data, f, **c))
    cond, params = data.article_condition(f)
    if article_id:
        cond, params = "a.id = ?", [article_id]
    page = keyset_page(
        data.store, select="c.*", from_="claims c JOIN articles a ON a.id = c.article_id", where=(cond, params),
        keys=[SortKey("c.article_id"), SortKey("c.content_start"), SortKey("c.id")], **c,
    )
    canonical = data.canonical([r["speaker_entity_id"] for r in page.items])
    page.items = [claim_record(r, canonical) for r in page.items]
    return _page(page)


@router.get("/entities/lookup")
def api_entity_lookup(request: Request, data: Data) -> dict[str, Any]:
    """Entities whose name or an alias starts with (then contains) ``q``: for name boxes."""
    return {"items": q_entities.lookup(data, param(request, "q"))}


@router.get("/entities/{entity_id}")
def api_entity(entity_id: str, request: Request, data: Data) -> dict[str, Any]:
    """One entity: its record, mentions per month, its articles and the claims by and about
    it (first pages: follow ``next`` with /api/records or the page), co-occurring entities."""
    entity = q_entities.entity(data, entity_id)
    if entity is None:
        target = q_entities.merged_into(data, entity_id)
        raise HTTPException(404, f"No entity with id {entity_id!r}" + (f": it was merged into {target!r}." if target else "."))
    claims = data.available("claims")
    return {
        "entity": entity,
        "mentions_per_month": dict(sorted(q_entities.mentions_per_month(data, entity_id).items())),
        "articles": _page(q_entities.articles(data, entity_id)),
        "claims_by": _page(q_claims.claims_by(data, entity_id)) if claims else None,
        "claims_about": _page(q_claims.claims_about(data, entity_id)) if claims else None,
        "co_occurring": q_entities.co_occurring(data, entity_id),
    }


@router.get("/reuse/{a_id}/{b_id}")
def api_reuse_pair(a_id: str, b_id: str, data: Data) -> dict[str, Any]:
    """The reuse records between two articles, oriented as asked (a = first id)."""
    return {"article_a": a_id, "article_b": b_id, "passages": q_reuse.pair(data, a_id, b_id)}


@router.get("/stories/{story_id}")
def api_story(story_id: str, data: Data) -> dict[str, Any]:
    """A story with its articles in time order, the copy edges between them (directed where
    known) and the provenance table (delay, how, from whom): the data of the story page."""
    story = q_stories.story(data, story_id)
    if story is None:
        raise HTTPException(404, f"No story with id {story_id!r} in this database.")
    prov = q_stories.provenance(data, story["article_ids"])
    return {
        "story": story,
        "summary": q_stories.summary(prov),
        "articles": prov.articles,
        "copies": [e.__dict__ for e in prov.edges],
        "table": [{"article_id": r["article"]["id"], "delay": r["delay"], "how": r["how"], "first": r["first"]} for r in prov.rows],
    }


@router.get("/events/points")
def api_event_points(request: Request, data: Data) -> dict[str, Any]:
    """Located event mentions for the map (the events page's filters, or group=)."""
    if not data.available("events"):
        return {"points": [], "truncated": False}
    return q_events.map_points(data, filters(request), q_events.EventFilters.from_params(dict(request.query_params)))


@router.get("/events/disagreements")
def api_disagreements(request: Request, data: Data) -> dict[str, Any]:
    """Event groups whose outlets report different figures (figure=fatalities|injured)."""
    if not data.available("events"):
        return _page(None)
    ef = q_events.EventFilters.from_params(dict(request.query_params))
    return _page(q_events.disagreements(data, filters(request), ef, figure=param(request, "figure", "fatalities"), **cursor(request)))


@router.get("/events/group/{group}")
def api_event_group(group: str, data: Data) -> dict[str, Any]:
    """Every mention of one event, with its article's outlet."""
    rows = q_events.group(data, group)
    if not rows:
        raise HTTPException(404, f"No event group {group!r} in this database.")
    return {"event_group": group, "mentions": rows}


@router.get("", include_in_schema=False, response_class=HTMLResponse)
def api_index(request: Request, data: Data) -> HTMLResponse:
    """The API's endpoints, listed from its OpenAPI schema."""
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = [p["name"] for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("description") or op.get("summary") or "", "params": params})
    return render(request, "api.html", data, endpoints=endpoints)
