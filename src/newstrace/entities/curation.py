"""Analyst curation of entities that survives re-analysis.

Every operation is appended to ``entity_curation`` and the resolution stage re-applies the
whole list, in order, after its automatic merges on every run. Ids are the deterministic
entity ids, so an operation keeps meaning the same thing when articles are analysed again.

A merge, the operation analysts repeat most, updates the tables in place (the merged
entity's mentions, counts, aliases, names, redirects and claims index: indexed statements
whose writes grow with the merged entity, not with the one it joins), giving the rows a
full rebuild would, and keeps what it changed (``entity_merge_undo``) so that its undo puts
those rows back in place too. Split, rename and alias changes are done and undone in
place the same way (``_apply_in_place``). Undo rebuilds the tables (the resolution stage's
work over every mention) only when the rows kept no longer describe them (after a rebuild).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from newstrace.entities import article_entities
from newstrace.entities.names import normalise_name
from newstrace.entities.resolve import EntityResolutionStage, split_id
from newstrace.entities.suggest import names_of
from newstrace.errors import UsageError
from newstrace.store.base import Store, in_list

OPERATIONS = ("merge", "split", "rename", "alias", "unalias", "distinct")
# Operations that move mentions by their text (resolve._apply changes their base id): with
# one of them in the log, an entity's mentions are no longer its folded ids' mentions, and
# the undo of a merge kept without its mention groups (by an older version) rebuilds.
_MOVES_MENTIONS = ("split", "alias", "unalias")
_IN_PLACE = ("split", "rename", "alias", "unalias")  # done and undone in place (``_apply_in_place``)


class UnknownEntity(UsageError):
    def __init__(self, entity_id: str) -> None:
        super().__init__(
            f"no entity with id {entity_id!r} in this database. List ids with "
            "'newstrace entities list --db DB' (add --name TEXT to filter), then try again."
        )


def _current(store: Store, entity_id: str) -> str:
    """The surviving id for an id the analyst typed (it may have been folded)."""
    entity_id = entity_id.strip()
    target = resolve_id(store, entity_id) or entity_id
    if not store.query("SELECT id FROM entities WHERE id = ?", [target]):
        raise UnknownEntity(entity_id)
    return target


def resolve_id(store: Store, entity_id: str) -> str | None:
    """The surviving id an id was folded into, or None if it was never folded."""
    rows = store.query("SELECT to_id FROM entity_redirects WHERE from_id = ?", [entity_id])
    return str(rows[0]["to_id"]) if rows else None


def _record(store: Store, op: str, entity_id: str, other_id: str | None = None, value: str | None = None) -> int:
    row = store.query("SELECT COALESCE(MAX(seq), 0) AS n FROM entity_curation")[0]
    seq = int(row["n"]) + 1
    store.insert_rows("entity_curation", [{
        "seq": seq, "op": op, "entity_id": entity_id, "other_id": other_id, "value": value,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }])
    return seq


def _rebuild(store: Store) -> None:
    EntityResolutionStage().run(store, lambda *_: None)
    _refresh_claims(store)
    if refresh := _summaries("refresh"):
        refresh(store)


def _summaries(name: str) -> Any:
    """A function of the workbench's per-entity summaries (newstrace.web.summaries), or
    None when the web app is not in this build."""
    from newstrace.pipeline import registry

    ref = f"newstrace.web.summaries:{name}"
    return registry.load(ref) if registry.available(ref) else None


def _refresh_claims(store: Store) -> None:
    """The claims view's index holds resolved speakers and the entities claims are about:
    rebuilt after the entities are (when the claims stage is in this build)."""
    from newstrace.pipeline import registry

    ref = "newstrace.claims.statements:refresh_index"
    if registry.available(ref):
        registry.load(ref)(store)


def merge(store: Store, keep_id: str, other_id: str, *, summaries: bool = True) -> str:
    """Fold ``other_id`` into ``keep_id``; returns the surviving id. ``summaries=False``:
    the survivor's workbench summary is left deleted (its pages read live) for the caller
    to rewrite later with ``refresh_summaries`` (the web app does it after answering)."""
    keep, other = _current(store, keep_id), _current(store, other_id)
    if keep == other:
        return keep
    with store.transaction():
        _fold(store, keep, other, _record(store, "merge", keep, other))
    if summaries:
        refresh_summaries(store, [keep, other])
    return keep


def merge_many(store: Store, keep_id: str, other_ids: list[str], *, summaries: bool = True) -> str:
    """Fold several entities into one (the multi-select merge); returns the surviving id."""
    keep = _current(store, keep_id)
    others = [_current(store, o) for o in other_ids]
    with store.transaction():
        for other in dict.fromkeys(others):
            if other != keep:
                _fold(store, keep, other, _record(store, "merge", keep, other))
    if summaries:
        refresh_summaries(store, [keep, *others])
    return keep


def refresh_summaries(store: Store, entity_ids: list[str]) -> None:
    """After a merge or its undo (its transaction retired the entities' summaries): those
    of the entities that exist, rewritten from their articles; the others' rows deleted."""
    if refresh := _summaries("refresh"):
        refresh(store, entity_ids)


def _fold(store: Store, keep: str, other: str, seq: int) -> None:
    """The tables after merging ``other`` into ``keep``, by indexed statements (writes grow
    with ``other``'s size, reads with the two entities' mentions): the same rows a
    full rebuild writes, except the aliases' order (the survivor's first, then the merged
    entity's new ones; a rebuild orders them by mention count). What it changes is kept
    under ``seq`` for undo (``_unfold``)."""
    rows = {r["id"]: r for r in store.query("SELECT * FROM entities WHERE id IN (?, ?)", [keep, other])}
    k, o = rows[keep], rows[other]
    # Rows deleted are kept whole; rows updated by their keys (the mentions by their
    # per-article ids: those folded into ``other`` are the redirects to it).
    about_by_other = "entity_id IN (?, ?) AND claim_id IN (SELECT claim_id FROM claim_index WHERE speaker_id = ?)"
    about_dup = (
        "entity_id = ? AND (EXISTS (SELECT 1 FROM claim_index ci WHERE ci.claim_id = claim_about.claim_id AND "
        "ci.speaker_id = ?) OR EXISTS (SELECT 1 FROM claim_about x WHERE x.entity_id = ? AND x.claim_id = claim_about.claim_id))"
    )
    undo: dict[str, Any] = {
        "keep": k, "other": o,
        "redirects": [r["from_id"] for r in store.query("SELECT from_id FROM entity_redirects WHERE to_id = ?", [other])],
        "names": store.query("SELECT name_key, entity_id, name FROM entity_names WHERE entity_id IN (?, ?)", [keep, other]),
        "suggestions": store.query(
            "SELECT entity_id, other_id, reason, score FROM entity_suggestions WHERE entity_id = ? OR other_id = ?", [other, other]
        ),
        "about_deleted": store.query(
            f"SELECT entity_id, claim_id, published FROM claim_about WHERE {about_by_other}", [keep, other, other]  # noqa: S608
        ),
        "spoken": [r["claim_id"] for r in store.query("SELECT claim_id FROM claim_index WHERE speaker_id = ?", [other])],
    }
    moves = in_list("op", _MOVES_MENTIONS)
    if store.query(f"SELECT 1 FROM entity_curation WHERE {moves[0]} LIMIT 1", moves[1]):  # noqa: S608
        # A split or alias in the log moved mentions by their text: the merged entity's
        # mentions are kept as the whole (per-article id, text) groups that resolution and
        # curation move (per-article id -> its texts). Without one, they are its folded
        # ids' mentions (``redirects`` and itself), which undo reads by their index.
        undo["groups"] = _groups(store, other)
    aliases = json.loads(k["aliases_json"])
    aliases += [a for a in json.loads(o["aliases_json"]) if a not in aliases]
    # Articles mentioning both: the merged entity's articles (their index) that have a row
    # of the survivor's (the key).
    store.execute("UPDATE mentions SET resolved_id = ? WHERE resolved_id = ?", [keep, other])
    article_entities.fold(store, keep, other)
    # The survivor's articles: its rows of article_entities now (read on their index).
    articles = store.query("SELECT COUNT(*) AS n FROM article_entities WHERE entity_id = ?", [keep])[0]["n"]
    store.execute(
        "UPDATE entities SET aliases_json = ?, mention_count = ?, article_count = ? WHERE id = ?",
        [json.dumps(aliases, ensure_ascii=False), int(k["mention_count"]) + int(o["mention_count"]), int(articles), keep],
    )
    store.execute("DELETE FROM entities WHERE id = ?", [other])
    store.execute("UPDATE entity_redirects SET to_id = ? WHERE to_id = ?", [keep, other])
    store.execute("INSERT INTO entity_redirects (from_id, to_id) VALUES (?, ?)", [other, keep])
    store.execute("DELETE FROM entity_names WHERE entity_id IN (?, ?)", [keep, other])
    written = {normalise_name(a): a for a in reversed(aliases)}
    written[normalise_name(k["name"])] = k["name"]
    store.insert_rows(
        "entity_names",
        [{"name_key": key, "entity_id": keep, "name": written.get(key, key)} for key in names_of(k["name"], aliases) if key],
    )
    store.execute("DELETE FROM entity_suggestions WHERE entity_id = ? OR other_id = ?", [other, other])
    # The claims view's index (claims.statements.refresh_index) follows the merge: a claim
    # is not "about" its own speaker, and about one entity once.
    _delete_about(store, undo["about_deleted"])
    dup = store.query(f"SELECT entity_id, claim_id, published FROM claim_about WHERE {about_dup}", [other, keep, keep])  # noqa: S608
    _delete_about(store, dup)
    undo["about_deleted"] += dup
    undo["about_moved"] = [r["claim_id"] for r in store.query("SELECT claim_id FROM claim_about WHERE entity_id = ?", [other])]
    store.execute("UPDATE claim_about SET entity_id = ? WHERE entity_id = ?", [keep, other])
    store.execute("UPDATE claim_index SET speaker_id = ? WHERE speaker_id = ?", [keep, other])
    store.insert_rows("entity_merge_undo", [{"seq": seq, "state_json": json.dumps(undo, ensure_ascii=False)}])
    # The workbench's summaries: the two entities' are now wrong (read live until the
    # survivor's is rewritten after the commit).
    if retire := _summaries("retire"):
        retire(store, [keep, other])


def _groups(store: Store, entity_id: str) -> dict[str, list[str]]:
    """The entity's mentions as (per-article id -> mention texts) groups."""
    out: dict[str, list[str]] = {}
    for r in store.query("SELECT DISTINCT entity_id, text FROM mentions WHERE resolved_id = ?", [entity_id]):
        out.setdefault(r["entity_id"], []).append(r["text"])
    return out


def _delete_about(store: Store, rows: list[dict[str, Any]]) -> None:
    """Delete these ``claim_about`` rows by their key (read once, to be kept for undo)."""
    by_entity: dict[str, list[str]] = {}
    for r in rows:
        by_entity.setdefault(r["entity_id"], []).append(r["claim_id"])
    for entity_id, claim_ids in by_entity.items():
        for chunk in _chunks(claim_ids):
            cond, params = in_list("claim_id", chunk)
            store.execute(f"DELETE FROM claim_about WHERE entity_id = ? AND {cond}", [entity_id, *params])  # noqa: S608


def _unfold(store: Store, op: dict[str, Any]) -> bool:
    """Undo the merge ``op`` (the latest operation) in place from what ``_fold`` kept;
    False, with nothing changed, when that cannot be done exactly (the caller rebuilds)."""
    kept = store.query("SELECT state_json FROM entity_merge_undo WHERE seq = ?", [op["seq"]])
    if not kept:
        return False
    undo = json.loads(kept[0]["state_json"])
    moves = in_list("op", _MOVES_MENTIONS)
    if "groups" not in undo and store.query(f"SELECT 1 FROM entity_curation WHERE {moves[0]} LIMIT 1", moves[1]):  # noqa: S608
        return False  # kept by an older version, without the groups: by the folded ids, not exact here
    # (Without a split or alias before the merge, the latest operation, its folded ids are exact.)
    k, o = undo["keep"], undo["other"]
    keep, other = k["id"], o["id"]
    try:
        with store.transaction():
            store.execute("DELETE FROM entity_curation WHERE seq = ?", [op["seq"]])
            store.execute("DELETE FROM entity_merge_undo WHERE seq = ?", [op["seq"]])
            store.execute(
                "UPDATE entities SET name = ?, type = ?, aliases_json = ?, mention_count = ?, article_count = ? WHERE id = ?",
                [k["name"], k["type"], k["aliases_json"], k["mention_count"], k["article_count"], keep],
            )
            store.insert_rows("entities", [o])
            store.execute("DELETE FROM entity_redirects WHERE from_id = ?", [other])
            for chunk in _chunks(undo["redirects"]):
                cond, params = in_list("from_id", chunk)
                store.execute(f"UPDATE entity_redirects SET to_id = ? WHERE {cond}", [other, *params])  # noqa: S608
            if "groups" in undo:
                # By the per-article id's index (each id's mentions read once; "|| ''" keeps
                # SQLite's planner off the survivor's much longer list of mentions).
                for entity_id, texts in undo["groups"].items():
                    for chunk in _chunks(texts):
                        cond, params = in_list("text", chunk)
                        store.execute(
                            f"UPDATE mentions SET resolved_id = ? WHERE entity_id = ? AND resolved_id || '' = ? AND {cond}",  # noqa: S608
                            [other, entity_id, keep, *params],
                        )
            else:
                # The merged entity's folded ids (itself and those redirected to it), by their index.
                for chunk in _chunks([other, *undo["redirects"]]):
                    cond, params = in_list("entity_id", chunk)
                    store.execute(
                        f"UPDATE mentions SET resolved_id = ? WHERE {cond} AND resolved_id || '' = ?",  # noqa: S608
                        [other, *params, keep],
                    )
            moved = store.query("SELECT COUNT(*) AS n FROM mentions WHERE resolved_id = ?", [other])[0]["n"]
            if int(moved) != int(o["mention_count"]):
                raise _NotExact
            article_entities.unfold(store, keep, other)
            store.execute("DELETE FROM entity_names WHERE entity_id IN (?, ?)", [keep, other])
            store.insert_rows("entity_names", undo["names"])
            store.insert_rows("entity_suggestions", undo["suggestions"])
            # The merged entity's claims (by key: all the survivor's since the merge, the
            # latest operation) and "about" rows (by the survivor's key).
            for chunk in _chunks(undo["spoken"]):
                cond, params = in_list("claim_id", chunk)
                store.execute(f"UPDATE claim_index SET speaker_id = ? WHERE {cond}", [other, *params])  # noqa: S608
            for chunk in _chunks(undo["about_moved"]):
                cond, params = in_list("claim_id", chunk)
                store.execute(f"UPDATE claim_about SET entity_id = ? WHERE entity_id = ? AND {cond}", [other, keep, *params])  # noqa: S608
            store.insert_rows("claim_about", undo["about_deleted"])
            if retire := _summaries("retire"):
                retire(store, [keep, other])
    except _NotExact:
        return False
    return True


class _NotExact(Exception):
    """The rows a merge kept no longer describe the tables: rolled back, rebuilt instead."""


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def split(store: Store, entity_id: str, alias: str, *, summaries: bool = True, touched: list[str] | None = None) -> str:
    """Move the mentions written as ``alias`` out of the entity into a new one; returns its id.
    ``summaries`` and ``touched``: as for ``rename``."""
    eid = _current(store, entity_id)
    alias = alias.strip()
    if not alias:
        raise UsageError("the alias to split off is empty: give the text of the mentions to move.")
    key = normalise_name(alias)
    rows = store.query("SELECT DISTINCT text FROM mentions WHERE resolved_id = ?", [eid])
    if not any(normalise_name(r["text"]) == key for r in rows):
        raise UsageError(
            f"entity {eid!r} has no mention written {alias!r}; see its aliases with "
            f"'newstrace entities show {eid} --db DB'."
        )
    _in_place(store, "split", eid, alias, summaries, touched)
    return split_id(eid, alias)


def rename(store: Store, entity_id: str, name: str, *, summaries: bool = True, touched: list[str] | None = None) -> str:
    """Give the entity another name. Done in place, as the other operations on one entity's
    names (``split``, ``add_alias``, ``remove_alias``), and taken back in place by ``undo``.
    ``summaries=False``: the workbench summaries of the entities it changed are left
    retired (their pages read live) for the caller to rewrite (``refresh_summaries`` of
    the ids it appends to ``touched``)."""
    return _record_text(store, "rename", entity_id, name, "the new name is empty: give the name the entity should have.",
                        summaries, touched)


def add_alias(store: Store, entity_id: str, alias: str, *, summaries: bool = True, touched: list[str] | None = None) -> str:
    """Record that ``alias`` names this entity: mentions written so move to it."""
    return _record_text(store, "alias", entity_id, alias, "the alias is empty: give the text that should name this entity.",
                        summaries, touched)


def _record_text(
    store: Store, op: str, entity_id: str, text: str, empty_message: str, summaries: bool, touched: list[str] | None,
) -> str:
    """Apply an operation carrying a non-empty text (a name or an alias)."""
    eid = _current(store, entity_id)
    text = " ".join(text.split())
    if not text:
        raise UsageError(empty_message)
    _in_place(store, op, eid, text, summaries, touched)
    return eid


def remove_alias(store: Store, entity_id: str, alias: str, *, summaries: bool = True, touched: list[str] | None = None) -> str:
    """The name stops naming this entity: an alias added by hand is dropped, and mentions
    written so move out into an entity of their own (as a split does)."""
    return _record_text(store, "unalias", entity_id, alias, "the alias to remove is empty: give the alias as listed.",
                        summaries, touched)


# -- split, rename, alias and unalias in place --------------------------------------------------
# What they change is what entity resolution would write with the operation appended to the
# log (resolve._apply): whole (per-article entity id, mention text) groups of mentions move
# to another entity, so the rows to rewrite are those of the entities the groups leave and
# join. Kept for undo (``entity_merge_undo``, ``kind`` "rows"): those entities' rows as they
# were, the redirects to them, their names and suggestions, the claims they spoke (when one
# of them is left without mentions) and each moved group's entity before; the counts,
# ``article_entities`` and ``claim_about`` are counted again from the mentions both ways.


def _in_place(store: Store, op: str, eid: str, value: str, summaries: bool, touched: list[str] | None) -> None:
    with store.transaction():
        seq = _record(store, op, eid, value=value)
        changed = _apply_in_place(store, seq, op, eid, value)
    if changed is None:  # a case kept to the whole resolution (see _apply_in_place)
        _rebuild(store)
        changed = []
    elif summaries:
        refresh_summaries(store, changed)
    if touched is not None:
        touched.extend(changed)


def _apply_in_place(store: Store, seq: int, op: str, eid: str, value: str) -> list[str] | None:
    """The tables after the operation ``seq``; the entities it changed, or None (nothing
    changed) when it is left to a rebuild: a split whose new id exists already (an earlier
    split of the same name, since merged or emptied)."""
    key = normalise_name(value)
    dest: str | None = None  # where the moved groups go
    if op == "split" or op == "unalias":
        dest = split_id(eid, value)
        if store.query("SELECT 1 FROM entities WHERE id = ? UNION ALL SELECT 1 FROM entity_redirects WHERE from_id = ? OR to_id = ?",
                       [dest, dest, dest]) or store.query(
            "SELECT 1 FROM entity_curation WHERE seq < ? AND (entity_id = ? OR other_id = ?)", [seq, dest, dest]
        ):
            return None
        groups = [(r["entity_id"], r["text"], eid) for r in store.query(
            "SELECT DISTINCT entity_id, text FROM mentions WHERE resolved_id = ?", [eid]
        ) if normalise_name(r["text"]) == key]
    elif op == "alias":
        dest = eid
        # Every group whose text is the alias, wherever it is now, as entity resolution finds
        # them: those of the entities named so (an entity's names hold every text of its
        # mentions but titles written with "the"), and the titles (migration 0029).
        groups = list(dict.fromkeys((r["entity_id"], r["text"], r["resolved_id"]) for r in _texts_named(store, key, eid)
                                    if r["resolved_id"] != eid and normalise_name(r["text"]) == key))
    else:  # rename
        groups = []
    ids = list(dict.fromkeys([eid, *(g[2] for g in groups), *([dest] if groups and dest else [])]))
    kept = _rows_of(store, ids)
    kept["kind"], kept["moved"], kept["dest"] = "rows", [list(g) for g in groups], dest
    for entity_id, text, was in groups:
        store.execute("UPDATE mentions SET resolved_id = ? WHERE entity_id = ? AND text = ? AND resolved_id = ?",
                      [dest, entity_id, text, was])
    existing = {r["id"]: r for r in kept["entities"]}
    if dest and groups and dest not in existing:
        # The new entity of a split: named as typed, of the entity's type (resolve._apply).
        existing[dest] = {"id": dest, "name": value, "type": existing[eid]["type"]}
    if op == "rename":
        existing[eid] = {**existing[eid], "name": value}
    emptied = _write_entities(store, seq, list(existing.values()))
    if emptied:
        # Claims spoken by an entity left without mentions: their speaker is the per-article id
        # again (claims.statements.refresh_index: no redirect leads anywhere from it).
        cond, params = in_list("speaker_id", emptied)
        kept["spoken"] = store.query(f"SELECT claim_id, speaker_id FROM claim_index WHERE {cond}", params)  # noqa: S608
        store.execute(
            f"UPDATE claim_index SET speaker_id = (SELECT c.speaker_entity_id FROM claims c WHERE c.id = claim_index.claim_id) "  # noqa: S608
            f"WHERE {cond}",
            params,
        )
    if groups:
        _recount(store, ids)
    store.insert_rows("entity_merge_undo", [{"seq": seq, "state_json": json.dumps(kept, ensure_ascii=False)}])
    if retire := _summaries("retire"):
        retire(store, ids)
    return ids


def _texts_named(store: Store, key: str, eid: str) -> list[dict[str, Any]]:
    """(entity_id, text, resolved_id) groups of mentions that may be written as ``key``
    (a normalised name), outside entity ``eid``."""
    if not store.query("SELECT 1 FROM entity_names LIMIT 1"):  # names not written yet: every group
        return list(store.stream("SELECT DISTINCT entity_id, text, resolved_id FROM mentions"))
    named = [r["entity_id"] for r in store.query(
        "SELECT entity_id FROM entity_names WHERE name_key = ? AND entity_id != ? ORDER BY entity_id", [key, eid]
    )]
    cond, params = in_list("resolved_id", named)
    return store.query(f"SELECT DISTINCT entity_id, text, resolved_id FROM mentions WHERE {cond}", params) + store.query(  # noqa: S608
        "SELECT DISTINCT entity_id, text, resolved_id FROM mentions WHERE role = 'title'"
    )


def _rows_of(store: Store, ids: list[str]) -> dict[str, Any]:
    """The rows of these entities an in-place operation may change, as they are now."""
    cond, params = in_list("{}", ids)

    def where(column: str) -> str:
        return cond.replace("{}", column)

    return {
        "ids": ids,
        "entities": store.query(f"SELECT * FROM entities WHERE {where('id')}", params),  # noqa: S608
        "redirects": store.query(f"SELECT from_id, to_id FROM entity_redirects WHERE {where('to_id')}", params),  # noqa: S608
        "names": store.query(f"SELECT name_key, entity_id, name FROM entity_names WHERE {where('entity_id')}", params),  # noqa: S608
        "suggestions": store.query(
            "SELECT entity_id, other_id, reason, score FROM entity_suggestions "  # noqa: S608
            f"WHERE {where('entity_id')} OR {where('other_id')}",
            [*params, *params],
        ),
        "spoken": [],
    }


def _extra_aliases(store: Store, seq: int, entity_id: str) -> list[str]:
    """The aliases added by hand to this entity up to operation ``seq`` and not removed
    since (resolve._apply keeps them under the entity the operation named)."""
    extra: list[str] = []
    for r in store.query(
        "SELECT op, value FROM entity_curation WHERE entity_id = ? AND op IN ('alias', 'unalias') AND seq <= ? ORDER BY seq",
        [entity_id, seq],
    ):
        if r["op"] == "alias":
            extra.append(r["value"])
        else:
            extra = [a for a in extra if normalise_name(a) != normalise_name(r["value"])]
    return extra


def _write_entities(store: Store, seq: int, entities: list[dict[str, Any]]) -> list[str]:
    """Each entity's row counted again from its mentions (counts, aliases as entity
    resolution orders them), its names rewritten; an entity left without mentions goes,
    with the redirects to it, its names and suggestions. Returns the ids that went."""
    emptied: list[str] = []
    for e in entities:
        eid = e["id"]
        counts = store.query(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT article_id) AS a FROM mentions WHERE resolved_id = ?", [eid]
        )[0]
        store.execute("DELETE FROM entities WHERE id = ?", [eid])
        store.execute("DELETE FROM entity_names WHERE entity_id = ?", [eid])
        if not int(counts["n"]):
            store.execute("DELETE FROM entity_redirects WHERE to_id = ?", [eid])
            store.execute("DELETE FROM entity_suggestions WHERE entity_id = ? OR other_id = ?", [eid, eid])
            emptied.append(eid)
            continue
        texts: dict[str, int] = {}
        for r in store.query("SELECT text, role, COUNT(*) AS n FROM mentions WHERE resolved_id = ? GROUP BY text, role", [eid]):
            if r["role"] != "title" or not r["text"].lower().startswith("the "):
                texts[r["text"]] = texts.get(r["text"], 0) + int(r["n"])
        aliases = [t for t, _ in sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))]
        aliases += [a for a in dict.fromkeys(_extra_aliases(store, seq, eid)) if a not in aliases]
        store.insert_rows("entities", [{
            "id": eid, "name": e["name"], "type": e["type"], "aliases_json": json.dumps(aliases, ensure_ascii=False),
            "mention_count": int(counts["n"]), "article_count": int(counts["a"]),
        }])
        _write_names(store, eid, e["name"], aliases)
    return emptied


def _write_names(store: Store, eid: str, name: str, aliases: list[str]) -> None:
    """``entity_names`` of one entity, as entity resolution writes them (suggest.write_tables)."""
    written = {normalise_name(a): a for a in reversed(aliases)}
    written[normalise_name(name)] = name
    store.insert_rows(
        "entity_names",
        [{"name_key": k, "entity_id": eid, "name": written.get(k, k)} for k in names_of(name, aliases) if k],
    )


def _recount(store: Store, ids: list[str]) -> None:
    """``article_entities`` and ``claim_about`` of these entities counted again from their
    mentions (as entity resolution and claims.statements.refresh_index write them)."""
    cond, params = in_list("entity_id", ids)
    mcond = cond.replace("entity_id", "m.resolved_id")
    store.execute(f"DELETE FROM article_entities WHERE {cond}", params)  # noqa: S608
    store.execute(
        f"INSERT INTO article_entities (article_id, entity_id, mentions) {article_entities.SELECT} m "  # noqa: S608
        f"WHERE {mcond} GROUP BY m.article_id, m.resolved_id",
        params,
    )
    store.execute(f"DELETE FROM claim_about WHERE {cond}", params)  # noqa: S608
    store.execute(
        "INSERT INTO claim_about (entity_id, claim_id, published) "  # noqa: S608
        "SELECT DISTINCT m.resolved_id, ci.claim_id, ci.published FROM mentions m "
        "JOIN claims c ON c.article_id = m.article_id AND m.start_char < c.content_end AND m.end_char > c.content_start "
        f"JOIN claim_index ci ON ci.claim_id = c.id WHERE {mcond} AND m.resolved_id != COALESCE(ci.speaker_id, '')",
        params,
    )


def _restore(store: Store, op: dict[str, Any], kept: dict[str, Any]) -> None:
    """Undo of an in-place split, rename, alias or unalias (the latest operation): the rows
    ``_apply_in_place`` kept put back, the counts made again from the mentions."""
    ids = kept["ids"]
    cond, params = in_list("{}", ids)

    def where(column: str) -> str:
        return cond.replace("{}", column)

    with store.transaction():
        store.execute("DELETE FROM entity_curation WHERE seq = ?", [op["seq"]])
        store.execute("DELETE FROM entity_merge_undo WHERE seq = ?", [op["seq"]])
        if "dest" in kept:
            store.executemany(
                "UPDATE mentions SET resolved_id = ? WHERE entity_id = ? AND text = ? AND resolved_id = ?",
                [(was, entity_id, text, kept["dest"]) for entity_id, text, was in kept["moved"]],
            )
        else:  # kept by the first version of this code, without the destination
            store.executemany(
                "UPDATE mentions SET resolved_id = ? WHERE entity_id = ? AND text = ?",
                [(was, entity_id, text) for entity_id, text, was in kept["moved"]],
            )
        store.execute(f"DELETE FROM entities WHERE {where('id')}", params)  # noqa: S608
        store.insert_rows("entities", kept["entities"])
        store.execute(f"DELETE FROM entity_redirects WHERE {where('to_id')}", params)  # noqa: S608
        store.insert_rows("entity_redirects", kept["redirects"])
        store.execute(f"DELETE FROM entity_names WHERE {where('entity_id')}", params)  # noqa: S608
        store.insert_rows("entity_names", kept["names"])
        store.execute(f"DELETE FROM entity_suggestions WHERE {where('entity_id')} OR {where('other_id')}", [*params, *params])  # noqa: S608
        store.insert_rows("entity_suggestions", kept["suggestions"])
        store.executemany("UPDATE claim_index SET speaker_id = ? WHERE claim_id = ?",
                          [(r["speaker_id"], r["claim_id"]) for r in kept["spoken"]])
        if kept["moved"]:
            _recount(store, ids)
        if retire := _summaries("retire"):
            retire(store, ids)


def dismiss(store: Store, entity_id: str, other_id: str) -> None:
    """Record that two entities are not one: the pair is no longer suggested."""
    a, b = _current(store, entity_id), _current(store, other_id)
    with store.transaction():
        _record(store, "distinct", a, b)
        store.execute(
            "DELETE FROM entity_suggestions WHERE (entity_id = ? AND other_id = ?) OR (entity_id = ? AND other_id = ?)",
            [a, b, b, a],
        )


def undo(store: Store, *, summaries: bool = True, incremental: bool = True) -> dict[str, Any] | None:
    """Take back the latest operation; returns it, or None when there is nothing to undo.
    A merge is taken back in place (``incremental``, when its rows can be put back
    exactly); the survivor's and the restored entity's workbench summaries are then
    rewritten, or with ``summaries=False`` left for the caller (``refresh_summaries``;
    the pages read live meanwhile). Anything else rebuilds the tables without it."""
    last = store.query("SELECT * FROM entity_curation ORDER BY seq DESC LIMIT 1")
    if not last:
        return None
    op = last[0]
    if incremental and op["op"] == "merge" and _unfold(store, op):
        if summaries:
            refresh_summaries(store, [op["entity_id"], op["other_id"]])
        return op
    if incremental and op["op"] in _IN_PLACE:
        kept = store.query("SELECT state_json FROM entity_merge_undo WHERE seq = ?", [op["seq"]])
        state = json.loads(kept[0]["state_json"]) if kept else {}
        if state.get("kind") == "rows":
            _restore(store, op, state)
            op = {**op, "touched": state["ids"]}
            if summaries:
                refresh_summaries(store, state["ids"])
            return op
    with store.transaction():
        store.execute("DELETE FROM entity_curation WHERE seq = ?", [op["seq"]])
    _rebuild(store)
    return op


def operations(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM entity_curation ORDER BY seq")
