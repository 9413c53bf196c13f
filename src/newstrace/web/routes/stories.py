"""Stories: clusters of articles, each on a provenance timeline (who copied whom)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web import charts
from newstrace.web.data import WebData, take_page
from newstrace.web.deps import Data, filters, paging, render

router = APIRouter()


def copy_edges(data: WebData, article_ids: set[str]) -> list[tuple[str, str]]:
    """(source, copy) pairs from reuse records whose direction is known."""
    edges: set[tuple[str, str]] = set()
    for r in data.select("reuse", articles=article_ids):
        a, b = r["article_a"], r["article_b"]
        if a in article_ids and b in article_ids:
            if r["direction"] == "a_to_b":
                edges.add((a, b))
            elif r["direction"] == "b_to_a":
                edges.add((b, a))
    return sorted(edges)


def story_context(data: WebData, story: dict[str, Any]) -> dict[str, Any]:
    ids = list(story.get("article_ids") or [])
    titles = data.article_titles(ids)
    arts = [dict(titles[i]) for i in ids if i in titles]
    edges = copy_edges(data, set(ids))
    return {
        "story": story,
        "articles": sorted(arts, key=lambda a: (a.get("published") or "9999", a["id"])),
        "tl": charts.provenance_timeline(arts, edges),
        "edges": edges,
        "titles": titles,
    }


def find_story(data: WebData, story_id: str) -> dict[str, Any]:
    for s in data.records("stories"):
        if s["id"] == story_id:
            return s
    raise HTTPException(404, f"No story with id {story_id!r} in this database.")


@router.get("/stories", response_class=HTMLResponse)
def story_list(request: Request, data: Data) -> HTMLResponse:
    offset, limit = paging(request)
    allowed = data.article_filter(filters(request))
    stories = sorted(
        data.select("stories", articles=allowed),
        key=lambda s: (-len(s.get("article_ids") or []), s.get("first_published") or ""),
    )
    return render(request, "stories.html", data, page=take_page(stories, offset, limit))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(story_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "story.html", data, **story_context(data, find_story(data, story_id)))
