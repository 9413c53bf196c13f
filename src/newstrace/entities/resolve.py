"""Corpus stage: fold per-article entity ids into corpus entities.

1. automatic: ids whose names are spelling variants (``fuzzy.same_entity``) are merged;
   the survivor of a group is the id with most mentions (ties: smallest id), so the
   result does not depend on the order articles were analysed in;
2. curation: the analyst's operations (``entity_curation``) re-applied in order;
3. written out: ``entities`` (one row per surviving entity), ``entity_redirects``
   (folded id -> survivor, read by ``api.canonical_ids``), ``mentions.resolved_id``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz, process

from newstrace import schema
from newstrace.entities import article_entities
from newstrace.entities.fuzzy import block_key, min_whole_ratio, same_entity
from newstrace.entities.names import normalise_name
from newstrace.entities.suggest import dismissed_pairs, write_tables
from newstrace.ids import digest
from newstrace.problems import guard
from newstrace.records import Entity
from newstrace.stages import Progress
from newstrace.store.base import Store


@dataclass(slots=True)
class _Raw:
    id: str
    name: str
    type: str
    mentions: int = 0


# Mention groups an alias-kind curation operation moves: (entity id, mention text) -> the id
# their mentions now start from (before the automatic merges). All the mentions of one group
# always move together: the operations select mentions by entity and normalised text.
_Moved = dict[tuple[str, str], str]


def split_id(entity_id: str, alias: str) -> str:
    """The id of the entity a split creates: stable for the same (entity, alias)."""
    return "e_" + digest("split", entity_id, normalise_name(alias))


class EntityResolutionStage:
    name = "entity_resolution"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        # Memory follows the distinct entities and (entity, name) pairs, not the mentions:
        # the mentions are counted in SQL and streamed, never held (6M at 100k articles).
        raws = _raw_entities(store)
        rep = _automatic_merges(raws)
        names: dict[str, str] = {}
        extra_aliases: dict[str, list[str]] = defaultdict(list)
        ops = store.query("SELECT seq, op, entity_id, other_id, value FROM entity_curation ORDER BY seq")
        groups = _alias_groups(store, ops)
        moved: _Moved = {}
        for op in ops:
            with guard(unit=f"curation {op['seq']} {op['op']}"):  # recorded; the other edits apply
                _apply(op, rep, moved, groups, raws, names, extra_aliases)
        with store.transaction():
            rows = _write(store, raws, rep, moved, names, extra_aliases)
            article_entities.rebuild(store)
            write_tables(store, rows, dismissed_pairs(ops))
            # What merges kept for their undo described the tables before this rebuild.
            store.execute("DELETE FROM entity_merge_undo")
        progress("entities", len(raws), len(raws))


def _raw_entities(store: Store) -> dict[str, _Raw]:
    """Per-article entity ids: the name of the first mention (article, offset order), the
    mention count and the most frequent label (ties: the smallest)."""
    raws: dict[str, _Raw] = {}
    for r in store.stream(
        "SELECT entity_id, canonical FROM (SELECT entity_id, canonical, ROW_NUMBER() OVER "
        "(PARTITION BY entity_id ORDER BY article_id, start_char, end_char) AS rn FROM mentions) AS m "
        "WHERE rn = 1"
    ):
        raws[r["entity_id"]] = _Raw(r["entity_id"], r["canonical"], "")
    best: dict[str, tuple[int, str]] = {}
    for r in store.stream("SELECT entity_id, label, COUNT(*) AS n FROM mentions GROUP BY entity_id, label"):
        raw, n = raws[r["entity_id"]], int(r["n"])
        raw.mentions += n
        top = best.get(raw.id)
        if top is None or (-n, r["label"]) < (-top[0], top[1]):
            best[raw.id] = (n, r["label"])
    for eid, (_, label) in best.items():
        raws[eid].type = label
    return raws


def _alias_groups(store: Store, ops: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Normalised alias of a split/unalias/alias operation -> the (entity id, mention text)
    groups whose text normalises to it, in a stable order."""
    keys = {normalise_name(o["value"]) for o in ops if o["op"] in ("split", "unalias", "alias") and o["value"]}
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if not keys:
        return out
    for r in store.stream("SELECT DISTINCT entity_id, text FROM mentions ORDER BY entity_id, text"):
        key = normalise_name(r["text"])
        if key in keys:
            out[key].append((r["entity_id"], r["text"]))
    return out


def _automatic_merges(raws: dict[str, _Raw]) -> dict[str, str]:
    parent = {eid: eid for eid in raws}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    blocks: dict[tuple[str, str], list[_Raw]] = defaultdict(list)
    for r in sorted(raws.values(), key=lambda r: r.id):
        blocks[block_key(r.name, r.type)].append(r)
    for key, members in blocks.items():
        with guard(unit=f"block {key[1]} {key[0]}"):  # a failing block is recorded, its names stay apart
            for a, b in _candidate_pairs(members):
                if find(a.id) != find(b.id) and same_entity(a.name, b.name, a.type):
                    ra, rb = find(a.id), find(b.id)
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[_Raw]] = defaultdict(list)
    for eid in raws:
        groups[find(eid)].append(raws[eid])
    rep: dict[str, str] = {}
    for members in groups.values():
        survivor = sorted(members, key=lambda r: (-r.mentions, r.id))[0].id
        for r in members:
            rep[r.id] = survivor
    return rep


def _candidate_pairs(members: list[_Raw]) -> Iterator[tuple[_Raw, _Raw]]:
    """Pairs worth the full test: rapidfuzz's C search with the matcher's own whole-name
    threshold as cut-off (an exact pre-filter: pairs below it can never match)."""
    if len(members) < 64:
        yield from combinations(members, 2)
        return
    norms = [normalise_name(m.name) for m in members]
    cutoff = min_whole_ratio(members[0].type)
    for i, norm in enumerate(norms):
        for _, _score, j in process.extract(norm, norms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            if j > i:
                yield members[i], members[j]


def _apply(
    op: dict[str, Any], rep: dict[str, str], moved: _Moved, groups: dict[str, list[tuple[str, str]]],
    raws: dict[str, _Raw], names: dict[str, str], extra_aliases: dict[str, list[str]],
) -> None:
    """One curation operation; operations naming ids that no longer exist are skipped
    (their articles were removed) but kept, so they apply again if the ids come back."""
    kind, eid = op["op"], op["entity_id"]
    if eid not in rep:
        return
    target = rep[eid]
    if kind == "merge":
        other = op["other_id"]
        if other not in rep:
            return
        folded = rep[other]
        if folded == target:
            return
        for k, v in rep.items():
            if v == folded:
                rep[k] = target
    elif kind == "rename":
        names[target] = op["value"]
    elif kind in ("split", "unalias"):
        # unalias: the name stops naming this entity (an added alias is dropped) and its
        # mentions leave, as in a split, into an entity of their own.
        alias_key = normalise_name(op["value"])
        if kind == "unalias" and target in extra_aliases:
            extra_aliases[target] = [a for a in extra_aliases[target] if normalise_name(a) != alias_key]
        new_id = split_id(eid, op["value"])
        leaving = [g for g in groups.get(alias_key, []) if rep.get(moved.get(g, g[0])) == target]
        if not leaving:
            return
        raws.setdefault(new_id, _Raw(new_id, op["value"], raws[target].type if target in raws else "MISC"))
        rep.setdefault(new_id, new_id)
        for g in leaving:
            moved[g] = new_id
    elif kind == "alias":
        alias_key = normalise_name(op["value"])
        extra_aliases[target].append(op["value"])
        for g in groups.get(alias_key, []):
            moved[g] = target


def _write(
    store: Store, raws: dict[str, _Raw], rep: dict[str, str], moved: _Moved,
    names: dict[str, str], extra_aliases: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Set ``mentions.resolved_id``, then count the entities from it in SQL."""
    moved_ids = {eid for eid, _ in moved}
    stale = sorted({
        r["entity_id"]
        for r in store.stream("SELECT DISTINCT entity_id, resolved_id FROM mentions")
        if r["resolved_id"] != rep[r["entity_id"]] or r["entity_id"] in moved_ids
    })
    store.executemany("UPDATE mentions SET resolved_id = ? WHERE entity_id = ?", [(rep[e], e) for e in stale])
    store.executemany(
        "UPDATE mentions SET resolved_id = ? WHERE entity_id = ? AND text = ?",
        [(rep[b], eid, text) for (eid, text), b in sorted(moved.items())],
    )
    counts: dict[str, tuple[int, int]] = {
        r["resolved_id"]: (int(r["n"]), int(r["a"]))
        for r in store.stream(
            "SELECT resolved_id, COUNT(*) AS n, COUNT(DISTINCT article_id) AS a FROM mentions GROUP BY resolved_id"
        )
    }
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in store.stream("SELECT resolved_id, text, role, COUNT(*) AS n FROM mentions GROUP BY resolved_id, text, role"):
        if r["role"] != "title" or not r["text"].lower().startswith("the "):
            texts[r["resolved_id"]][r["text"]] += int(r["n"])
    store.execute("DELETE FROM entities")
    store.execute("DELETE FROM entity_redirects")
    rows = []
    for eid in sorted(counts):
        raw = raws[eid]
        aliases = [t for t, _ in sorted(texts.pop(eid, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))]
        for a in extra_aliases.get(eid, []):
            if a not in aliases:
                aliases.append(a)
        rows.append(schema.to_row(Entity(
            id=eid, name=names.get(eid, raw.name), type=raw.type, aliases=aliases,
            mention_count=counts[eid][0], article_count=counts[eid][1],
        )))
    store.insert_rows("entities", rows)
    store.insert_rows(
        "entity_redirects",
        [{"from_id": k, "to_id": v} for k, v in sorted(rep.items()) if k != v and v in counts],
    )
    return rows
