"""Overview (corpus counts, articles over time per outlet, top entities, stories, events)
and the article list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newstrace.web import charts
from newstrace.web.deps import Data, cursor, filters, param, render
from newstrace.web.queries import articles as q_articles
from newstrace.web.queries import framing as q_framing
from newstrace.web.queries import overview as q

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request, data: Data) -> HTMLResponse:
    f = filters(request)
    return render(
        request, "overview.html", data,
        counts=q.counts(data, f),
        chart=charts.stacked_months(q.articles_per_month(data, f)),
        top_entities=q.top_entities(data, f),
        top_stories=q.top_stories(data, f),
        latest_events=q.latest_events(data, f),
        outlet_techniques=q_framing.outlet_techniques(data, f) if data.available("techniques") else None,
        entity_name=data.entity_names([f.entity]).get(f.entity or "", f.entity),
    )


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
def article_list(request: Request, data: Data) -> HTMLResponse:
    sort = param(request, "sort", "newest")
    page = q_articles.list_articles(data, filters(request), sort=sort, **cursor(request))
    return render(request, "articles.html", data, page=page, sort=sort, sorts=list(q_articles.SORTS))
