"""Reuse: the list of article pairs sharing passages, and one pair side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from newstrace.web.data import WebData
from newstrace.web.deps import Data, cursor, filters, render
from newstrace.web.highlight import HSpan, highlight, word_diff
from newstrace.web.queries import reuse as q
from newstrace.web.queries.articles import article

router = APIRouter()

MAX_DIFF_CHARS = 8000


@router.get("/reuse", response_class=HTMLResponse, include_in_schema=False)
def reuse_list(request: Request, data: Data) -> HTMLResponse:
    page = q.list_pairs(data, filters(request), **cursor(request)) if data.available("reuse") else None
    return render(request, "reuse_list.html", data, page=page, kind_words=q.KIND_WORDS)


def pair_context(data: WebData, a_id: str, b_id: str) -> dict[str, Any]:
    a, b = article(data, a_id), article(data, b_id)
    if a is None or b is None:
        raise HTTPException(404, "One of these articles is not in this database.")
    passages = q.pair(data, a_id, b_id)
    left_spans, right_spans, rows = [], [], []
    for i, r in enumerate(passages, 1):
        label = f"passage {i} ({q.KIND_WORDS.get(r['kind'], r['kind'])}, {r['similarity']:.2f})"
        left_spans.append(HSpan(r["a"]["start"], r["a"]["end"], "reuse", label, f"pa-{i}"))
        right_spans.append(HSpan(r["b"]["start"], r["b"]["end"], "reuse", label, f"pb-{i}"))
        if len(r["a"]["text"]) + len(r["b"]["text"]) > MAX_DIFF_CHARS:
            # Word differences of very long passages cost seconds (difflib): shown plain.
            da, db = Markup(escape(r["a"]["text"])), Markup(escape(r["b"]["text"]))
        else:
            da, db = word_diff(r["a"]["text"], r["b"]["text"])
        rows.append({"n": i, "record": r, "diff_a": da, "diff_b": db})
    return {
        "a": a, "b": b, "rows": rows, "left": highlight(a.text, left_spans), "right": highlight(b.text, right_spans),
        "direction": passages[0]["direction"] if passages else None, "kind_words": q.KIND_WORDS,
    }


@router.get("/reuse/{a_id}/{b_id}", response_class=HTMLResponse, include_in_schema=False)
def reuse_pair(a_id: str, b_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "reuse_pair.html", data, **pair_context(data, a_id, b_id))
