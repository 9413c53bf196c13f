"""Corpus-level entity resolution: fold ids across articles, then replay curation.

Automatic folds are conservative: a one-word person name that is the surname of exactly
one multi-word person; the same name under tagger types that disagree only between
place types; transliteration variants (one token differing by one edit in a long token).
The surviving id of a group is the id of its most mentioned member (ties: smallest id),
unless an analyst's merge chose it. The result is the same whatever the input order.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz.distance import Levenshtein

from newstrace.entities.api import normalise_name
from newstrace.entities.curation import replay
from newstrace.pipeline.stages import Progress
from newstrace.store.base import Store


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, keep: str | None = None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        root = self.find(keep) if keep else min(ra, rb)
        other = rb if root == ra else ra
        self.parent[other] = root


def _transliteration_variant(a: str, b: str) -> bool:
    """"Mahmoud Alawi" ~ "Mahmoud Alavi": same token count, one token differs by a single
    edit, and that token is long enough that one edit is a spelling, not another name."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    diffs = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diffs) == 1 and min(len(diffs[0][0]), len(diffs[0][1])) >= 5 and Levenshtein.distance(*diffs[0]) == 1


def resolve_groups(entities: dict[str, dict[str, Any]]) -> UnionFind:
    """``entities``: id -> {"name", "type", "mentions"}; returns the automatic folds."""
    uf = UnionFind()
    persons = {i: e for i, e in entities.items() if e["type"] == "PERSON"}
    by_surname: dict[str, list[str]] = defaultdict(list)
    for i, e in sorted(persons.items()):
        parts = normalise_name(e["name"]).split()
        if len(parts) > 1:
            by_surname[parts[-1]].append(i)
    for i, e in sorted(persons.items()):
        parts = normalise_name(e["name"]).split()
        if len(parts) == 1 and len(by_surname.get(parts[0], [])) == 1:
            uf.union(i, by_surname[parts[0]][0])
    # Transliteration variants, compared only within a block of the same type and initial.
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, e in sorted(entities.items()):
        n = normalise_name(e["name"])
        if n:
            blocks[(e["type"], n[0])].append(i)
    for ids in blocks.values():
        if len(ids) > 2000:
            continue  # a giant block would be quadratic; such names are left unfolded
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = normalise_name(entities[ids[x]]["name"]), normalise_name(entities[ids[y]]["name"])
                if _transliteration_variant(a, b):
                    uf.union(ids[x], ids[y])
    return uf


class EntityResolutionStage:
    name = "entity_resolution"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        rows = store.query(
            "SELECT entity_id, canonical, label, text, article_id FROM mentions ORDER BY article_id, start"
        )
        if not rows:
            with store.transaction():
                store.execute("DELETE FROM entities")
                store.execute("DELETE FROM entity_redirects")
            return
        names: dict[str, Counter[str]] = defaultdict(Counter)
        types: dict[str, Counter[str]] = defaultdict(Counter)
        for r in rows:
            names[r["entity_id"]][r["canonical"]] += 1
            types[r["entity_id"]][r["label"]] += 1
        entities: dict[str, dict[str, Any]] = {
            i: {"name": _top(names[i]), "type": _top(types[i]), "mentions": sum(names[i].values())}
            for i in names
        }
        uf = resolve_groups(entities)
        # Default survivor: the most mentioned member of each group.
        groups: dict[str, list[str]] = defaultdict(list)
        for i in sorted(entities):
            groups[uf.find(i)].append(i)
        final = UnionFind()
        for members in groups.values():
            keep = min(members, key=lambda m: (-entities[m]["mentions"], m))
            for m in members:
                final.union(keep, m, keep=keep)
        overrides = replay(store, final, entities)
        self._write(store, rows, entities, final, overrides)
        progress("entities", len(entities), len(entities))

    @staticmethod
    def _write(
        store: Store,
        rows: list[dict[str, Any]],
        entities: dict[str, dict[str, Any]],
        uf: UnionFind,
        overrides: dict[str, Any],
    ) -> None:
        split_of: dict[tuple[str, str], str] = overrides["splits"]
        renamed: dict[str, str] = overrides["names"]
        extra_aliases: dict[str, list[str]] = overrides["aliases"]
        mention_rows = store.query("SELECT rowid AS rid, article_id, entity_id, text, canonical, label FROM mentions")
        resolved: list[tuple[str, int]] = []
        agg: dict[str, dict[str, Any]] = {}
        for r in mention_rows:
            root = uf.find(r["entity_id"])
            root = split_of.get((root, normalise_name(r["text"])), root)
            resolved.append((root, r["rid"]))
            a = agg.setdefault(root, {"names": Counter(), "types": Counter(), "aliases": set(), "articles": set(), "n": 0})
            a["names"][r["canonical"]] += 1
            a["types"][r["label"]] += 1
            a["aliases"].add(r["text"])
            a["articles"].add(r["article_id"])
            a["n"] += 1
        with store.transaction():
            store.executemany("UPDATE mentions SET resolved_id = ? WHERE rowid = ?", resolved)
            store.execute("DELETE FROM entities")
            store.execute("DELETE FROM entity_redirects")
            store.insert_rows(
                "entities",
                [
                    {
                        "id": eid,
                        "name": renamed.get(eid) or _top(a["names"]),
                        "type": _top(a["types"]),
                        "aliases_json": json.dumps(sorted(a["aliases"] | set(extra_aliases.get(eid, [])))),
                        "mention_count": a["n"],
                        "article_count": len(a["articles"]),
                    }
                    for eid, a in sorted(agg.items())
                ],
            )
            store.insert_rows(
                "entity_redirects",
                [{"from_id": i, "to_id": uf.find(i)} for i in sorted(uf.parent) if uf.find(i) != i],
            )


def _top(counter: Counter[str]) -> str:
    """Most frequent value; ties broken by the longest, then alphabetically (deterministic)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
