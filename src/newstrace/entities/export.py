"""``entities`` and ``mentions`` export records (INTERFACE.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.entities.api import canonical_ids
from newstrace.store.base import Store

_PAGE = 5000


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.iter_rows("entities", order_by="id", page=_PAGE):
        yield {
            "id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases_json"]),
            "mention_count": int(r["mention_count"]), "article_count": int(r["article_count"]),
        }


iter_entities.arrow_schema = pa.schema([  # type: ignore[attr-defined]
    ("id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("aliases", pa.list_(pa.string())),
    ("mention_count", pa.int64()), ("article_count", pa.int64()),
])


def iter_mentions(store: Store) -> Iterator[dict[str, Any]]:
    redirects = canonical_ids(store)
    last: tuple[str, int, int, str] = ("", -1, -1, "")
    while True:
        page = store.query(
            "SELECT article_id, start_char, end_char, text, entity_id, resolved_id FROM mentions "
            "WHERE (article_id > ?) OR (article_id = ? AND start_char > ?) "
            "OR (article_id = ? AND start_char = ? AND end_char > ?) "
            "OR (article_id = ? AND start_char = ? AND end_char = ? AND entity_id > ?) "
            "ORDER BY article_id, start_char, end_char, entity_id LIMIT ?",
            [last[0], last[0], last[1], last[0], last[1], last[2], last[0], last[1], last[2], last[3], _PAGE],
        )
        if not page:
            return
        for r in page:
            eid = r["resolved_id"] or r["entity_id"]
            yield {
                "entity_id": redirects.get(eid, eid), "article_id": r["article_id"],
                "start": int(r["start_char"]), "end": int(r["end_char"]), "text": r["text"],
            }
        t = page[-1]
        last = (t["article_id"], int(t["start_char"]), int(t["end_char"]), t["entity_id"])


iter_mentions.arrow_schema = pa.schema([  # type: ignore[attr-defined]
    ("entity_id", pa.string()), ("article_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()),
])
