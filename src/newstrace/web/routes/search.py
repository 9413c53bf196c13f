"""Full-text search: Boolean syntax, alias-aware, facets, sort, export of the result set."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from newstrace.search.syntax import Query, describe
from newstrace.web.data import Filters, WebData
from newstrace.web.deps import Data, filters, render, state
from newstrace.web.highlight import mark_snippet, plain_snippet
from newstrace.web.paging import DEFAULT_PAGE, BadParameter, clamp_limit
from newstrace.web.queries import search as q
from newstrace.web.readonly import open_read_store

router = APIRouter()

EXPORT_FIELDS = ["id", "title", "outlet", "published", "url", "source", "snippet"]
EXPORT_BATCH = 500


def search_params(request: Request) -> dict[str, Any]:
    """q, sort, offset, limit and whether aliases expand, checked."""
    qp = request.query_params
    sort = qp.get("sort") or "rank"
    if sort not in q.SORTS:
        raise BadParameter(f"sort must be one of {', '.join(q.SORTS)}.")
    try:
        offset = max(0, int(qp.get("offset") or 0))
        limit = clamp_limit(int(qp.get("limit") or 0) or DEFAULT_PAGE)
    except ValueError:
        raise BadParameter("offset and limit must be whole numbers.") from None
    if offset > q.MAX_OFFSET:
        raise BadParameter(
            f"results past the first {q.MAX_OFFSET:,} cannot be paged to: narrow the search, sort by date, or export it."
        )
    text = qp.get("q") or ""
    if len(text) > 500:
        raise BadParameter("the query is longer than 500 characters: shorten it.")
    return {"q": text.strip(), "sort": sort, "offset": offset, "limit": limit, "aliases": qp.get("aliases") != "0"}


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, data: Data) -> HTMLResponse:
    p = search_params(request)
    f = filters(request)
    searched = bool(p["q"]) or f.active()
    ctx: dict[str, Any] = {"q": p["q"], "sort": p["sort"], "aliases": p["aliases"], "searched": searched}
    if searched:
        query = q.prepare(data, p["q"], p["aliases"])
        result = q.run(data, query, f, sort=p["sort"], offset=p["offset"], limit=p["limit"])
        ctx.update(
            result=result,
            rows=[{"hit": h, "meta": result.meta.get(h.article_id, {}), "snippet": mark_snippet(h.snippet)} for h in result.hits],
            facets=q.facets(data, query, f),
            offset=p["offset"],
            limit=p["limit"],
            searched_for=describe(query.include) + "".join(f" NOT {describe(n)}" for n in query.exclude),
        )
    return render(request, "search.html", data, **ctx)


@router.get("/search/export")
def search_export(request: Request, format: str = "jsonl") -> StreamingResponse:  # noqa: A002 - query name
    """Every hit of the search (not just one page) as CSV or JSON Lines."""
    if format not in ("csv", "jsonl"):
        raise HTTPException(400, "format must be csv or jsonl.")
    p = search_params(request)
    f = filters(request)
    if not p["q"] and not f.active():
        raise HTTPException(400, "Give a search query (q=...) or a filter to export its results.")
    st = state(request)
    # Parse and check before streaming starts: an error mid-stream would cut the file short.
    probe = open_read_store(st.db)
    try:
        with probe.time_budget(st.budget):
            query = q.prepare(WebData(probe, st.db), p["q"], p["aliases"])
    finally:
        probe.close()

    def rows() -> Iterator[dict[str, object]]:
        store = open_read_store(st.db)
        try:
            data = WebData(store, st.db)
            offset = 0
            while True:
                # Each batch has the request budget of its own: an export runs as long as it has rows.
                with store.time_budget(st.budget):
                    result = q.run(data, query, f, sort="newest" if p["sort"] == "rank" else p["sort"], offset=offset, limit=EXPORT_BATCH)
                yield from _export_rows(result.hits, result.meta)
                if len(result.hits) < EXPORT_BATCH:
                    return
                offset += EXPORT_BATCH
        finally:
            store.close()

    return stream(rows(), format, "search", EXPORT_FIELDS)


def stream(rows: Iterable[dict[str, Any]], format: str, name: str, fields: list[str]) -> StreamingResponse:  # noqa: A002
    if format == "jsonl":
        body: Iterator[str] = (json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        media = "application/x-ndjson"
    else:
        body = _csv_lines(rows, fields)
        media = "text/csv; charset=utf-8"
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})


def _export_rows(hits: list[Any], meta: dict[str, dict[str, Any]]) -> Iterator[dict[str, object]]:
    for h in hits:
        m = meta.get(h.article_id, {})
        yield {
            "id": h.article_id, "title": h.title, "outlet": m.get("outlet"), "published": m.get("published"),
            "url": m.get("url"), "source": m.get("source"), "snippet": plain_snippet(h.snippet),
        }


def _csv_lines(rows: Iterable[dict[str, Any]], fields: list[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        # Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
        writer.writerow({k: _cell(v) for k, v in r.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def _cell(v: object) -> object:
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def api_search_body(data: WebData, request: Request, with_facets: bool) -> dict[str, Any]:
    p = search_params(request)
    f: Filters = filters(request)
    query: Query = q.prepare(data, p["q"], p["aliases"])
    result = q.run(data, query, f, sort=p["sort"], offset=p["offset"], limit=p["limit"])
    items = [
        {
            "id": h.article_id, "title": h.title, "outlet": result.meta.get(h.article_id, {}).get("outlet"),
            "published": result.meta.get(h.article_id, {}).get("published"), "snippet": plain_snippet(h.snippet),
            "snippet_html": str(mark_snippet(h.snippet)), "rank": h.rank,
        }
        for h in result.hits
    ]
    body: dict[str, Any] = {
        "available": True, "total": result.total, "offset": p["offset"], "limit": p["limit"], "items": items,
        "query": describe(query.include), "excluded": [describe(n) for n in query.exclude],
        "aliases": query.expansions,
    }
    if with_facets:
        body["facets"] = q.facets(data, query, f)
    return body
