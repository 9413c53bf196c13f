"""Highlight layers of the article page: one entry per kind of span a stage marks.

A layer is a CSS class (its look is in ``static/app.css``), a legend label, the record kind
whose stage must be in the build, and a function ``(data, article) -> [HSpan]`` named by
import path, so a stage adds its layer with one line here (and one CSS rule) and a layer
whose module is absent is listed as not in this build. Every layer gets its own element
around the words it covers (``highlight``), and the checkbox of each hides only its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from newstrace.pipeline import registry
from newstrace.records import Article
from newstrace.web.data import WebData
from newstrace.web.highlight import HSpan


@dataclass(frozen=True, slots=True)
class Layer:
    kind: str  # CSS class
    label: str
    records: str  # the record kind whose stage produces it (WebData.available)
    spans: str  # "module:function(data, article) -> list[HSpan]"


# Outermost first: a word in a claim, a mention and a reused passage carries all three.
LAYERS = [
    Layer("technique", "persuasion techniques", "techniques", "newstrace.web.layers:technique_spans"),
    Layer("reuse", "reused passages (link: side by side)", "reuse", "newstrace.web.layers:reuse_spans"),
    Layer("claim-content", "claim contents", "claims", "newstrace.web.layers:claim_spans"),
    Layer("claim-cue", "claim cues", "claims", "newstrace.web.layers:claim_spans"),
    Layer("claim-speaker", "claim speakers", "claims", "newstrace.web.layers:claim_spans"),
    Layer("event-trigger", "events", "events", "newstrace.web.layers:event_spans"),
    Layer("role", "entity roles", "roles", "newstrace.web.layers:role_spans"),
    Layer("mention", "entity mentions", "mentions", "newstrace.web.layers:mention_spans"),
]


def layer_spans(data: WebData, article: Article) -> tuple[list[HSpan], list[tuple[Layer, bool]]]:
    """Every available layer's spans for one article, and each layer with its availability."""
    spans: list[HSpan] = []
    done: set[str] = set()
    shown: list[tuple[Layer, bool]] = []
    for layer in LAYERS:
        ok = data.available(layer.records) and registry.available(layer.spans)
        shown.append((layer, ok))
        if ok and layer.spans not in done:
            done.add(layer.spans)
            fn: Callable[[WebData, Article], list[HSpan]] = registry.load(layer.spans)
            spans.extend(fn(data, article))
    return spans, shown


def article_label(meta: Any, fallback: str = "") -> str:
    """How an article is named in text: "Outlet: Title" (title or source alone if no
    outlet). ``meta``: a mapping or an ``Article``."""
    def get(key: str) -> Any:
        return meta.get(key) if isinstance(meta, dict) else getattr(meta, key, None)

    title = get("title") or get("source") or fallback
    return f"{get('outlet')}: {title}" if get("outlet") else str(title)


def mention_spans(data: WebData, article: Article) -> list[HSpan]:
    rows = data.store.query(
        "SELECT m.start_char, m.end_char, m.text, e.name FROM mentions m LEFT JOIN entities e ON e.id = m.resolved_id "
        "WHERE m.article_id = ? ORDER BY m.start_char",
        [article.id],
    )
    return [HSpan(r["start_char"], r["end_char"], "mention", f"entity: {r['name'] or r['text']}") for r in rows]


def claim_spans(data: WebData, article: Article) -> list[HSpan]:
    spans: list[HSpan] = []
    for i, c in enumerate(article_claims(data, article.id), 1):
        who = c["speaker_text"] or "unattributed"
        if c["speaker_start"] is not None:
            spans.append(HSpan(c["speaker_start"], c["speaker_end"], "claim-speaker", f"claim {i}: speaker {who}"))
        spans.append(HSpan(c["cue_start"], c["cue_end"], "claim-cue", f"claim {i}: cue"))
        spans.append(
            HSpan(c["content_start"], c["content_end"], "claim-content", f"claim {i} ({c['kind']}) by {who}", f"claim-{i}")
        )
    return spans


def article_claims(data: WebData, article_id: str) -> list[dict[str, Any]]:
    return data.store.query(
        "SELECT c.*, COALESCE(r.to_id, c.speaker_entity_id) AS speaker_id FROM claims c "
        "LEFT JOIN entity_redirects r ON r.from_id = c.speaker_entity_id "
        "WHERE c.article_id = ? ORDER BY c.content_start, c.cue_start, c.id",
        [article_id],
    )


def event_spans(data: WebData, article: Article) -> list[HSpan]:
    rows = data.store.query(
        "SELECT trigger_start, trigger_end, type, subtype FROM events WHERE article_id = ? ORDER BY trigger_start",
        [article.id],
    )
    return [
        HSpan(r["trigger_start"], r["trigger_end"], "event-trigger", f"event: {r['type']} / {r['subtype'] or ''}")
        for r in rows
    ]


def reuse_spans(data: WebData, article: Article) -> list[HSpan]:
    """Each passage shared with another outlet's article, naming it, linking the pair."""
    rows = data.store.query(
        "SELECT p.article_a, p.article_b, p.seq, p.a_start, p.a_end, p.b_start, p.b_end, p.similarity, p.kind "
        "FROM reuse_passages p JOIN reuse_pairs r ON r.article_a = p.article_a AND r.article_b = p.article_b "
        "WHERE (p.article_a = ? OR p.article_b = ?) AND r.same_outlet = 0",
        [article.id, article.id],
    )
    others = data.article_meta([r["article_b"] if r["article_a"] == article.id else r["article_a"] for r in rows])
    spans = []
    for r in rows:
        mine_a = r["article_a"] == article.id
        other = r["article_b"] if mine_a else r["article_a"]
        start, end = (r["a_start"], r["a_end"]) if mine_a else (r["b_start"], r["b_end"])
        label = f"{r['kind']} reuse ({r['similarity']:.2f}) shared with {article_label(others.get(other), other)}"
        href = f"/reuse/{quote(article.id, safe='')}/{quote(other, safe='')}"
        spans.append(HSpan(start, end, "reuse", label, href=href))
    return spans


def technique_spans(data: WebData, article: Article) -> list[HSpan]:
    """Each persuasion-technique span, its name shown before it and with its score on hover."""
    from newstrace.web.queries.framing import article_techniques, label

    return [
        HSpan(r["start_char"], r["end_char"], "technique", f"technique: {label(r['technique'])} ({r['score']:.2f})",
              tag=label(r["technique"]))
        for r in article_techniques(data, article.id)
    ]


def role_spans(data: WebData, article: Article) -> list[HSpan]:
    """The mention each entity role was read at, its main role shown before it."""
    from newstrace.web.queries.framing import article_roles

    spans = []
    for r in article_roles(data, article.id):
        fine = f": {', '.join(r['fine_roles'])}" if r["fine_roles"] else ""
        spans.append(HSpan(r["start"], r["end"], "role", f"{r['name']} as {r['main_role']}{fine} ({r['score']:.2f})",
                           tag=r["main_role"]))
    return spans
