"""The ``claims`` export (INTERFACE.md), streamed in pages to keep memory bounded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.entities.api import canonical_ids
from newstrace.store.base import Store

_SPAN = [("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())]

CLAIM_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("kind", pa.string()),
        ("speaker", pa.struct([*_SPAN, ("entity_id", pa.string())])),
        ("cue", pa.struct(_SPAN)),
        ("content", pa.struct(_SPAN)),
    ]
)
_PAGE = 1000


def row_to_record(r: dict[str, Any], canonical: dict[str, str]) -> dict[str, Any]:
    speaker = None
    if r["speaker_start"] is not None:
        eid = r["speaker_entity_id"]
        speaker = {
            "text": r["speaker_text"],
            "start": int(r["speaker_start"]),
            "end": int(r["speaker_end"]),
            "entity_id": canonical.get(eid, eid) if eid else None,
        }
    return {
        "id": r["id"],
        "article_id": r["article_id"],
        "kind": r["kind"],
        "speaker": speaker,
        "cue": {"text": r["cue_text"], "start": int(r["cue_start"]), "end": int(r["cue_end"])},
        "content": {"text": r["content_text"], "start": int(r["content_start"]), "end": int(r["content_end"])},
    }


def iter_claims(store: Store) -> Iterator[dict[str, Any]]:
    canonical = canonical_ids(store)
    for r in store.iter_rows("claims", order_by="article_id, content_start, cue_start, id", page=_PAGE):
        yield row_to_record(r, canonical)


iter_claims.arrow_schema = CLAIM_SCHEMA  # type: ignore[attr-defined]
