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
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz, process

from newstrace import schema
from newstrace.entities.fuzzy import block_key, min_whole_ratio, same_entity
from newstrace.entities.names import normalise_name
from newstrace.entities.suggest import dismissed_pairs, write_tables
from newstrace.ids import digest
from newstrace.problems import guard
from newstrace.records import Entity
from newstrace.stages import Progress
from newstrace.store.base import Store


@dataclass
class _Raw:
    id: str
    name: str
    type: str
    mentions: int = 0
    texts: Counter[str] = field(default_factory=Counter)


def split_id(entity_id: str, alias: str) -> str:
    """The id of the entity a split creates: stable for the same (entity, alias)."""
    return "e_" + digest("split", entity_id, normalise_name(alias))


class EntityResolutionStage:
    name = "entity_resolution"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        mentions = store.query(
            "SELECT article_id, start_char, end_char, entity_id, resolved_id, canonical, label, role, text "
            "FROM mentions ORDER BY article_id, start_char, end_char, entity_id"
        )
        for i, m in enumerate(mentions):
            m["rid"] = i  # position in this run; the store's row ids are not portable
        raws = _raw_entities(mentions)
        rep = _automatic_merges(raws)
        base = {m["rid"]: m["entity_id"] for m in mentions}  # per-mention id before rep
        names: dict[str, str] = {}
        extra_aliases: dict[str, list[str]] = defaultdict(list)
        ops = store.query("SELECT seq, op, entity_id, other_id, value FROM entity_curation ORDER BY seq")
        for op in ops:
            with guard(unit=f"curation {op['seq']} {op['op']}"):  # recorded; the other edits apply
                _apply(op, rep, base, raws, mentions, names, extra_aliases)
        with store.transaction():
            rows = _write(store, raws, rep, base, mentions, names, extra_aliases)
            write_tables(store, rows, dismissed_pairs(ops))
            # What merges kept for their undo described the tables before this rebuild.
            store.execute("DELETE FROM entity_merge_undo")
        progress("entities", len(raws), len(raws))


def _raw_entities(mentions: list[dict[str, Any]]) -> dict[str, _Raw]:
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    raws: dict[str, _Raw] = {}
    for m in mentions:
        r = raws.setdefault(m["entity_id"], _Raw(m["entity_id"], m["canonical"], m["label"]))
        r.mentions += 1
        labels[m["entity_id"]][m["label"]] += 1
        if m["role"] != "title" or not m["text"].lower().startswith("the "):
            r.texts[m["text"]] += 1
    for eid, c in labels.items():
        raws[eid].type = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return raws


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
    op: dict[str, Any], rep: dict[str, str], base: dict[int, str], raws: dict[str, _Raw],
    mentions: list[dict[str, Any]], names: dict[str, str], extra_aliases: dict[str, list[str]],
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
        moved = [m for m in mentions if rep.get(base[m["rid"]]) == target and normalise_name(m["text"]) == alias_key]
        if not moved:
            return
        raws.setdefault(new_id, _Raw(new_id, op["value"], raws[target].type if target in raws else "MISC"))
        rep.setdefault(new_id, new_id)
        for m in moved:
            base[m["rid"]] = new_id
    elif kind == "alias":
        alias_key = normalise_name(op["value"])
        extra_aliases[target].append(op["value"])
        for m in mentions:
            if normalise_name(m["text"]) == alias_key:
                base[m["rid"]] = target


def _write(
    store: Store, raws: dict[str, _Raw], rep: dict[str, str], base: dict[int, str],
    mentions: list[dict[str, Any]], names: dict[str, str], extra_aliases: dict[str, list[str]],
) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    resolved: dict[int, str] = {}
    for m in mentions:
        final = rep[base[m["rid"]]]
        resolved[m["rid"]] = final
        counts[final] += 1
        articles[final].add(m["article_id"])
        if m["role"] != "title" or not m["text"].lower().startswith("the "):
            texts[final][m["text"]] += 1
    store.execute("DELETE FROM entities")
    store.execute("DELETE FROM entity_redirects")
    rows = []
    for eid in sorted(counts):
        raw = raws[eid]
        aliases = [t for t, _ in sorted(texts[eid].items(), key=lambda kv: (-kv[1], kv[0]))]
        for a in extra_aliases.get(eid, []):
            if a not in aliases:
                aliases.append(a)
        rows.append(schema.to_row(Entity(
            id=eid, name=names.get(eid, raw.name), type=raw.type, aliases=aliases,
            mention_count=counts[eid], article_count=len(articles[eid]),
        )))
    store.insert_rows("entities", rows)
    store.insert_rows(
        "entity_redirects",
        [{"from_id": k, "to_id": v} for k, v in sorted(rep.items()) if k != v and v in counts],
    )
    changed = [
        (resolved[m["rid"]], m["article_id"], m["start_char"], m["end_char"], m["entity_id"])
        for m in mentions if resolved[m["rid"]] != m["resolved_id"]
    ]
    store.executemany(
        "UPDATE mentions SET resolved_id = ? WHERE article_id = ? AND start_char = ? AND end_char = ? "
        "AND entity_id = ?",
        changed,
    )
    return rows
