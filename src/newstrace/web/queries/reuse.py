"""Text reuse: pairs of articles sharing passages (between outlets), and one pair."""

from __future__ import annotations

import json
from typing import Any

from newstrace.web.data import Filters, WebData
from newstrace.web.paging import Page, SortKey, keyset_page

KIND_WORDS = {"verbatim": "verbatim", "near": "near-verbatim", "paraphrase": "reworded"}


def list_pairs(data: WebData, f: Filters, *, after: str | None = None, before: str | None = None, limit: int = 50) -> Page:
    """Pairs of articles of different outlets sharing passages, the most copied first (the
    largest share of the second article's text that is shared)."""
    cond, params = "r.same_outlet = 0", []
    if f.active():
        acond, aparams = data.article_condition(f)
        cond += f" AND (r.article_a IN (SELECT a.id FROM articles a WHERE {acond}) OR r.article_b IN (SELECT a.id FROM articles a WHERE {acond}))"
        params = [*aparams, *aparams]
    page = keyset_page(
        data.store,
        select="r.article_a AS a, r.article_b AS b, r.direction AS direction, r.covered_a AS covered_a, r.covered_b AS covered_b",
        from_="reuse_pairs r",
        where=(cond, params),
        keys=[SortKey("r.covered_b", True), SortKey("r.article_a"), SortKey("r.article_b")],
        limit=limit,
        after=after,
        before=before,
    )
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    if page.items:
        keys = " OR ".join("(p.article_a = ? AND p.article_b = ?)" for _ in page.items)
        for r in data.store.query(
            "SELECT p.article_a, p.article_b, COUNT(*) AS passages, SUM(p.a_end - p.a_start) AS chars, "
            "MAX(p.similarity) AS best, " + ", ".join(f"SUM(CASE WHEN p.kind = '{k}' THEN 1 ELSE 0 END) AS n_{k}" for k in KIND_WORDS)
            + f" FROM reuse_passages p WHERE {keys} GROUP BY p.article_a, p.article_b",
            [x for p in page.items for x in (p["a"], p["b"])],
        ):
            stats[(r["article_a"], r["article_b"])] = r
    meta = data.article_meta([p["a"] for p in page.items] + [p["b"] for p in page.items])
    for p in page.items:
        st = stats.get((p["a"], p["b"]), {})
        p.update(passages=int(st.get("passages") or 0), chars=int(st.get("chars") or 0), best=float(st.get("best") or 0))
        p["kinds"] = [k for k in KIND_WORDS if st.get(f"n_{k}")]
        p["meta_a"], p["meta_b"] = meta.get(p["a"], {"id": p["a"]}), meta.get(p["b"], {"id": p["b"]})
    return page


def pair(data: WebData, a_id: str, b_id: str) -> list[dict[str, Any]]:
    """The passages two articles share, as reuse records oriented as asked (a = ``a_id``)."""
    lo, hi = sorted((a_id, b_id))
    pair_rows = data.store.query("SELECT * FROM reuse_pairs WHERE article_a = ? AND article_b = ?", [lo, hi])
    if not pair_rows:
        return []
    p = pair_rows[0]
    texts = {r["id"]: r["text"] for r in data.store.query("SELECT id, text FROM articles WHERE id IN (?, ?)", [lo, hi])}
    flip = lo != a_id
    direction = p["direction"]
    if flip:
        direction = {"a_to_b": "b_to_a", "b_to_a": "a_to_b"}.get(direction, direction)
    out = []
    for r in data.store.query(
        "SELECT * FROM reuse_passages WHERE article_a = ? AND article_b = ? ORDER BY seq", [lo, hi]
    ):
        sa = {"start": r["a_start"], "end": r["a_end"], "text": texts.get(lo, "")[r["a_start"] : r["a_end"]]}
        sb = {"start": r["b_start"], "end": r["b_end"], "text": texts.get(hi, "")[r["b_start"] : r["b_end"]]}
        out.append({
            "article_a": a_id, "article_b": b_id, "a": sb if flip else sa, "b": sa if flip else sb,
            "similarity": float(r["similarity"]), "kind": r["kind"], "direction": direction,
            "evidence": json.loads(p["evidence_json"]), "same_outlet": bool(p["same_outlet"]),
        })
    out.sort(key=lambda r: r["a"]["start"])
    return out
