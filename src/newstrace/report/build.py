"""``newstrace report``: one self-contained HTML file a journalist can email.

Inline CSS and SVG only: no scripts, no fonts, no images, no requests of any kind. The
only URLs in it are plain links to the articles' own (http/https) addresses. Reads every
stage's records through the same data-access module as the web app, so a stage that is
not in this build gets a section saying so. Sizes are capped (top N of each list) so the
file stays small on a large corpus.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from newstrace.store.base import Store
from newstrace.web import charts
from newstrace.web.data import WebData
from newstrace.web.deps import template_env
from newstrace.web.highlight import word_diff

TEMPLATES = Path(__file__).parent / "templates"

TOP_STORIES = 20
TOP_SPEAKERS = 15
CLAIMS_PER_SPEAKER = 5
MAX_EVENTS = 200
TOP_PAIRS = 20
PASSAGES_PER_PAIR = 5


def _stories(data: WebData) -> list[dict[str, Any]]:
    from newstrace.web.routes.stories import copy_edges

    stories = sorted(
        data.records("stories"),
        key=lambda s: (-len(s.get("article_ids") or []), s.get("first_published") or ""),
    )[:TOP_STORIES]
    out = []
    for s in stories:
        ids = list(s.get("article_ids") or [])
        titles = data.article_titles(ids)
        arts = sorted((titles[i] for i in ids if i in titles), key=lambda a: (a.get("published") or "9999", a["id"]))
        edges = copy_edges(data, set(ids))
        out.append({"story": s, "articles": arts, "tl": charts.provenance_timeline(arts, edges), "edges": edges, "titles": titles})
    return out


def _claims_by_speaker(data: WebData) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for c in data.records("claims"):
        sp = c.get("speaker")
        if not sp:
            continue
        key = sp.get("entity_id") or sp["text"].lower()
        g = groups.setdefault(key, {"entity_id": sp.get("entity_id"), "names": defaultdict(int), "claims": [], "count": 0})
        g["names"][sp["text"]] += 1
        g["count"] += 1
        if len(g["claims"]) < CLAIMS_PER_SPEAKER:
            g["claims"].append(c)
    names = data.entity_names(g["entity_id"] for g in groups.values())
    top = sorted(groups.values(), key=lambda g: -g["count"])[:TOP_SPEAKERS]
    for g in top:
        g["name"] = names.get(g["entity_id"] or "") or max(g["names"].items(), key=lambda kv: kv[1])[0]
    return top


def _pairs(data: WebData) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in data.records("reuse"):
        pairs[(r["article_a"], r["article_b"])].append(r)
    ranked = sorted(pairs.items(), key=lambda kv: -sum(r["a"]["end"] - r["a"]["start"] for r in kv[1]))[:TOP_PAIRS]
    titles = data.article_titles(i for key, _ in ranked for i in key)
    out = []
    for (a, b), recs in ranked:
        recs.sort(key=lambda r: -(r["a"]["end"] - r["a"]["start"]))
        passages = []
        for r in recs[:PASSAGES_PER_PAIR]:
            da, db = word_diff(r["a"]["text"], r["b"]["text"])
            passages.append({"record": r, "diff_a": da, "diff_b": db})
        out.append({"a": titles.get(a, {"id": a}), "b": titles.get(b, {"id": b}), "passages": passages, "total": len(recs)})
    return out


def report_context(store: Store) -> dict[str, Any]:
    data = WebData(store)
    events = sorted(data.records("events"), key=lambda e: e.get("date") or "", reverse=True)
    event_total = len(events)
    events = events[:MAX_EVENTS]
    points = [
        {"lat": e["location"]["lat"], "lon": e["location"]["lon"], "title": f"{e['type']}: {e['location'].get('name') or ''}"}
        for e in events
        if e.get("location")
    ]
    return {
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "available": data.available,
        "counts": data.corpus_counts(None),
        "chart": charts.stacked_months(data.articles_per_month(None)),
        "outlets": data.outlets(),
        "top_entities": data.top_entities(None, 15),
        "stories": _stories(data),
        "speakers": _claims_by_speaker(data),
        "events": events,
        "event_total": event_total,
        "event_titles": data.article_titles(e["article_id"] for e in events),
        "world": charts.world_map(points),
        "pairs": _pairs(data),
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
    }


def render_report(store: Store) -> str:
    env = template_env(TEMPLATES)
    return env.get_template("report.html").render(**report_context(store))


def write_report(store: Store, out_path: str | os.PathLike[str]) -> Path:
    """Write the report; a failure never leaves half a file behind."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = render_report(store)
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out
