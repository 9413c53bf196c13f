"""Entities: the list, one entity's page, and the curation forms (the only writes)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from newstrace.web import charts
from newstrace.web.data import CURATION_ACTIONS, WebData, curation_function, take_page
from newstrace.web.deps import Data, paging, render, state
from newstrace.web.readonly import open_write_store

router = APIRouter()


@router.get("/entities", response_class=HTMLResponse)
def entity_list(request: Request, data: Data) -> HTMLResponse:
    offset, limit = paging(request)
    name = (request.query_params.get("name") or "").strip().lower()[:200]
    etype = (request.query_params.get("type") or "").strip()[:50]
    ents = [
        e
        for e in data.records("entities")
        if (not name or name in e["name"].lower() or any(name in a.lower() for a in e.get("aliases") or []))
        and (not etype or e["type"] == etype)
    ]
    ents.sort(key=lambda e: (-int(e.get("mention_count") or 0), e["name"]))
    return render(request, "entities.html", data, page=take_page(ents, offset, limit), name=name, etype=etype)


def entity_context(data: WebData, entity_id: str) -> dict[str, Any]:
    entity = data.entity(entity_id)
    if entity is None:
        raise HTTPException(404, f"No entity with id {entity_id!r} in this database (it may have been merged).")
    mentions = list(data.select("mentions", lambda m: m["entity_id"] == entity_id))
    article_ids = {m["article_id"] for m in mentions}
    meta = data.article_titles(article_ids)
    per_month: Counter[str] = Counter()
    for m in mentions:
        pub = meta.get(m["article_id"], {}).get("published") or ""
        if len(pub) >= 7:
            per_month[pub[:7]] += 1
    spans_by_article: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        spans_by_article.setdefault(m["article_id"], []).append((m["start"], m["end"]))
    by, about = [], []
    for c in data.select("claims", articles=article_ids or set()):
        sp = c.get("speaker") or {}
        if sp.get("entity_id") == entity_id:
            by.append(c)
        elif any(s < c["content"]["end"] and e > c["content"]["start"] for s, e in spans_by_article.get(c["article_id"], [])):
            about.append(c)
    co = data.co_occurring(entity_id, article_ids) if article_ids else []
    others = data.entity_names(i for i, _ in co)
    return {
        "entity": entity,
        "mention_chart": charts.month_bars(per_month),
        "mention_count": len(mentions),
        "per_month": per_month,
        "articles": sorted(meta.values(), key=lambda a: (a.get("published") or "", a["id"]), reverse=True)[:100],
        "article_total": len(meta),
        "claims_by": by[:100],
        "claims_about": about[:100],
        "co_occurring": [(i, others.get(i, i), n) for i, n in co],
        "curation": data.curation_available(),
        "titles": meta,
    }


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(entity_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "entity.html", data, **entity_context(data, entity_id))


@router.post("/entities/{entity_id}/curate")
def curate(
    entity_id: str,
    request: Request,
    action: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """merge (value = the other id, folded into this one), split (value = an alias that
    becomes its own entity), rename (value = new name), add_alias (value = alias)."""
    st = state(request)
    st.check_csrf(csrf_token)
    if action not in CURATION_ACTIONS:
        raise HTTPException(400, f"Unknown action {action!r}: use one of {', '.join(CURATION_ACTIONS)}.")
    value = value.strip()
    if not value or len(value) > 300:
        raise HTTPException(400, "Fill in the field (at most 300 characters) and submit again.")
    store = open_write_store(st.db)
    try:
        if not WebData(store).curation_available():
            raise HTTPException(503, "Entity curation is not available in this build.")
        fn = curation_function(action)
        try:
            result = fn(store, entity_id, value)
        except (KeyError, ValueError) as e:
            raise HTTPException(400, f"Cannot {action.replace('_', ' ')}: {e}") from None
    finally:
        store.close()
    target = result if action == "split" and isinstance(result, str) else entity_id
    return RedirectResponse(f"/entities/{quote(target, safe='')}?done={action}", status_code=303)
