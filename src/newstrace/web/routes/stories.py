"""Stories: clusters of articles, each as a provenance timeline and table."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web import charts
from newstrace.web.data import WebData
from newstrace.web.deps import Data, cursor, filters, param, render
from newstrace.web.queries import stories as q

router = APIRouter()


def story_context(data: WebData, story_id: str, lanes: str = "outlet") -> dict[str, Any]:
    story = q.story(data, story_id)
    if story is None:
        raise HTTPException(404, f"No story with id {story_id!r} in this database.")
    prov = q.provenance(data, story["article_ids"])
    return {
        "story": story, "prov": prov, "summary": q.summary(prov), "lanes": lanes,
        "tl": charts.provenance_timeline(prov.articles, prov.shown, lanes=lanes),
    }


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def story_list(request: Request, data: Data) -> HTMLResponse:
    page = q.list_stories(data, filters(request), **cursor(request)) if data.available("stories") else None
    return render(request, "stories.html", data, page=page)


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(story_id: str, request: Request, data: Data) -> HTMLResponse:
    lanes = param(request, "lanes", "outlet")
    if lanes not in charts.LANE_MODES:
        raise HTTPException(400, f"lanes must be one of {', '.join(charts.LANE_MODES)}.")
    return render(request, "story.html", data, **story_context(data, story_id, lanes))
