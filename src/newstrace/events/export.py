"""The ``events`` export (INTERFACE.md), one record per event mention."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from newstrace import schema
from newstrace.entities.api import canonical_ids
from newstrace.events.records import EventMention
from newstrace.store.base import Store

EVENT_SCHEMA = schema.arrow_schema(EventMention)


def row_to_record(r: dict[str, Any], folded: dict[str, str]) -> dict[str, Any]:
    """An ``events`` row as its export record: actors' entity ids folded into the entities
    they were merged into; an event not grouped with others is its own group."""
    e: EventMention = schema.from_row(EventMention, r)
    e.event_group = e.event_group or e.id
    e.actors = [replace(a, entity_id=folded.get(a.entity_id, a.entity_id)) if a.entity_id else a for a in e.actors]
    return e.to_dict()


def iter_events(store: Store) -> Iterator[dict[str, Any]]:
    folded = canonical_ids(store)
    for r in store.iter_rows("events", order_by="article_id, trigger_start, id"):
        yield row_to_record(r, folded)


iter_events.arrow_schema = EVENT_SCHEMA  # type: ignore[attr-defined]
