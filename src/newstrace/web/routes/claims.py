"""Claims: who said what, one row per statement with every outlet that carried it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from newstrace.search.syntax import Query, parse
from newstrace.web.data import WebData
from newstrace.web.deps import Data, cursor, filters, param, render, state
from newstrace.web.queries import claims as q
from newstrace.web.readonly import open_read_store
from newstrace.web.routes.search import stream

router = APIRouter()


def claim_query(request: Request) -> Query | None:
    text = param(request, "q", max_len=500)
    return parse(text) if text else None


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims_page(request: Request, data: Data) -> HTMLResponse:
    if not data.available("claims"):
        return render(request, "claims.html", data, page=None)
    f, cf, query = filters(request), q.ClaimFilters.from_params(dict(request.query_params)), claim_query(request)
    sort = param(request, "sort", "outlets")
    page = q.statements(data, f, cf, query, sort=sort, **cursor(request))
    speaker_name = data.entity_names([cf.speaker]).get(cf.speaker or "", cf.speaker) if cf.speaker else None
    return render(
        request, "claims.html", data, page=page, facets=q.facets(data, f, cf, query), cf=cf, q=param(request, "q", max_len=500),
        sort=sort, sorts=list(q.SORTS), kinds=q.KINDS, speaker_name=speaker_name,
    )


@router.get("/claims/export")
def claims_export(request: Request, format: str = "csv") -> StreamingResponse:  # noqa: A002 - query name
    """Every claim of the filtered statements (not just one page), first publisher marked."""
    if format not in ("csv", "jsonl"):
        raise HTTPException(400, "format must be csv or jsonl.")
    f, cf, query = filters(request), q.ClaimFilters.from_params(dict(request.query_params)), claim_query(request)
    st = state(request)

    def rows() -> Any:
        store = open_read_store(st.db)
        try:
            yield from q.export_rows(WebData(store, st.db), f, cf, query)
        finally:
            store.close()

    return stream(rows(), format, "claims", q.EXPORT_FIELDS)
