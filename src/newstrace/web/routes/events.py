"""Events: a sortable, paged table, a map on a vendored world outline, and one event's
casualty figures as every outlet reported them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web import charts
from newstrace.web.data import MAX_POINTS, Page, WebData
from newstrace.web.deps import Data, filters, paging, render

router = APIRouter()

SORTS = {
    "date": lambda e: e.get("date") or "",
    "type": lambda e: (e.get("type") or "", e.get("subtype") or ""),
    "location": lambda e: ((e.get("location") or {}).get("name") or ""),
    "fatalities": lambda e: ((e.get("fatalities") or {}).get("value") or -1),
    "injured": lambda e: ((e.get("injured") or {}).get("value") or -1),
    "confidence": lambda e: e.get("confidence") or 0,
}


@router.get("/events", response_class=HTMLResponse)
def event_list(request: Request, data: Data) -> HTMLResponse:
    offset, limit = paging(request)
    sort = request.query_params.get("sort") or "date"
    if sort not in SORTS:
        raise HTTPException(400, f"sort must be one of {', '.join(SORTS)}.")
    descending = request.query_params.get("dir", "desc") != "asc"
    etype = (request.query_params.get("type") or "").strip()[:100]
    allowed = data.article_filter(filters(request))
    events = [e for e in data.select("events", articles=allowed) if not etype or e["type"] == etype]
    events.sort(key=SORTS[sort], reverse=descending)
    page = Page(events[offset : offset + limit], len(events), offset, limit)
    points = [
        {
            "lat": (e.get("location") or {}).get("lat"),
            "lon": (e.get("location") or {}).get("lon"),
            "title": f"{e['type']}: {(e.get('location') or {}).get('name') or ''} {e.get('date') or ''}",
            "href": f"/events/group/{quote(str(e['event_group']), safe='')}",
        }
        for e in events[:MAX_POINTS]
        if e.get("location")
    ]
    return render(
        request,
        "events.html",
        data,
        page=page,
        sort=sort,
        descending=descending,
        etype=etype,
        world=charts.world_map(points),
        titles=data.article_titles(e["article_id"] for e in page.items),
        types=sorted({e["type"] for e in events}),
    )


def group_context(data: WebData, group: str) -> dict[str, Any]:
    mentions = list(data.select("events", lambda e: str(e["event_group"]) == group))
    if not mentions:
        raise HTTPException(404, f"No event group {group!r} in this database.")
    titles = data.article_titles(e["article_id"] for e in mentions)
    rows = sorted(
        mentions, key=lambda e: ((titles.get(e["article_id"], {}).get("outlet") or "~"), e["article_id"])
    )
    points = [
        {"lat": e["location"]["lat"], "lon": e["location"]["lon"], "title": e["location"].get("name") or ""}
        for e in mentions
        if e.get("location")
    ]
    return {"group": group, "rows": rows, "titles": titles, "world": charts.world_map(points)}


@router.get("/events/group/{group}", response_class=HTMLResponse)
def event_group(group: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "event_group.html", data, **group_context(data, group))
