"""``StoriesStage``: articles about the same news story, clustered.

Links between two articles (either is enough):
- reuse: an aligned passage between different outlets (same-outlet repeats, such as a
  standard background paragraph, do not link stories unless they cover half of both texts);
- shared rare names: the idf-weighted overlap of the names and figures (capitalised words,
  numbers; entity ids too when the ``mentions`` table exists) is at least ``NAME_SIM``,
  and publication dates, when both are known, are within ``DAY_WINDOW`` days.
Connected components of two or more articles are stories. Recomputed from the store on
every run (deterministic: sorted inputs, ids from the smallest member id).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any

import networkx as nx

from newstrace.ids import digest
from newstrace.problems import guard
from newstrace.reuse.text import names
from newstrace.stages import Progress
from newstrace.store.base import Store

NAME_SIM = 0.6  # share of the smaller article's rare-name weight found in the other
MIN_SHARED_NAMES = 4
DAY_WINDOW = 3
STORY_WINDOW = 7  # days from the story's median date beyond which a member leaves it
MAX_TERM_DF = 0.05  # a name in more than 5% of articles (and > 20) does not link stories
MAX_TERM_ARTICLES = 100  # nor one in more than 100 articles: bounds the work per article


def _same_outlet_spans(store: Store) -> dict[str, list[tuple[int, int]]]:
    """Passages an outlet repeats across its own stories (standard background paragraphs):
    their names say nothing about the story."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for r in store.query(
        "SELECT p.article_a, p.article_b, p.a_start, p.a_end, p.b_start, p.b_end FROM reuse_passages p "
        "JOIN reuse_pairs q ON q.article_a = p.article_a AND q.article_b = p.article_b WHERE q.same_outlet = 1"
    ):
        spans.setdefault(r["article_a"], []).append((r["a_start"], r["a_end"]))
        spans.setdefault(r["article_b"], []).append((r["b_start"], r["b_end"]))
    return spans


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _day(published: str | None, precision: str | None) -> date | None:
    if not published or precision != "day":
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def cohesive_groups(graph: nx.Graph, days: dict[str, date | None]) -> list[set[str]]:
    """Stories from the link graph without chaining: each connected component is split
    into communities (Louvain modularity, fixed seed: a member belongs with the articles it
    is most linked to, not with whatever one link reaches), and a member dated more than
    ``STORY_WINDOW`` days from its community's median date leaves it (undated members stay)."""
    out: list[set[str]] = []
    for component in sorted(nx.connected_components(graph), key=min):
        if len(component) < 2:
            continue
        parts = [set(component)] if len(component) <= 3 else _communities(graph, component)
        for part in sorted(parts, key=min):
            dated = sorted(d for m in part if (d := days.get(m)) is not None)
            if dated:
                mid = dated[len(dated) // 2]
                part = {
                    m for m in part if (d := days.get(m)) is None or abs((d - mid).days) <= STORY_WINDOW
                }
            if len(part) >= 2:
                out.append(part)
    return out


def _communities(graph: nx.Graph, component: set[str]) -> list[set[str]]:
    """Louvain on the component with its members numbered in sorted order: the algorithm
    iterates sets of nodes, and sets of strings iterate in an order that changes with
    Python's per-process hash seed (integers hash to themselves)."""
    members = sorted(component)
    number = {m: i for i, m in enumerate(members)}
    sub = nx.Graph()
    sub.add_nodes_from(range(len(members)))
    sub.add_weighted_edges_from(sorted(
        (min(number[u], number[v]), max(number[u], number[v]), w)
        for u, v, w in graph.subgraph(members).edges(data="weight")
    ))
    parts = nx.community.louvain_communities(sub, weight="weight", seed=0, resolution=0.6)
    return [{members[i] for i in part} for part in parts]


class StoriesStage:
    name = "stories"
    version = "3"

    def run(self, store: Store, progress: Progress) -> None:
        terms: dict[str, set[str]] = {}
        meta: dict[str, tuple[str | None, str | None, str | None]] = {}
        source_of: dict[str, str] = {}
        vocab: dict[str, str] = {}
        repeated = _same_outlet_spans(store)
        for a in store.iter_articles():
            with guard(unit=f"article {a.id}", source=a.source):  # a failing article is left out
                found = names(_mask(a.text, repeated.get(a.id, [])))
                source_of[a.id] = a.source
                # One string object per distinct name (the same names recur in every
                # article): the sets of 100,000 articles share them.
                terms[a.id] = {vocab.setdefault(t, t) for t in found}
                meta[a.id] = (a.published, a.published_precision, a.title or a.text[:80])
        if store.table_exists("mentions"):
            # Streamed: one row per (article, entity), ~30 per article, never all in memory.
            for r in store.stream("SELECT DISTINCT article_id, entity_id FROM mentions"):
                if r["article_id"] in terms:
                    t = "entity:" + str(r["entity_id"])
                    terms[r["article_id"]].add(vocab.setdefault(t, t))
        n = len(terms)
        df: Counter[str] = Counter()
        for ts in terms.values():
            df.update(ts)
        limit = min(MAX_TERM_ARTICLES, max(20, int(MAX_TERM_DF * n)))
        idf = {t: math.log(1 + n / c) for t, c in df.items() if 1 < c <= limit}
        postings: dict[str, list[str]] = {}
        for aid in sorted(terms):
            for t in terms[aid]:
                if t in idf:
                    postings.setdefault(t, []).append(aid)
        graph = nx.Graph()
        graph.add_nodes_from(sorted(terms))
        degree: Counter[str] = Counter()
        for r in store.query(
            "SELECT article_a, article_b, direction, same_outlet, covered_a, covered_b FROM reuse_pairs "
            "ORDER BY article_a, article_b"
        ):
            if not r["same_outlet"] or min(r["covered_a"], r["covered_b"]) >= 0.5:
                # A full copy links harder than one shared background sentence.
                w = 1.0 + min(float(r["covered_a"]), float(r["covered_b"]))
                graph.add_edge(r["article_a"], r["article_b"], weight=w)
                # How often an article is the known source of a copy.
                if r["direction"] != "unknown":
                    degree[r["article_a"] if r["direction"] == "a_to_b" else r["article_b"]] += 1
        # Sums in sorted order: a set's order (and so a float sum's last bits) would follow
        # the per-process hash seed.
        weight = {aid: sum(idf.get(t, 0.0) for t in sorted(ts)) for aid, ts in terms.items()}
        for k, aid in enumerate(sorted(terms)):
            shared: Counter[str] = Counter()
            for t in terms[aid]:
                for other in postings.get(t, ()):
                    if other > aid:
                        shared[other] += 1
            for other, cnt in sorted(shared.items()):
                # Two stories split from one page were judged unrelated by the splitter.
                if cnt < MIN_SHARED_NAMES or source_of[other] == source_of[aid]:
                    continue
                common = sum(idf[t] for t in sorted(terms[aid] & terms[other]) if t in idf)
                sim = common / max(1e-9, min(weight[aid], weight[other]))
                da, db = _day(meta[aid][0], meta[aid][1]), _day(meta[other][0], meta[other][1])
                if da and db and abs((da - db).days) > DAY_WINDOW:
                    continue
                if sim >= NAME_SIM and not graph.has_edge(aid, other):
                    graph.add_edge(aid, other, weight=round(sim, 4))
            if (k + 1) % 1000 == 0:
                progress("stories", k + 1, n)
        clusters = [
            sorted(c) for c in cohesive_groups(graph, {a: _day(m[0], m[1]) for a, m in meta.items()})
        ]
        stories: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for members in clusters:
            if len(members) < 2:
                continue
            with guard(unit=f"story {min(members)}"):  # a failing story is recorded and skipped
                members.sort()
                dated = sorted(m for m in members if meta[m][0])
                days = sorted(str(meta[m][0]) for m in dated)
                # Labelled by the earliest article, and among those the one most often the known source.
                first = min(members, key=lambda m: (meta[m][0] is None, str(meta[m][0]), -degree[m], m))
                label = (meta[first][2] or "").strip().split("\n")[0][:120]
                sid = "s_" + digest(members[0])
                stories.append(
                    {
                        "id": sid,
                        "label": label,
                        "first_published": days[0] if days else None,
                        "last_published": days[-1] if days else None,
                        "size": len(members),
                    }
                )
                links.extend({"story_id": sid, "article_id": m} for m in members)
        with store.transaction():
            store.execute("DELETE FROM story_articles")
            store.execute("DELETE FROM stories")
            store.insert_rows("stories", stories)
            store.insert_rows("story_articles", links)
