"""Article page: the clean text with every layer's spans highlighted, and its records."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web.data import WebData
from newstrace.web.deps import Data, render
from newstrace.web.highlight import highlight
from newstrace.web.layers import LAYERS, article_claims, layer_spans
from newstrace.web.queries import articles as q
from newstrace.web.queries import framing as q_framing
from newstrace.web.queries.stories import stories_of

router = APIRouter()


def article_context(data: WebData, article_id: str) -> dict[str, Any]:
    article = q.article(data, article_id)
    if article is None:
        raise HTTPException(404, f"No article with id {article_id!r} in this database.")
    spans, layers = layer_spans(data, article)
    claims = article_claims(data, article_id) if data.available("claims") else []
    names = data.entity_names([c["speaker_id"] for c in claims])
    for c in claims:
        c["speaker_name"] = names.get(c["speaker_id"] or "")
    return {
        "article": article,
        "body": highlight(article.text, spans, [layer.kind for layer in LAYERS]),
        "layers": layers,
        "claims": claims,
        "events": q.article_events(data, article_id) if data.available("events") else [],
        "entities": q.entity_counts(data, article_id) if data.available("mentions") else [],
        "shared": q.shared_with(data, article_id) if data.available("reuse") else [],
        "stories": stories_of(data, article_id) if data.available("stories") else [],
        "techniques": q_framing.technique_totals(q_framing.article_techniques(data, article_id)),
        "roles": q_framing.article_roles(data, article_id),
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(article_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "article.html", data, **article_context(data, article_id))
