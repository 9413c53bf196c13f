"""``newstrace report``: one self-contained HTML file a journalist can email.

Inline CSS and SVG only: no scripts, no fonts, no images, no requests of any kind. The
only URLs in it are plain links to the articles' own (http/https) addresses and anchors
inside the file. It reads the store through the web app's query modules, so a story's
provenance, a statement's carriers and an event's disagreeing figures read the same here
as on the pages; a stage that is not in this build gets a section saying so. Sizes are
capped (the top N of each list, each saying how many there are) so the file stays small.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from newstrace.store.base import Store
from newstrace.web import charts
from newstrace.web.data import Filters, WebData
from newstrace.web.deps import template_env
from newstrace.web.highlight import word_diff
from newstrace.web.queries import claims as q_claims
from newstrace.web.queries import events as q_events
from newstrace.web.queries import framing as q_framing
from newstrace.web.queries import overview as q_overview
from newstrace.web.queries import reuse as q_reuse
from newstrace.web.queries import stories as q_stories

TEMPLATES = Path(__file__).parent / "templates"

TOP_STORIES = 20
TOP_STATEMENTS = 25
MAX_EVENTS = 200
TOP_DISAGREEMENTS = 20
TOP_PAIRS = 20
PASSAGES_PER_PAIR = 5


def _stories(data: WebData) -> tuple[list[dict[str, Any]], int | None]:
    page = q_stories.list_stories(data, Filters(), limit=TOP_STORIES)
    out = []
    for i, s in enumerate(page.items, 1):
        story = q_stories.story(data, s["id"]) or {"article_ids": []}
        prov = q_stories.provenance(data, story["article_ids"])
        out.append({
            "story": s, "anchor": f"story-{i}", "prov": prov, "summary": q_stories.summary(prov),
            "tl": charts.provenance_timeline(prov.articles, prov.shown, width=900),
        })
    return out, page.total


def _pairs(data: WebData) -> tuple[list[dict[str, Any]], int | None]:
    page = q_reuse.list_pairs(data, Filters(), limit=TOP_PAIRS)
    out = []
    for p in page.items:
        recs = sorted(q_reuse.pair(data, p["a"], p["b"]), key=lambda r: -(r["a"]["end"] - r["a"]["start"]))
        passages = []
        for r in recs[:PASSAGES_PER_PAIR]:
            da, db = word_diff(r["a"]["text"], r["b"]["text"])
            passages.append({"record": r, "diff_a": da, "diff_b": db})
        out.append({"a": p["meta_a"], "b": p["meta_b"], "passages": passages, "total": len(recs), "direction": p["direction"]})
    return out, page.total


def report_context(store: Store) -> dict[str, Any]:
    data = WebData(store)
    f = Filters()
    ctx: dict[str, Any] = {
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "available": data.available,
        "counts": q_overview.counts(data, f),
        "chart": charts.stacked_months(q_overview.articles_per_month(data, f)),
        "outlets": data.outlets(),
        "top_entities": q_overview.top_entities(data, f, 15),
        "stories": [], "story_total": 0, "statements": [], "statement_total": 0,
        "events": [], "event_total": 0, "disagreements": [], "pairs": [], "pair_total": 0,
        "world": charts.world_map([]),
        "kind_words": q_reuse.KIND_WORDS,
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
    }
    ctx["outlet_techniques"] = q_framing.outlet_techniques(data, f) if data.available("techniques") else None
    if data.available("stories"):
        ctx["stories"], ctx["story_total"] = _stories(data)
    if data.available("claims"):
        page = q_claims.statements(data, f, q_claims.ClaimFilters(), None, limit=TOP_STATEMENTS)
        ctx["statements"], ctx["statement_total"] = page.items, page.total
    if data.available("events"):
        page = q_events.list_events(data, f, q_events.EventFilters(), limit=MAX_EVENTS)
        ctx["events"], ctx["event_total"] = page.items, page.total
        ctx["disagreements"] = q_events.disagreements(data, f, q_events.EventFilters(), limit=TOP_DISAGREEMENTS).items
        ctx["world"] = charts.world_map(
            {"lat": e["location"]["lat"], "lon": e["location"]["lon"], "title": f"{e['type']}: {e['location'].get('name') or ''}"}
            for e in page.items if e.get("location")
        )
    if data.available("reuse"):
        ctx["pairs"], ctx["pair_total"] = _pairs(data)
    return ctx


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
