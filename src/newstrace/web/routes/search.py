"""Full-text search with highlighted snippets, paging, and export of the result set."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from newstrace.web.data import BadQuery, WebData
from newstrace.web.deps import Data, filters, paging, render, state
from newstrace.web.highlight import mark_snippet, plain_snippet
from newstrace.web.readonly import open_read_store

router = APIRouter()

EXPORT_FIELDS = ["id", "title", "outlet", "published", "url", "source", "snippet"]


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, data: Data) -> HTMLResponse:
    q = (request.query_params.get("q") or "").strip()[:500]
    offset, limit = paging(request)
    try:
        total, hits = data.search(q, filters(request), offset, limit) if q else (0, [])
    except BadQuery as e:
        raise HTTPException(400, str(e)) from None
    meta = data.article_titles(h.article_id for h in hits)
    rows = [
        {"hit": h, "meta": meta.get(h.article_id, {}), "snippet": mark_snippet(h.snippet)} for h in hits
    ]
    from newstrace.web.data import Page

    return render(request, "search.html", data, q=q, rows=rows, page=Page(rows, total, offset, limit))


@router.get("/search/export")
def search_export(request: Request, format: str = "jsonl") -> StreamingResponse:  # noqa: A002 - query name
    """Every hit of the search (not just one page) as CSV or JSON Lines."""
    if format not in ("csv", "jsonl"):
        raise HTTPException(400, "format must be csv or jsonl.")
    q = (request.query_params.get("q") or "").strip()[:500]
    if not q:
        raise HTTPException(400, "Give a search query (q=...) to export its results.")
    f = filters(request)
    db = state(request).db
    # Check the query before streaming starts: an error mid-stream would cut the file short.
    probe = open_read_store(db)
    try:
        WebData(probe).search(q, f, 0, 1)
    except BadQuery as e:
        raise HTTPException(400, str(e)) from None
    finally:
        probe.close()

    def rows() -> Iterator[dict[str, object]]:
        store = open_read_store(db)
        try:
            data = WebData(store)
            batch: list = []
            for hit in data.iter_search(q, f):
                batch.append(hit)
                if len(batch) == 500:
                    yield from _export_rows(data, batch)
                    batch = []
            yield from _export_rows(data, batch)
        finally:
            store.close()

    if format == "jsonl":
        body: Iterator[str] = (json.dumps(r, ensure_ascii=False) + "\n" for r in rows())
        media = "application/x-ndjson"
    else:
        body = _csv_lines(rows())
        media = "text/csv; charset=utf-8"
    return StreamingResponse(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="search.{format}"'}
    )


def _export_rows(data: WebData, hits: list) -> Iterator[dict[str, object]]:
    meta = data.article_titles(h.article_id for h in hits)
    for h in hits:
        m = meta.get(h.article_id, {})
        yield {
            "id": h.article_id,
            "title": h.title,
            "outlet": m.get("outlet"),
            "published": m.get("published"),
            "url": m.get("url"),
            "source": m.get("source"),
            "snippet": plain_snippet(h.snippet),
        }


def _csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_FIELDS)
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
