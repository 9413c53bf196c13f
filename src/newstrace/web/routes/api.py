"""JSON API under /api/: the same data as the pages, as INTERFACE.md records, paged.

FastAPI documents it at /docs (OpenAPI). Read-only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from newstrace.pipeline import registry
from newstrace.web.data import BadQuery, take_page
from newstrace.web.deps import Data, filters, paging, render
from newstrace.web.highlight import mark_snippet, plain_snippet
from newstrace.web.routes.entities import entity_context
from newstrace.web.routes.events import group_context
from newstrace.web.routes.reuse import pair_context
from newstrace.web.routes.stories import find_story, story_context

router = APIRouter(prefix="/api", tags=["api"])


def _page(page: Any, available: bool = True) -> dict[str, Any]:
    return {"available": available, "total": page.total, "offset": page.offset, "limit": page.limit, "items": page.items}


@router.get("/overview")
def api_overview(request: Request, data: Data) -> dict[str, Any]:
    """Corpus counts (null = stage not in this build), articles per month per outlet,
    top entities and stories, latest events. Honors outlet/date_from/date_to/entity."""
    allowed = data.article_filter(filters(request))
    return {
        "counts": data.corpus_counts(allowed),
        "articles_per_month": {o: dict(c) for o, c in data.articles_per_month(allowed).items()},
        "top_entities": data.top_entities(allowed),
        "top_stories": data.top_stories(allowed),
        "latest_events": data.latest_events(allowed),
    }


@router.get("/articles")
def api_articles(request: Request, data: Data) -> dict[str, Any]:
    """Article summaries (id, title, outlet, published, source, url, chars), newest first."""
    offset, limit = paging(request)
    return _page(data.list_articles(filters(request), offset, limit))


@router.get("/articles/{article_id}")
def api_article(article_id: str, data: Data) -> dict[str, Any]:
    """One article record with every stage's records for it."""
    article = data.article(article_id)
    if article is None:
        raise HTTPException(404, f"No article with id {article_id!r}.")
    mine = {article_id}
    out: dict[str, Any] = {"article": article.to_dict()}
    for what in ("mentions", "claims", "events", "reuse", "techniques", "roles"):
        out[what] = list(data.select(what, articles=mine)) if data.available(what) else None
    return out


@router.get("/search")
def api_search(request: Request, q: Annotated[str, Query(max_length=500)], data: Data) -> dict[str, Any]:
    """Full-text search; ``snippet`` is plain text, ``snippet_html`` escaped with <mark>."""
    offset, limit = paging(request)
    try:
        total, hits = data.search(q, filters(request), offset, limit)
    except BadQuery as e:
        raise HTTPException(400, str(e)) from None
    items = [
        {"id": h.article_id, "title": h.title, "rank": h.rank, "snippet": plain_snippet(h.snippet), "snippet_html": str(mark_snippet(h.snippet))}
        for h in hits
    ]
    return {"available": True, "total": total, "offset": offset, "limit": limit, "items": items}


@router.get("/records/{what}")
def api_records(
    what: str, request: Request, data: Data, article_id: str | None = None
) -> dict[str, Any]:
    """Records of one export kind (entities, mentions, claims, events, reuse, stories,
    techniques, roles), filtered by the corpus filters or one ``article_id``, paged.
    ``available: false`` means the stage is not in this build."""
    if what not in registry.EXPORTS:
        raise HTTPException(404, f"Unknown record kind {what!r}: use one of {', '.join(registry.EXPORTS)}.")
    offset, limit = paging(request)
    if what == "articles":
        return api_articles(request, data)
    allowed = {article_id} if article_id else data.article_filter(filters(request))
    return _page(take_page(data.select(what, articles=allowed), offset, limit), data.available(what))


@router.get("/entities/{entity_id}")
def api_entity(entity_id: str, data: Data) -> dict[str, Any]:
    """One entity: its record, mentions per month, claims by and about it, co-occurring entities."""
    ctx = entity_context(data, entity_id)
    return {
        "entity": ctx["entity"],
        "mentions_per_month": dict(sorted(ctx["per_month"].items())),
        "mention_count": ctx["mention_count"],
        "article_ids": sorted(ctx["titles"]),
        "claims_by": ctx["claims_by"],
        "claims_about": ctx["claims_about"],
        "co_occurring": [{"entity_id": i, "name": n, "articles": c} for i, n, c in ctx["co_occurring"]],
    }


@router.get("/reuse/{a_id}/{b_id}")
def api_reuse_pair(a_id: str, b_id: str, data: Data) -> dict[str, Any]:
    """The reuse records between two articles, oriented as asked (a = first id)."""
    ctx = pair_context(data, a_id, b_id)
    return {"article_a": a_id, "article_b": b_id, "passages": [r["record"] for r in ctx["rows"]]}


@router.get("/stories/{story_id}")
def api_story(story_id: str, data: Data) -> dict[str, Any]:
    """A story record with its articles and the (source, copy) edges known between them."""
    ctx = story_context(data, find_story(data, story_id))
    return {"story": ctx["story"], "articles": ctx["articles"], "copies": [{"source": s, "copy": c} for s, c in ctx["edges"]]}


@router.get("/events/group/{group}")
def api_event_group(group: str, data: Data) -> dict[str, Any]:
    """Every mention of one event, with its article's outlet."""
    ctx = group_context(data, group)
    return {"event_group": group, "mentions": [dict(e, outlet=ctx["titles"].get(e["article_id"], {}).get("outlet")) for e in ctx["rows"]]}


@router.get("", include_in_schema=False, response_class=HTMLResponse)
def api_index(request: Request, data: Data) -> HTMLResponse:
    """The API's endpoints, listed from its OpenAPI schema, on a page that needs no network
    (FastAPI's interactive /docs page loads its scripts from a CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = [p["name"] for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("description") or op.get("summary") or "", "params": params})
    return render(request, "api.html", data, endpoints=endpoints)
