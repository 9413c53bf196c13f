"""Entities that may be one, for the analyst to merge or dismiss (never merged automatically).

Automatic resolution (``fuzzy.same_entity``) only merges spelling variants it is sure of;
a scraped corpus still yields "Fascist Trump", "-Donald Trump", "Donald Trump MANCHESTER"
beside "Donald Trump". Pairs are proposed, strongest reason first, when the two entities:
1. share a name or alias (after normalisation), whatever their types;
2. one's name is the other's with words added ("Donald Trump" / "Donald Trump MANCHESTER");
3. are people with the same surname ("Donald Trump" / "Trump");
4. are spelled alike (``fuzz.token_sort_ratio`` of at least ``FUZZY_MIN``).
Candidates come from blocks of entities sharing a word, so the work stays far from n^2;
a word shared by more than ``MAX_BLOCK`` entities ("new", "united") makes no block.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from newstrace.entities.names import normalise_name
from newstrace.store.base import Store

FUZZY_MIN = 85.0
MAX_BLOCK = 80
MAX_PER_ENTITY = 8
MIN_WORD = 3
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str
    type: str
    mentions: int
    names: tuple[str, ...]  # normalised name and aliases


@dataclass(frozen=True, slots=True)
class Suggestion:
    keep: str  # the entity with more mentions: a merge folds ``other`` into it
    other: str
    reason: str
    score: float


def suggest(entities: Iterable[Candidate], dismissed: set[frozenset[str]] | None = None) -> list[Suggestion]:
    ents = sorted(entities, key=lambda e: e.id)
    dismissed = dismissed or set()
    blocks: dict[str, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(ents):
        for n in e.names:
            by_name[n].append(i)
        for w in {w for w in _WORD.findall(e.names[0]) if len(w) >= MIN_WORD}:
            blocks[w].append(i)
    best: dict[tuple[int, int], tuple[float, str]] = {}

    def offer(i: int, j: int, score: float, reason: str) -> None:
        key = (min(i, j), max(i, j))
        if i == j or frozenset((ents[i].id, ents[j].id)) in dismissed:
            return
        if key not in best or best[key][0] < score:
            best[key] = (score, reason)

    for name, members in by_name.items():
        if 1 < len(members) <= MAX_BLOCK:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    offer(members[a], members[b], 1.0, f"both are called '{name}'")
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if ents[i].type == ents[j].type:
                    found = _compare(ents[i], ents[j])
                    if found:
                        offer(i, j, *found)
    per_entity: dict[str, int] = defaultdict(int)
    out: list[Suggestion] = []
    for (i, j), (score, reason) in sorted(best.items(), key=lambda kv: (-kv[1][0], ents[kv[0][0]].id, ents[kv[0][1]].id)):
        keep, other = sorted((ents[i], ents[j]), key=lambda e: (-e.mentions, e.id))
        if per_entity[keep.id] >= MAX_PER_ENTITY or per_entity[other.id] >= MAX_PER_ENTITY:
            continue
        per_entity[keep.id] += 1
        per_entity[other.id] += 1
        out.append(Suggestion(keep.id, other.id, reason, round(score, 3)))
    return out


def _compare(a: Candidate, b: Candidate) -> tuple[float, str] | None:
    na, nb = a.names[0], b.names[0]
    wa, wb = na.split(), nb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) < len(long_) and _contains(long_, short):
        return 0.9, f"'{' '.join(short)}' is part of '{' '.join(long_)}'"
    if a.type == "PERSON" and len(wa[-1]) >= MIN_WORD and wa[-1] == wb[-1]:
        return 0.6, f"same surname '{wa[-1]}'"
    ratio = fuzz.token_sort_ratio(na, nb)
    if ratio >= FUZZY_MIN:
        return ratio / 100 * 0.8, f"spelled alike ({ratio:.0f}%)"
    return None


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return any(list(words[k : k + n]) == list(part) for k in range(len(words) - n + 1))


def names_of(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """The normalised name first, then the distinct normalised aliases."""
    out = [normalise_name(name)]
    for a in aliases:
        k = normalise_name(a)
        if k and k not in out:
            out.append(k)
    return tuple(out)


def write_tables(store: Store, rows: Sequence[dict[str, Any]], dismissed: set[frozenset[str]]) -> None:
    """Rewrite ``entity_names`` and ``entity_suggestions`` from the ``entities`` rows just
    written (inside the resolution stage's transaction)."""
    store.execute("DELETE FROM entity_names")
    store.execute("DELETE FROM entity_suggestions")
    names: list[dict[str, Any]] = []
    candidates: list[Candidate] = []
    for r in rows:
        aliases = json.loads(r["aliases_json"])
        keys = names_of(r["name"], aliases)
        written = dict(zip(names_of(r["name"], []), [r["name"]], strict=True))
        for a in aliases:
            written.setdefault(normalise_name(a), a)
        names.extend({"name_key": k, "entity_id": r["id"], "name": written.get(k, k)} for k in keys if k)
        if keys[0]:
            candidates.append(Candidate(r["id"], r["name"], r["type"], int(r["mention_count"]), keys))
    store.insert_rows("entity_names", names)
    store.insert_rows(
        "entity_suggestions",
        [{"entity_id": s.keep, "other_id": s.other, "reason": s.reason, "score": s.score} for s in suggest(candidates, dismissed)],
    )


def dismissed_pairs(ops: Iterable[dict[str, Any]]) -> set[frozenset[str]]:
    """Pairs the analyst said are not one entity (curation op ``distinct``)."""
    return {frozenset((o["entity_id"], o["other_id"])) for o in ops if o["op"] == "distinct" and o.get("other_id")}
