"""The provenance graph: a copy of unknown direction is still a copy (an undirected edge)."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace.reuse.evaluate import store_records
from newstrace.reuse.graph import build_graph
from newstrace.reuse.stage import ReuseStage
from newstrace.store import open_store

TEXT = (
    "The harbour authority in Port Elessa said on Tuesday that 14 cranes had been damaged by the "
    "storm and that the container terminal would stay closed until Friday at the earliest. "
    "Dock workers were sent home and ships were diverted to the northern anchorage while engineers "
    "inspected the quay walls for cracks."
)


def test_unknown_direction_is_an_undirected_copy_edge(dbs, tmp_path: Path) -> None:
    # Two outlets, no dates, no credits: nothing says who copied whom.
    rows = [
        {"id": "one", "text": TEXT, "outlet": "Elessa Post"},
        {"id": "two", "text": TEXT, "outlet": "Harbour Daily"},
        {"id": "three", "text": TEXT + " A third outlet ran it too.", "outlet": "Elessa Post"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with open_store(dbs.new("g")) as store:
        store_records(path, store)
        ReuseStage().run(store, lambda *_: None)
        source = {r["id"]: r["source"] for r in store.query("SELECT id, source FROM articles")}
        assert {r["direction"] for r in store.query("SELECT direction FROM reuse_pairs")} == {"unknown"}
        g = build_graph(store)
    edges = {
        (source[u], source[v], d["kind"])
        for u, v, d in g.edges(data=True)
        if d["kind"].startswith("reuse")
    }
    # one ~ three is a same-outlet repeat: no edge. The others are copies between outlets.
    assert {(min(x, y), max(x, y)) for x, y, _ in edges} == {("one", "two"), ("three", "two")}
    assert {k for _, _, k in edges} == {"reuse_undirected"}
    # Drawn from the lower to the higher article id: no direction is implied.
    assert all(u < v for u, v, d in g.edges(data=True) if d["kind"] == "reuse_undirected")
