"""Stories and their provenance: who published first, who copied whom, how and how late.

``provenance`` is the one reading of a story that the story page, its JSON and the report
all show: its articles in time order, the copy edges between them (directed where the
reuse stage knows who copied whom, undirected otherwise), and for every article after the
first its delay, how it reused the text (verbatim, near-verbatim, reworded) and from whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from newstrace.store.base import in_list
from newstrace.web.data import Filters, WebData
from newstrace.web.layers import article_label
from newstrace.web.paging import Page, SortKey, keyset_page
from newstrace.web.queries.reuse import KIND_WORDS

# Strongest reuse first: an article that copies one passage verbatim and rewords another
# is a verbatim copy.
KIND_ORDER = ("verbatim", "near", "paraphrase")


def list_stories(data: WebData, f: Filters, *, after: str | None = None, before: str | None = None, limit: int = 50) -> Page:
    cond: str = "1=1"
    params: list[Any] = []
    summary = data.entity_summary(f)
    if summary is not None:  # one entity alone: its stories, precomputed (web.summaries)
        cond, params = in_list("s.id", summary[1]["stories"])
    elif f.active():
        acond, aparams = data.article_condition(f)
        cond = f"s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE {acond})"
        params = aparams
    return keyset_page(
        data.store,
        select="s.id AS id, s.label AS label, s.size AS size, s.first_published AS first_published, "
        "s.last_published AS last_published",
        from_="stories s",
        where=(cond, params),
        keys=[SortKey("s.size", True), SortKey("COALESCE(s.first_published, '')", True), SortKey("s.id")],
        limit=limit,
        after=after,
        before=before,
    )


def story(data: WebData, story_id: str) -> dict[str, Any] | None:
    rows = data.store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    if not rows:
        return None
    s = dict(rows[0])
    s["article_ids"] = [r["article_id"] for r in data.store.query(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", [story_id]
    )]
    return s


def article_ids(data: WebData, story_ids: list[str]) -> dict[str, list[str]]:
    """story id -> its article ids (sorted) for the stories given (at most a page), in one query."""
    out: dict[str, list[str]] = {s: [] for s in story_ids}
    if not story_ids:
        return out
    marks = ", ".join("?" for _ in story_ids)
    for r in data.store.query(
        f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({marks}) ORDER BY story_id, article_id",  # noqa: S608
        story_ids,
    ):
        out[r["story_id"]].append(r["article_id"])
    return out


def stories_of(data: WebData, article_id: str) -> list[dict[str, Any]]:
    return data.store.query(
        "SELECT s.id, s.label, s.size FROM stories s JOIN story_articles sa ON sa.story_id = s.id WHERE sa.article_id = ?",
        [article_id],
    )


@dataclass
class Edge:
    source: str  # for an undirected edge: the earlier of the two (or the smaller id)
    copy: str
    directed: bool
    kind: str  # verbatim | near | paraphrase
    passages: int
    similarity: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class Provenance:
    articles: list[dict[str, Any]]  # time order; each with "when" (sortable) and "label"
    edges: list[Edge]
    rows: list[dict[str, Any]]  # the table: first publisher, then each later article
    total: int = 0  # articles in the story (more than shown when over MAX_ARTICLES)

    @property
    def by_id(self) -> dict[str, dict[str, Any]]:
        return {a["id"]: a for a in self.articles}

    @cached_property
    def shown(self) -> list[Edge]:
        """The copy links drawn and listed: for each article, where its text came from,
        at most one link (the strongest directed copy into it, else its shared text with
        the earliest article it shares text with). A wire story reprinted by a hundred
        outlets shares text in every pair (thousands of links: all of them are in the
        JSON); the page shows the hundred that say where each copy came from."""
        links = _source_links(self.articles, self.edges)
        return [links[a["id"]] for a in self.articles if a["id"] in links]


def _source_links(articles: list[dict[str, Any]], edges: list[Edge]) -> dict[str, Edge]:
    """Where each article's text came from, in one pass over the links: the strongest
    directed copy into it (the earliest source among equals), else its shared text with the
    earliest earlier article (an undirected link's ``source`` is its earlier end; the
    strongest kind among equals); none for the earliest of its copies."""
    order = {a["id"]: i for i, a in enumerate(articles)}
    best: dict[str, tuple[tuple[int, int, int], Edge]] = {}
    for e in edges:
        # Directed links first (0), then by kind and source (directed) or source and kind.
        rank = (0, KIND_ORDER.index(e.kind), order.get(e.source, 0)) if e.directed else (
            1, order.get(e.source, 0), KIND_ORDER.index(e.kind))
        if e.copy not in best or rank < best[e.copy][0]:
            best[e.copy] = (rank, e)
    return {article_id: e for article_id, (_rank, e) in best.items()}


def _when(a: dict[str, Any]) -> str:
    """A sortable publication instant: date, then time of day if known."""
    if not a.get("published"):
        return ""
    return a["published"] + ("T" + a["published_time"] if a.get("published_time") else "")


def _delay(first: dict[str, Any], later: dict[str, Any]) -> str:
    if not first.get("published") or not later.get("published"):
        return ""
    try:
        d0 = datetime.fromisoformat(first["published"][:10])
        d1 = datetime.fromisoformat(later["published"][:10])
    except ValueError:
        return ""
    if first.get("published_time") and later.get("published_time"):
        try:
            t0 = datetime.fromisoformat(first["published"][:10] + "T" + first["published_time"])
            t1 = datetime.fromisoformat(later["published"][:10] + "T" + later["published_time"])
            hours = (t1 - t0).total_seconds() / 3600
            if abs(hours) < 48:
                return f"+{hours:.0f} h" if hours >= 0 else f"{hours:.0f} h"
        except ValueError:
            pass
    days = (d1 - d0).days
    if days == 0:
        return "same day"
    return f"+{days} day{'s' if abs(days) != 1 else ''}" if days > 0 else f"{days} days"


MAX_ARTICLES = 150  # a larger story's provenance covers its first (earliest) 150 articles


def provenance(data: WebData, article_ids: list[str]) -> Provenance:
    ids = sorted(set(article_ids))
    if not ids:
        return Provenance([], [], [], 0)
    total = len(ids)
    if total > MAX_ARTICLES:
        marks = ", ".join("?" for _ in ids)
        ids = sorted(r["id"] for r in data.store.query(
            f"SELECT id FROM articles WHERE id IN ({marks}) ORDER BY COALESCE(published, '9999'), "
            "COALESCE(published_time, ''), id LIMIT ?",
            [*ids, MAX_ARTICLES],
        ))
    marks = ", ".join("?" for _ in ids)
    arts = data.store.query(
        "SELECT a.id, a.title, a.outlet, a.published, a.published_precision, a.published_time, a.source, "
        f"o.kind AS outlet_kind FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id IN ({marks})",  # noqa: S608
        ids,
    )
    for a in arts:
        a["when"] = _when(a)
        a["label"] = article_label(a, a["id"])
    arts.sort(key=lambda a: (a["when"] or "~", a["id"]))
    pairs = data.store.query(
        "SELECT r.article_a, r.article_b, r.direction, r.evidence_json, COUNT(p.seq) AS passages, "
        "MAX(p.similarity) AS best, "
        + ", ".join(f"SUM(CASE WHEN p.kind = '{k}' THEN 1 ELSE 0 END) AS n_{k}" for k in KIND_ORDER)
        + " FROM reuse_pairs r JOIN reuse_passages p ON p.article_a = r.article_a AND p.article_b = r.article_b "
        f"WHERE r.article_a IN ({marks}) AND r.article_b IN ({marks}) AND r.same_outlet = 0 "  # noqa: S608
        "GROUP BY r.article_a, r.article_b, r.direction, r.evidence_json",
        [*ids, *ids],
    )
    import json

    order = {a["id"]: i for i, a in enumerate(arts)}
    edges: list[Edge] = []
    for p in pairs:
        kind = next((k for k in KIND_ORDER if p[f"n_{k}"]), "paraphrase")
        a, b = p["article_a"], p["article_b"]
        if p["direction"] == "a_to_b":
            src, dst, directed = a, b, True
        elif p["direction"] == "b_to_a":
            src, dst, directed = b, a, True
        else:
            src, dst = sorted((a, b), key=lambda i: order.get(i, 0))
            directed = False
        edges.append(Edge(src, dst, directed, kind, int(p["passages"]), float(p["best"]), json.loads(p["evidence_json"])))
    edges.sort(key=lambda e: (order.get(e.copy, 0), not e.directed, order.get(e.source, 0)))
    by_id = {a["id"]: a for a in arts}
    rows: list[dict[str, Any]] = []
    first = next((a for a in arts if a["when"]), arts[0])
    incoming_of, shared_of = _edges_by_article(edges)
    links = _source_links(arts, edges)
    for a in arts:
        incoming, shared = incoming_of.get(a["id"], []), shared_of.get(a["id"], [])
        if a is first:
            how = "first published" if a["when"] else "undated"
        elif incoming:
            e = min(incoming, key=lambda e: KIND_ORDER.index(e.kind))
            how = f"copied ({KIND_WORDS[e.kind]}) from {by_id[e.source]['label']}"
        elif shared:
            # The link the page draws for it (to the earliest article it shares text with).
            e = links.get(a["id"]) or min(shared, key=lambda e: KIND_ORDER.index(e.kind))
            other = e.copy if e.source == a["id"] else e.source
            how = f"shares text ({KIND_WORDS[e.kind]}) with {by_id[other]['label']}, direction unknown"
        else:
            how = "same story, no shared text"
        rows.append({"article": a, "delay": "" if a is first else _delay(first, a), "how": how, "first": a is first})
    return Provenance(arts, edges, rows, total)


def _edges_by_article(edges: list[Edge]) -> tuple[dict[str, list[Edge]], dict[str, list[Edge]]]:
    """Article id -> the directed edges copying into it, and the undirected edges it is on
    (in ``edges`` order), so a story's rows cost one pass over its edges, not one per row."""
    incoming: dict[str, list[Edge]] = {}
    shared: dict[str, list[Edge]] = {}
    for e in edges:
        if e.directed:
            incoming.setdefault(e.copy, []).append(e)
        else:
            for end in dict.fromkeys((e.source, e.copy)):
                shared.setdefault(end, []).append(e)
    return incoming, shared


def summary(p: Provenance) -> str:
    """One sentence: "First published by X on D; copied by Y (+3 h, verbatim), Z (+1 day,
    reworded); also carried by W (+2 days, near-verbatim, direction unknown)"."""
    if not p.rows:
        return ""
    first = p.rows[0]["article"]
    head = f"First published by {first.get('outlet') or first['label']}"
    if first.get("published"):
        head += f" on {first['published']}" + (f" at {first['published_time']}" if first.get("published_time") else "")
    copied, carried = [], []
    incoming_of, shared_of = _edges_by_article(p.edges)
    for row in p.rows[1:]:
        a = row["article"]
        incoming = incoming_of.get(a["id"], [])
        edges = incoming or shared_of.get(a["id"], [])
        if not edges:
            continue
        kind = KIND_WORDS[min((e.kind for e in edges), key=KIND_ORDER.index)]
        bits = [b for b in (row["delay"], kind) if b]
        name = a.get("outlet") or a["label"]
        if incoming:
            copied.append(f"{name} ({', '.join(bits)})")
        else:
            carried.append(f"{name} ({', '.join([*bits, 'direction unknown'])})")
    parts = [head]
    if copied:
        parts.append("copied by " + _first_names(copied))
    if carried:
        parts.append("also carried by " + _first_names(carried))
    return "; ".join(parts) + "."


SUMMARY_NAMES = 10  # carriers named in the sentence (the table lists every one)


def _first_names(names: list[str]) -> str:
    """The first ``SUMMARY_NAMES`` of a list of carriers, and how many more."""
    if len(names) <= SUMMARY_NAMES:
        return ", ".join(names)
    return ", ".join(names[:SUMMARY_NAMES]) + f" and {len(names) - SUMMARY_NAMES} more (in the table)"
