"""Gold of a reuse corpus in the ``news_reuse_dev`` layout, and its scores.

Layout (../shared/corpora/news_reuse_dev/README.md)::

    pages/dNNN.json      {"id", "url", "text", "query"}
    meta.json            {id: {"outlet", "date"}}
    reuse_gold.json      {"groups": [...], "distractors": [...], "same_event_no_text_reuse": [...]}

Pairs: every within-group pair of a ``strict`` group is a gold pair; a ``loose`` group's
pairs that are in no strict group are neutral (neither right nor wrong when predicted).
Kinds of gold pair: ``paraphrase-only`` when either page is one of the group's
``paraphrase_only_members``; else ``verbatim`` when the two texts share a run of at least
``VERBATIM_RUN`` identical words, else ``near``. Directed pairs: (origin, member) for the
groups with an origin. Stories: gold stories are the connected groups (without the groups
in ``STORY_EXCLUDED``: one formula reused across two different drills); pairs of pages of
one same-event set, or of a gold story and a same-event set touching it, are neutral (the
same event told independently may or may not be one story); any other pair put in one
predicted story is false.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

VERBATIM_RUN = 20
STORY_EXCLUDED = frozenset({"pla_etc_statement_formula"})
_WORD = re.compile(r"\w+")

Pair = tuple[str, str]


def pair(x: str, y: str) -> Pair:
    return (x, y) if x < y else (y, x)


def is_layout(path: Path) -> bool:
    return path.is_dir() and (path / "reuse_gold.json").is_file() and (path / "pages").is_dir()


@dataclass
class DevGold:
    pages: dict[str, dict[str, Any]]  # id -> page record
    meta: dict[str, dict[str, Any]]
    positives: dict[Pair, str] = field(default_factory=dict)  # pair -> kind
    neutral: set[Pair] = field(default_factory=set)
    directed: dict[Pair, str] = field(default_factory=dict)  # pair -> origin page id
    same_event: set[Pair] = field(default_factory=set)
    story_pairs: set[Pair] = field(default_factory=set)
    story_neutral: set[Pair] = field(default_factory=set)
    groups: list[dict[str, Any]] = field(default_factory=list)
    topic: dict[str, str] = field(default_factory=dict)  # page id -> topic (see ``_topics``)


def _longest_run(a: str, b: str) -> int:
    wa, wb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    m = SequenceMatcher(None, wa, wb, autojunk=False)
    return m.find_longest_match(0, len(wa), 0, len(wb)).size


def load(root: Path) -> DevGold:
    try:
        gold = json.loads((root / "reuse_gold.json").read_text(encoding="utf-8"))
        meta_path = root / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        pages = {}
        for p in sorted((root / "pages").glob("*.json")):
            rec = json.loads(p.read_text(encoding="utf-8"))
            pages[str(rec["id"])] = rec
        groups = list(gold["groups"])
        for g in groups:
            _ = (g["key"], g["members"], g["strictness"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ValueError(
            f"{root}: not a reuse corpus in the news_reuse_dev layout ({e}): expected "
            "pages/*.json, meta.json and reuse_gold.json (see that corpus's README.md)"
        ) from e
    dev = DevGold(pages=pages, meta=meta, groups=groups)
    loose: set[Pair] = set()
    for g in groups:
        members = list(g["members"])
        pairs = {pair(x, y) for x, y in combinations(members, 2)}
        if g["strictness"] != "strict":
            loose |= pairs
            continue
        para = set(g.get("paraphrase_only_members") or [])
        for x, y in sorted(pairs):
            if (x, y) in dev.positives:
                continue
            if x in para or y in para:
                kind = "paraphrase-only"
            else:
                run = _longest_run(pages[x]["text"], pages[y]["text"])
                kind = "verbatim" if run >= VERBATIM_RUN else "near"
            dev.positives[(x, y)] = kind
        origin = g.get("origin")
        if origin:
            for m in members:
                if m != origin:
                    dev.directed[pair(origin, m)] = origin
    # A pair that is in some paraphrase-only relation in one group and shares text in another
    # keeps the kind of its first strict group; loose pairs count only when no strict group has them.
    dev.neutral = loose - dev.positives.keys()
    same_event_sets = [list(s["ids"]) for s in gold.get("same_event_no_text_reuse", [])]
    for ids in same_event_sets:
        dev.same_event |= {pair(x, y) for x, y in combinations(ids, 2)}
    dev.topic = _topics(pages, [list(g["members"]) for g in groups] + same_event_sets)
    dev.same_event -= dev.positives.keys() | dev.neutral
    # Gold stories: connected groups.
    stories = nx.Graph()
    for g in groups:
        if g["key"] not in STORY_EXCLUDED:
            first = g["members"][0]
            stories.add_edges_from((first, m) for m in g["members"][1:])
    event_pairs: set[Pair] = set()
    for members in nx.connected_components(stories):
        dev.story_pairs |= {pair(x, y) for x, y in combinations(sorted(members), 2)}
        # A same-event set touching the story: its pages report the story's event (or one
        # like it), so grouping them with the story is neither right nor wrong.
        event = set(members)
        for ids in same_event_sets:
            if event & set(ids):
                event |= set(ids)
        event_pairs |= {pair(x, y) for x, y in combinations(sorted(event), 2)}
    dev.story_neutral = (
        dev.same_event | dev.neutral | set(dev.positives) | event_pairs
    ) - dev.story_pairs
    return dev


def _topics(pages: dict[str, Any], sets: list[list[str]]) -> dict[str, str]:
    """Topics: pages joined by a common group or same-event set (one news event and its
    neighbours: the North Korean launches, the Gansu quake, ...), named by their first page;
    a page in neither is a topic of its own."""
    g = nx.Graph()
    g.add_nodes_from(pages)
    for members in sets:
        known = [m for m in members if m in pages]
        g.add_edges_from((known[0], m) for m in known[1:])
    return {p: min(c) for c in nx.connected_components(g) for p in c}


def by_topic(dev: DevGold, found: dict[Pair, str]) -> dict[str, dict[str, Any]]:
    """Pair P / R / F1 within each topic holding gold pairs (the spread of the corpus
    figure over its news events; pairs across topics are counted in the corpus figure)."""
    out: dict[str, dict[str, Any]] = {}
    for t in sorted(set(dev.topic.values())):
        gold = {p for p in dev.positives if dev.topic.get(p[0]) == t}
        if not gold:
            continue
        judged = {
            p for p in found if p not in dev.neutral and dev.topic.get(p[0]) == dev.topic.get(p[1]) == t
        }
        tp = len(judged & gold)
        prec, rec, f1 = _prf(tp, len(judged), len(gold))
        # The corpus figure with this topic left out (pairs touching it dropped).
        rest_gold = {p for p in dev.positives if t not in (dev.topic.get(p[0]), dev.topic.get(p[1]))}
        rest = {
            p
            for p in found
            if p not in dev.neutral and t not in (dev.topic.get(p[0]), dev.topic.get(p[1]))
        }
        f1_without = _prf(len(rest & rest_gold), len(rest), len(rest_gold))[2]
        out[t] = {
            "gold": len(gold),
            "predicted": len(judged),
            "correct": tp,
            "f1": f1,
            "f1_without": f1_without,
        }
    return out


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    dev: DevGold,
    found: dict[Pair, str],
    stories: list[list[str]],
) -> dict[str, Any]:
    """``found``: predicted pair -> origin page id or "unknown"; ``stories``: predicted
    stories as lists of page ids."""
    judged = {p: o for p, o in found.items() if p not in dev.neutral}
    tp = [p for p in judged if p in dev.positives]
    fp = sorted(p for p in judged if p not in dev.positives)
    fn = sorted(p for p in dev.positives if p not in found)
    prec, rec, f1 = _prf(len(tp), len(judged), len(dev.positives))
    by_kind: dict[str, list[int]] = {}
    for p, kind in dev.positives.items():
        n = by_kind.setdefault(kind, [0, 0])
        n[0] += p in found
        n[1] += 1
    right, wrong, unknown, missing = [], [], [], []
    for p, origin in sorted(dev.directed.items()):
        said = found.get(p)
        if said is None:
            missing.append(p)
        elif said == "unknown":
            unknown.append(p)
        elif said == origin:
            right.append(p)
        else:
            wrong.append(p)
    stated = len(right) + len(wrong)
    # Directions stated on gold pairs outside the directed ones: not scored, counted.
    other_stated = sum(
        1 for p, o in found.items() if p in dev.positives and p not in dev.directed and o != "unknown"
    )
    predicted_story: set[Pair] = set()
    for members in stories:
        predicted_story |= {pair(x, y) for x, y in combinations(sorted(members), 2)}
    story_judged = predicted_story - dev.story_neutral
    s_tp = len(story_judged & dev.story_pairs)
    sp, sr, sf = _prf(s_tp, len(story_judged), len(dev.story_pairs))
    return {
        "pages": len(dev.pages),
        "gold_pairs": len(dev.positives),
        "neutral_pairs": len(dev.neutral),
        "predicted_pairs": len(found),
        "judged_pairs": len(judged),
        "true_positives": len(tp),
        "precision": prec,
        "recall": rec,
        "f1": f1,
        "recall_by_kind": {k: {"found": v[0], "gold": v[1]} for k, v in sorted(by_kind.items())},
        "same_event_false_pairs": [list(p) for p in fp if p in dev.same_event],
        "false_positives": [list(p) for p in fp],
        "false_negatives": [[*p, dev.positives[p]] for p in fn],
        "directed_pairs": len(dev.directed),
        "direction_stated": stated,
        "direction_right": len(right),
        "direction_wrong": [list(p) for p in wrong],
        "direction_unknown": [list(p) for p in unknown],
        "direction_pair_missing": [list(p) for p in missing],
        "direction_stated_on_other_gold_pairs": other_stated,
        "by_topic": by_topic(dev, found),
        "story_precision": sp,
        "story_recall": sr,
        "story_f1": sf,
        "stories": len(stories),
        "largest_story": max((len(s) for s in stories), default=0),
    }
