"""The ``entities`` and ``mentions`` exports (INTERFACE.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.store.base import Store


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.query("SELECT * FROM entities ORDER BY mention_count DESC, id"):
        yield {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "aliases": json.loads(r["aliases_json"]),
            "mention_count": r["mention_count"],
            "article_count": r["article_count"],
        }


iter_entities.arrow_schema = pa.schema(  # type: ignore[attr-defined]
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("mention_count", pa.int64()),
        ("article_count", pa.int64()),
    ]
)


def iter_mentions(store: Store) -> Iterator[dict[str, Any]]:
    # One article at a time so memory stays flat on large corpora.
    yield from for_articles(store, store.article_ids())


iter_mentions.arrow_schema = pa.schema(  # type: ignore[attr-defined]
    [
        ("entity_id", pa.string()),
        ("article_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
    ]
)


def for_articles(store: Store, ids: list[str]) -> Iterator[dict[str, Any]]:
    """Mentions of a few articles (the web app's fast path)."""
    for article_id in ids:
        for r in store.query(
            'SELECT start, "end", text, resolved_id FROM mentions WHERE article_id = ? ORDER BY start, "end"',
            [article_id],
        ):
            yield {"entity_id": r["resolved_id"], "article_id": article_id, "start": r["start"], "end": r["end"], "text": r["text"]}


iter_mentions.for_articles = for_articles  # type: ignore[attr-defined]
