"""``entities`` and ``mentions`` export records (INTERFACE.md), from the ``Entity`` and
``Mention`` records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newstrace import schema
from newstrace.entities.api import canonical_ids
from newstrace.records import Entity, Mention
from newstrace.store.base import Store

_PAGE = 5000


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.iter_rows("entities", order_by="id"):
        yield schema.from_row(Entity, r).to_dict()


iter_entities.arrow_schema = schema.arrow_schema(Entity)  # type: ignore[attr-defined]


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
            m: Mention = schema.from_row(Mention, r)
            eid = r["resolved_id"] or r["entity_id"]
            m.entity_id = redirects.get(eid, eid)
            yield m.to_dict()
        t = page[-1]
        last = (t["article_id"], int(t["start_char"]), int(t["end_char"]), t["entity_id"])


iter_mentions.arrow_schema = schema.arrow_schema(Mention)  # type: ignore[attr-defined]
