"""Exports ``reuse`` (one record per aligned passage pair) and ``stories``.

Same-outlet repeats (an outlet reprinting its own standard paragraphs) are kept in the
store, flagged ``same_outlet``, and left out of the ``reuse`` export, which reports
copying between outlets (and between articles whose outlet is unknown).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.store.base import Store

_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])

REUSE_SCHEMA = pa.schema(
    [
        ("article_a", pa.string()),
        ("article_b", pa.string()),
        ("a", _SPAN),
        ("b", _SPAN),
        ("similarity", pa.float64()),
        ("kind", pa.string()),
        ("direction", pa.string()),
        ("evidence", pa.list_(pa.string())),
    ]
)

STORY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("label", pa.string()),
        ("article_ids", pa.list_(pa.string())),
        ("first_published", pa.string()),
        ("last_published", pa.string()),
    ]
)


def _texts(store: Store, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" for _ in chunk)
        for r in store.query(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk):  # noqa: S608
            out[r["id"]] = r["text"]
    return out


def iter_reuse(store: Store, *, include_same_outlet: bool = False) -> Iterator[dict[str, Any]]:
    last = ("", "")
    while True:  # pages of pairs, in a stable order, to bound memory
        pairs = store.query(
            "SELECT * FROM reuse_pairs WHERE (article_a > ? OR (article_a = ? AND article_b > ?)) "
            "ORDER BY article_a, article_b LIMIT 200",
            [last[0], last[0], last[1]],
        )
        if not pairs:
            return
        last = (pairs[-1]["article_a"], pairs[-1]["article_b"])
        pairs = [p for p in pairs if include_same_outlet or not p["same_outlet"]]
        texts = _texts(
            store, sorted({p["article_a"] for p in pairs} | {p["article_b"] for p in pairs})
        )
        for p in pairs:
            ta, tb = texts.get(p["article_a"], ""), texts.get(p["article_b"], "")
            for r in store.rows(
                "reuse_passages", order_by="seq", article_a=p["article_a"], article_b=p["article_b"]
            ):
                yield {
                    "article_a": p["article_a"],
                    "article_b": p["article_b"],
                    "a": {
                        "start": r["a_start"],
                        "end": r["a_end"],
                        "text": ta[r["a_start"] : r["a_end"]],
                    },
                    "b": {
                        "start": r["b_start"],
                        "end": r["b_end"],
                        "text": tb[r["b_start"] : r["b_end"]],
                    },
                    "similarity": float(r["similarity"]),
                    "kind": r["kind"],
                    "direction": p["direction"],
                    "evidence": json.loads(p["evidence_json"]),
                }


def iter_stories(store: Store) -> Iterator[dict[str, Any]]:
    members: dict[str, list[str]] = {}
    for r in store.query(
        "SELECT story_id, article_id FROM story_articles ORDER BY story_id, article_id"
    ):
        members.setdefault(r["story_id"], []).append(r["article_id"])
    for s in store.query("SELECT * FROM stories ORDER BY id"):
        yield {
            "id": s["id"],
            "label": s["label"],
            "article_ids": members.get(s["id"], []),
            "first_published": s["first_published"],
            "last_published": s["last_published"],
        }


iter_reuse.arrow_schema = REUSE_SCHEMA  # type: ignore[attr-defined]
iter_stories.arrow_schema = STORY_SCHEMA  # type: ignore[attr-defined]
