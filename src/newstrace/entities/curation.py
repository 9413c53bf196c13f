"""Analyst curation of entities that survives re-analysis.

Every operation is appended to ``entity_curation`` and the resolution stage re-applies the
whole list, in order, after its automatic merges on every run; then the tables are rebuilt
right away so the change is visible at once. Ids are the deterministic entity ids, so an
operation keeps meaning the same thing when articles are analysed again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newstrace.entities.api import canonical_ids
from newstrace.entities.resolve import EntityResolutionStage, split_id
from newstrace.errors import UsageError
from newstrace.store.base import Store


class UnknownEntity(UsageError):
    def __init__(self, entity_id: str) -> None:
        super().__init__(
            f"no entity with id {entity_id!r} in this database. List ids with "
            "'newstrace entities list --db DB' (add --name TEXT to filter), then try again."
        )


def _current(store: Store, entity_id: str) -> str:
    """The surviving id for an id the analyst typed (it may have been folded)."""
    entity_id = entity_id.strip()
    target = canonical_ids(store).get(entity_id, entity_id)
    if not store.query("SELECT id FROM entities WHERE id = ?", [target]):
        raise UnknownEntity(entity_id)
    return target


def _record(store: Store, op: str, entity_id: str, other_id: str | None = None, value: str | None = None) -> None:
    row = store.query("SELECT COALESCE(MAX(seq), 0) AS n FROM entity_curation")[0]
    store.insert_rows("entity_curation", [{
        "seq": int(row["n"]) + 1, "op": op, "entity_id": entity_id, "other_id": other_id, "value": value,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }])


def _rebuild(store: Store) -> None:
    EntityResolutionStage().run(store, lambda *_: None)


def merge(store: Store, keep_id: str, other_id: str) -> str:
    """Fold ``other_id`` into ``keep_id``; returns the surviving id."""
    keep, other = _current(store, keep_id), _current(store, other_id)
    if keep == other:
        return keep
    with store.transaction():
        _record(store, "merge", keep, other)
    _rebuild(store)
    return keep


def split(store: Store, entity_id: str, alias: str) -> str:
    """Move the mentions written as ``alias`` out of the entity into a new one; returns its id."""
    eid = _current(store, entity_id)
    alias = alias.strip()
    if not alias:
        raise UsageError("the alias to split off is empty: give the text of the mentions to move.")
    rows = store.query("SELECT text FROM mentions WHERE resolved_id = ?", [eid])
    from newstrace.entities.names import normalise_name

    if not any(normalise_name(r["text"]) == normalise_name(alias) for r in rows):
        raise UsageError(
            f"entity {eid!r} has no mention written {alias!r}; see its aliases with "
            f"'newstrace entities show {eid} --db DB'."
        )
    with store.transaction():
        _record(store, "split", eid, value=alias)
    _rebuild(store)
    return split_id(eid, alias)


def rename(store: Store, entity_id: str, name: str) -> str:
    return _record_text(store, "rename", entity_id, name, "the new name is empty: give the name the entity should have.")


def add_alias(store: Store, entity_id: str, alias: str) -> str:
    """Record that ``alias`` names this entity: mentions written so move to it."""
    return _record_text(store, "alias", entity_id, alias, "the alias is empty: give the text that should name this entity.")


def _record_text(store: Store, op: str, entity_id: str, text: str, empty_message: str) -> str:
    """Record an operation carrying a non-empty text (a name or an alias), then rebuild."""
    eid = _current(store, entity_id)
    text = " ".join(text.split())
    if not text:
        raise UsageError(empty_message)
    with store.transaction():
        _record(store, op, eid, value=text)
    _rebuild(store)
    return eid


def operations(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM entity_curation ORDER BY seq")
