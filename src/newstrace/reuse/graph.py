"""``newstrace export --what graph --format graphml|gexf``: the provenance network.

Nodes: articles (``kind=article``, outlet, published, title, story) and outlets
(``kind=outlet``). Edges: article -> its outlet (``kind=published_by``), and for every
cross-outlet reuse pair with a known direction, source article -> copying article
(``kind=reuse``, passages, best similarity, evidence). A cross-outlet copy whose direction
is unknown is still a copy: an edge ``kind=reuse_undirected`` from the lower to the higher
article id (read it both ways), with its evidence (the conflict, or the lack of any).
Same-outlet repeats are not edges.
"""

from __future__ import annotations

import json
from typing import IO

import networkx as nx

from newstrace.store.base import Store


def build_graph(store: Store) -> nx.DiGraph:
    g = nx.DiGraph()
    story_of = {
        r["article_id"]: r["story_id"]
        for r in store.query("SELECT story_id, article_id FROM story_articles")
    }
    for r in store.query("SELECT id, outlet, published, title, source FROM articles ORDER BY id"):
        g.add_node(
            r["id"],
            kind="article",
            label=r["title"] or r["source"],
            outlet=r["outlet"] or "",
            published=r["published"] or "",
            story=story_of.get(r["id"], ""),
        )
        if r["outlet"]:
            onode = "outlet:" + r["outlet"]
            g.add_node(onode, kind="outlet", label=r["outlet"])
            g.add_edge(r["id"], onode, kind="published_by")
    passages = {
        (r["article_a"], r["article_b"]): (int(r["n"]), float(r["best"]))
        for r in store.query(
            "SELECT article_a, article_b, COUNT(*) AS n, MAX(similarity) AS best FROM reuse_passages GROUP BY article_a, article_b"
        )
    }
    for r in store.query(
        "SELECT article_a, article_b, direction, evidence_json FROM reuse_pairs "
        "WHERE same_outlet = 0 ORDER BY article_a, article_b"
    ):
        src, dst = (
            (r["article_a"], r["article_b"])
            if r["direction"] in ("a_to_b", "unknown")
            else (r["article_b"], r["article_a"])
        )
        n, best = passages.get((r["article_a"], r["article_b"]), (0, 0.0))
        g.add_edge(
            src,
            dst,
            kind="reuse" if r["direction"] != "unknown" else "reuse_undirected",
            passages=n,
            similarity=best,
            evidence="; ".join(json.loads(r["evidence_json"])),
        )
    return g


def write_graph(store: Store, fmt: str, out: IO[bytes]) -> int:
    """Write the graph; returns the number of reuse edges written (directed or not)."""
    g = build_graph(store)
    if fmt == "gexf":
        nx.write_gexf(g, out)
    else:
        nx.write_graphml(g, out)
    return sum(1 for _, _, d in g.edges(data=True) if d.get("kind") in ("reuse", "reuse_undirected"))
