"""The ``techniques`` and ``roles`` exports (INTERFACE.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.entities.api import canonical_ids
from newstrace.store.base import Store

TECHNIQUE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("technique", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("score", pa.float64()),
    ]
)
ROLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("entity_id", pa.string()),
        ("mention", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("main_role", pa.string()),
        ("main_score", pa.float64()),
        ("fine_roles", pa.list_(pa.string())),
    ]
)


def technique_record(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": r["article_id"], "technique": r["technique"], "start": int(r["start_char"]),
        "end": int(r["end_char"]), "text": r["text"], "score": float(r["score"]),
    }


def role_record(r: dict[str, Any], folded: dict[str, str]) -> dict[str, Any]:
    return {
        "article_id": r["article_id"], "entity_id": folded.get(r["entity_id"], r["entity_id"]),
        "mention": r["mention"], "start": int(r["start_char"]), "end": int(r["end_char"]),
        "main_role": r["main_role"], "main_score": float(r["main_score"]),
        "fine_roles": json.loads(r["fine_roles_json"] or "[]"),
    }


def iter_techniques(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.iter_rows("techniques", order_by="article_id, start_char, end_char, technique"):
        yield technique_record(r)


def iter_roles(store: Store) -> Iterator[dict[str, Any]]:
    folded = canonical_ids(store)
    for r in store.iter_rows("roles", order_by="article_id, start_char, end_char"):
        yield role_record(r, folded)


iter_techniques.arrow_schema = TECHNIQUE_SCHEMA  # type: ignore[attr-defined]
iter_roles.arrow_schema = ROLE_SCHEMA  # type: ignore[attr-defined]
