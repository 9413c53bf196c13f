"""Article page: the clean text with every stage's spans highlighted, and its metadata."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newstrace.web.data import WebData
from newstrace.web.deps import Data, render
from newstrace.web.highlight import HSpan, highlight

router = APIRouter()

# Highlight layers: (CSS class, legend label, export kind that provides it).
LAYERS = [
    ("mention", "entity mentions", "mentions"),
    ("claim-speaker", "claim speakers", "claims"),
    ("claim-cue", "claim cues", "claims"),
    ("claim-content", "claim contents", "claims"),
    ("event-trigger", "events", "events"),
    ("reuse", "reused passages", "reuse"),
    ("technique", "persuasion techniques", "techniques"),
]


def article_context(data: WebData, article_id: str) -> dict[str, Any]:
    article = data.article(article_id)
    if article is None:
        raise HTTPException(404, f"No article with id {article_id!r} in this database.")
    mine = {article_id}
    mentions = list(data.select("mentions", articles=mine))
    claims = list(data.select("claims", articles=mine))
    events = list(data.select("events", articles=mine))
    reuse = list(data.select("reuse", articles=mine))
    techniques = list(data.select("techniques", articles=mine))
    names = data.entity_names(
        [m["entity_id"] for m in mentions] + [(c.get("speaker") or {}).get("entity_id") for c in claims]
    )
    spans: list[HSpan] = []
    for m in mentions:
        spans.append(HSpan(m["start"], m["end"], "mention", f"entity: {names.get(m['entity_id'], m['text'])}"))
    for i, c in enumerate(claims, 1):
        sp = c.get("speaker")
        who = sp["text"] if sp else "unattributed"
        if sp:
            spans.append(HSpan(sp["start"], sp["end"], "claim-speaker", f"claim {i}: speaker {who}"))
        spans.append(HSpan(c["cue"]["start"], c["cue"]["end"], "claim-cue", f"claim {i}: cue"))
        spans.append(
            HSpan(c["content"]["start"], c["content"]["end"], "claim-content", f"claim {i} ({c['kind']}) by {who}", f"claim-{i}")
        )
    for e in events:
        t = e["trigger"]
        spans.append(HSpan(t["start"], t["end"], "event-trigger", f"event: {e['type']} / {e.get('subtype') or ''}"))
    shared: dict[str, list[dict[str, Any]]] = {}
    for r in reuse:
        side, other = ("a", r["article_b"]) if r["article_a"] == article_id else ("b", r["article_a"])
        shared.setdefault(other, []).append(r)
        p = r[side]
        spans.append(HSpan(p["start"], p["end"], "reuse", f"{r['kind']} reuse shared with {other} ({r['similarity']:.2f})"))
    for t in techniques:
        spans.append(HSpan(t["start"], t["end"], "technique", f"technique: {t['technique']}"))
    others = data.article_titles(shared)
    entity_counts: dict[str, int] = {}
    for m in mentions:
        entity_counts[m["entity_id"]] = entity_counts.get(m["entity_id"], 0) + 1
    return {
        "article": article,
        "body": highlight(article.text, spans),
        "layers": [(cls, label, data.available(kind)) for cls, label, kind in LAYERS],
        "claims": claims,
        "events": events,
        "techniques": techniques,
        "entities": sorted(entity_counts.items(), key=lambda kv: -kv[1]),
        "names": names,
        "shared": [(other, others.get(other, {}), rs) for other, rs in shared.items()],
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, data: Data) -> HTMLResponse:
    return render(request, "article.html", data, **article_context(data, article_id))
