"""Analysts' curation of entities: merge, split, rename, add an alias.

Each action is stored as an operation and replayed, in order, after every automatic
resolution: a re-analysis recomputes the automatic part and then re-applies the
analyst's clean-up, so a rerun never undoes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from newstrace.entities.api import normalise_name
from newstrace.errors import NewstraceError
from newstrace.ids import digest
from newstrace.store.base import Store

if TYPE_CHECKING:
    from newstrace.entities.resolve import UnionFind


class UnknownEntity(NewstraceError):
    code = "E101"

    def __init__(self, entity_id: str) -> None:
        super().__init__(
            f"no entity with id {entity_id!r}. List ids with 'newstrace entities list --db DB' "
            "(or export --what entities)."
        )


def _known(store: Store, entity_id: str) -> bool:
    return bool(
        store.query("SELECT 1 FROM entities WHERE id = ?", [entity_id])
        or store.query("SELECT 1 FROM entity_redirects WHERE from_id = ?", [entity_id])
        or store.query("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", [entity_id])
    )


def _record(store: Store, op: str, **args: Any) -> None:
    for key in ("keep_id", "other_id", "entity_id"):
        if key in args and not _known(store, args[key]):
            raise UnknownEntity(args[key])
    store.insert_rows("entity_curation", [{"op": op, "args_json": json.dumps(args, sort_keys=True)}])
    _reresolve(store)


def _reresolve(store: Store) -> None:
    from newstrace.entities.resolve import EntityResolutionStage

    EntityResolutionStage().run(store, lambda *_: None)


def merge(store: Store, keep_id: str, other_id: str) -> str:
    """Fold ``other_id`` into ``keep_id``; returns the surviving id."""
    if keep_id == other_id:
        raise NewstraceError("merge needs two different entity ids.")
    _record(store, "merge", keep_id=keep_id, other_id=other_id)
    return keep_id


def split(store: Store, entity_id: str, alias: str) -> str:
    """Move the mentions written ``alias`` out of the entity into a new one; returns its id."""
    if not alias.strip():
        raise NewstraceError("split needs the alias whose mentions form the new entity.")
    _record(store, "split", entity_id=entity_id, alias=alias)
    return split_id(entity_id, alias)


def rename(store: Store, entity_id: str, name: str) -> None:
    if not name.strip():
        raise NewstraceError("rename needs a non-empty name.")
    _record(store, "rename", entity_id=entity_id, name=name.strip())


def add_alias(store: Store, entity_id: str, alias: str) -> None:
    """Record an alias; entities named exactly that alias are folded into this one."""
    if not alias.strip():
        raise NewstraceError("alias add needs a non-empty alias.")
    _record(store, "alias", entity_id=entity_id, alias=alias.strip())


def split_id(entity_id: str, alias: str) -> str:
    return "e_" + digest("split", entity_id, normalise_name(alias))


def replay(store: Store, uf: UnionFind, entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Apply stored operations to the automatic groups ``uf`` (in place); returns the
    name overrides, extra aliases and mention splits for writing the tables."""
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    splits: dict[tuple[str, str], str] = {}
    by_name: dict[str, list[str]] = defaultdict(list)
    for i, e in entities.items():
        by_name[normalise_name(e["name"])].append(i)
    for row in store.query("SELECT op, args_json FROM entity_curation ORDER BY seq"):
        args = json.loads(row["args_json"])
        op = row["op"]
        if op == "merge":
            uf.union(args["keep_id"], args["other_id"], keep=uf.find(args["keep_id"]))
        elif op == "rename":
            names[uf.find(args["entity_id"])] = args["name"]
        elif op == "alias":
            root = uf.find(args["entity_id"])
            aliases[root].append(args["alias"])
            for other in sorted(by_name.get(normalise_name(args["alias"]), [])):
                uf.union(root, other, keep=root)
        elif op == "split":
            root = uf.find(args["entity_id"])
            splits[(root, normalise_name(args["alias"]))] = split_id(args["entity_id"], args["alias"])
    # Overrides recorded against an id that later merged elsewhere follow the survivor.
    names = {uf.find(k): v for k, v in names.items()}
    return {"names": names, "aliases": {uf.find(k): v for k, v in aliases.items()}, "splits": splits}
