"""The ``claims`` export (INTERFACE.md), streamed to keep memory bounded; its fields, columns
and Arrow schema come from the ``Claim`` record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newstrace import schema
from newstrace.entities.api import canonical_ids
from newstrace.records import Claim
from newstrace.store.base import Store

CLAIM_SCHEMA = schema.arrow_schema(Claim)


def row_to_record(r: dict[str, Any], canonical: dict[str, str]) -> dict[str, Any]:
    """A ``claims`` row as its export record, the speaker's entity id folded into the
    entity it was merged into."""
    claim: Claim = schema.from_row(Claim, r)
    if claim.speaker and claim.speaker.entity_id:
        claim.speaker.entity_id = canonical.get(claim.speaker.entity_id, claim.speaker.entity_id)
    return claim.to_dict()


def iter_claims(store: Store) -> Iterator[dict[str, Any]]:
    canonical = canonical_ids(store)
    for r in store.iter_rows("claims", order_by="article_id, content_start, cue_start, id"):
        yield row_to_record(r, canonical)


iter_claims.arrow_schema = CLAIM_SCHEMA  # type: ignore[attr-defined]
