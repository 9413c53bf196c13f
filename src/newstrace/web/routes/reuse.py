"""Reuse: the list of article pairs sharing passages, and one pair side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web.data import Page, WebData
from newstrace.web.deps import Data, filters, paging, render
from newstrace.web.highlight import HSpan, highlight, word_diff

router = APIRouter()


def pair_key(r: dict[str, Any]) -> tuple[str, str]:
    return (r["article_a"], r["article_b"])


@router.get("/reuse", response_class=HTMLResponse)
def reuse_list(request: Request, data: Data) -> HTMLResponse:
    offset, limit = paging(request)
    allowed = data.article_filter(filters(request))
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for r in data.select("reuse", articles=allowed):
        p = pairs.setdefault(pair_key(r), {"a": r["article_a"], "b": r["article_b"], "passages": 0, "chars": 0, "best": 0.0, "kinds": set(), "direction": r["direction"]})
        p["passages"] += 1
        p["chars"] += r["a"]["end"] - r["a"]["start"]
        p["best"] = max(p["best"], float(r["similarity"]))
        p["kinds"].add(r["kind"])
    ordered = sorted(pairs.values(), key=lambda p: (-p["chars"], p["a"], p["b"]))
    page = Page(ordered[offset : offset + limit], len(ordered), offset, limit)
    titles = data.article_titles([p["a"] for p in page.items] + [p["b"] for p in page.items])
    return render(request, "reuse_list.html", data, page=page, titles=titles)


def pair_context(data: WebData, a_id: str, b_id: str) -> dict[str, Any]:
    a, b = data.article(a_id), data.article(b_id)
    if a is None or b is None:
        raise HTTPException(404, "One of these articles is not in this database.")
    passages = []
    for r in data.select("reuse", articles={a_id}):
        if {r["article_a"], r["article_b"]} != {a_id, b_id}:
            continue
        if r["article_a"] != a_id:  # show the pair in the order asked for
            direction = {"a_to_b": "b_to_a", "b_to_a": "a_to_b"}.get(r["direction"], r["direction"])
            r = dict(r, article_a=a_id, article_b=b_id, a=r["b"], b=r["a"], direction=direction)
        passages.append(r)
    passages.sort(key=lambda r: r["a"]["start"])
    left_spans, right_spans, rows = [], [], []
    for i, r in enumerate(passages, 1):
        left_spans.append(HSpan(r["a"]["start"], r["a"]["end"], "reuse", f"passage {i} ({r['kind']}, {r['similarity']:.2f})", f"pa-{i}"))
        right_spans.append(HSpan(r["b"]["start"], r["b"]["end"], "reuse", f"passage {i} ({r['kind']}, {r['similarity']:.2f})", f"pb-{i}"))
        da, db = word_diff(a.text[r["a"]["start"] : r["a"]["end"]], b.text[r["b"]["start"] : r["b"]["end"]])
        rows.append({"n": i, "record": r, "diff_a": da, "diff_b": db})
    return {
        "a": a,
        "b": b,
        "rows": rows,
        "left": highlight(a.text, left_spans),
        "right": highlight(b.text, right_spans),
        "directions": sorted({r["direction"] for r in passages}),
    }


@router.get("/reuse/{a_id}/{b_id}", response_class=HTMLResponse)
def reuse_pair(a_id: str, b_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "reuse_pair.html", data, **pair_context(data, a_id, b_id))
