"""Events: a filtered, sortable list with a zoomable clustered map; groups whose outlets
disagree on casualty figures; one event as each outlet reported it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web.deps import Data, cursor, filters, param, render
from newstrace.web.paging import BadParameter
from newstrace.web.queries import events as q

router = APIRouter()


def _sort(request: Request) -> tuple[str, bool]:
    sort = param(request, "sort", "date")
    if sort not in q.SORTS:
        raise BadParameter(f"sort must be one of {', '.join(q.SORTS)}.")
    return sort, param(request, "dir", "desc") != "asc"


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def event_list(request: Request, data: Data) -> HTMLResponse:
    if not data.available("events"):
        return render(request, "events.html", data, page=None)
    sort, descending = _sort(request)
    ef = q.EventFilters.from_params(dict(request.query_params))
    page = q.list_events(data, filters(request), ef, sort=sort, descending=descending, **cursor(request))
    return render(
        request, "events.html", data, page=page, sort=sort, descending=descending, ef=ef, types=q.types(data),
        points_query=request.url.query,
    )


@router.get("/events/disagreements", response_class=HTMLResponse, include_in_schema=False)
def disagreements(request: Request, data: Data) -> HTMLResponse:
    figure = param(request, "figure", "fatalities")
    ef = q.EventFilters.from_params(dict(request.query_params))
    page = q.disagreements(data, filters(request), ef, figure=figure, **cursor(request)) if data.available("events") else None
    return render(request, "disagreements.html", data, page=page, figure=figure, ef=ef, types=q.types(data))


def group_context(data: Any, group: str) -> dict[str, Any]:
    rows = q.group(data, group)
    if not rows:
        raise HTTPException(404, f"No event group {group!r} in this database.")
    values = {r["fatalities"]["value"] for r in rows if r["fatalities"]}
    injured = {r["injured"]["value"] for r in rows if r["injured"]}
    return {"group": group, "rows": rows, "fatalities_disagree": len(values) > 1, "injured_disagree": len(injured) > 1,
            "points_query": urlencode({"group": group})}


@router.get("/events/group/{group}", response_class=HTMLResponse, include_in_schema=False)
def event_group(group: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "event_group.html", data, **group_context(data, group))
