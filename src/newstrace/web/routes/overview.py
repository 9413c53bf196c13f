"""Overview: corpus counts, articles over time per outlet, top entities/stories, latest events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newstrace.web import charts
from newstrace.web.data import WebData
from newstrace.web.deps import Data, filters, render

router = APIRouter()


def overview_context(data: WebData, request: Request) -> dict[str, Any]:
    f = filters(request)
    allowed = data.article_filter(f)
    top_entities = data.top_entities(allowed)
    stories = data.top_stories(allowed)
    events = data.latest_events(allowed)
    return {
        "counts": data.corpus_counts(allowed),
        "chart": charts.stacked_months(data.articles_per_month(allowed)),
        "top_entities": top_entities,
        "top_stories": stories,
        "latest_events": events,
        "titles": data.article_titles(e["article_id"] for e in events),
        "entity_name": data.entity_names([f.entity]).get(f.entity or "", f.entity),
    }


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, data: Data) -> HTMLResponse:
    return render(request, "overview.html", data, **overview_context(data, request))


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, data: Data) -> HTMLResponse:
    from newstrace.web.deps import paging

    offset, limit = paging(request)
    page = data.list_articles(filters(request), offset, limit)
    return render(request, "articles.html", data, page=page)
