"""Entity roles: the features of one mention in its article, and the decision rule.

A mention becomes one "feature document" of prefixed tokens, so one TF-IDF vocabulary
covers every field: ``m:`` the mention's words, ``l:``/``r:`` the words just before/after
it in its sentence, ``c:`` words around the other occurrences of the same name in the
article, ``a:`` words of the article's opening (its topic). Training and run time build it
with this one function.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newstrace.framing import labels

# Mentions that can carry a role (SemEval-2025 annotates people, organisations, countries
# and groups of people); GIVEN marks mentions given as role-bearing (evaluation in the
# SemEval-2025 setting, framing/evaluate.py).
ROLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "GIVEN"})

_WORD = re.compile(r"\w[\w'’-]*")
_SENT_END = re.compile(r"[.!?]\s|\n")
WINDOW = 12  # words each side inside the sentence
CONTEXT = 6  # words each side of the other occurrences
OPENING = 400  # characters of the article read for its topic
VIEW_CHARS = 200  # characters each side of the mention in the encoder's window view
OPENING_VIEW = 1000  # characters of the article opening the encoder reads
MAX_OTHERS = 20  # other occurrences of the name read by the encoder


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(s)]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENT_END.finditer(text, max(0, start - 600), start)), default=max(0, start - 600))
    right_m = _SENT_END.search(text, end, min(len(text), end + 600))
    return left, right_m.start() + 1 if right_m else min(len(text), end + 600)


def mention_views(text: str, start: int, end: int, title: str | None = None) -> tuple[str, ...]:
    """What the encoder reads of a mention: sentence, window, name, opening, and the
    sentences of the name's other occurrences (tab-separated; its own sentence if none)."""
    s, e = _sentence_bounds(text, start, end)
    name = text[start:end].strip()
    others = [
        text[slice(*_sentence_bounds(text, m.start(), m.end()))]
        for m in (re.finditer(re.escape(name), text, flags=re.IGNORECASE) if name else ())
    ][:MAX_OTHERS]
    return (
        text[s:e], text[max(0, start - VIEW_CHARS) : end + VIEW_CHARS], name,
        f"{title or ''}\n{text[:OPENING_VIEW]}", "\t".join(o.replace("\t", " ") for o in others) or text[s:e],
    )


def mention_vectors(views: Sequence[tuple[str, ...]]) -> np.ndarray:
    """(mentions, 5 * encoder dim): the unit vectors of each view, the other occurrences
    averaged (and renormalised)."""
    from newstrace.nlp.encoder import DIM, encode

    if not views:
        return np.zeros((0, 5 * DIM), np.float32)
    fixed = encode([v[k] for v in views for k in range(4)]).reshape(len(views), 4 * DIM)
    others = [v[4].split("\t") for v in views]
    flat = encode([o for os_ in others for o in os_])
    bounds = np.cumsum([0] + [len(os_) for os_ in others])
    mean = np.vstack([flat[a:b].mean(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    mean /= np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    return np.hstack([fixed, mean]).astype(np.float32)


def mention_document(text: str, start: int, end: int, title: str | None = None) -> str:
    name = text[start:end]
    s, e = _sentence_bounds(text, start, end)
    tokens = [f"m:{w}" for w in _words(name)]
    tokens.append("m:" + "_".join(_words(name)))
    tokens += [f"l:{w}" for w in _words(text[s:start])[-WINDOW:]]
    tokens += [f"r:{w}" for w in _words(text[end:e])[:WINDOW]]
    if name.strip():
        for m in re.finditer(re.escape(name.strip()), text, flags=re.IGNORECASE):
            if m.start() == start:
                continue
            tokens += [f"c:{w}" for w in _words(text[max(0, m.start() - 80) : m.start()])[-CONTEXT:]]
            tokens += [f"c:{w}" for w in _words(text[m.end() : m.end() + 80])[:CONTEXT]]
    tokens += [f"a:{w}" for w in _words((title or "") + " " + text[:OPENING])]
    return " ".join(tokens)


@dataclass(frozen=True, slots=True)
class RoleCandidate:
    """One entity of an article, seen through its first mention."""

    entity_id: str
    start: int
    end: int
    text: str
    features: str


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4+"


def candidates(text: str, title: str | None, mentions: Sequence[Any]) -> list[RoleCandidate]:
    """One candidate per entity (of the role-bearing types) in text order: its first
    mention's features plus how often and how early the entity is mentioned."""
    by_entity: dict[str, list[Any]] = {}
    for m in mentions:
        if m.label in ROLE_LABELS:
            by_entity.setdefault(m.entity_id, []).append(m)
    out = []
    for entity_id, ms in by_entity.items():
        first = min(ms, key=lambda m: m.start)
        where = "early" if first.start < max(300, len(text) // 5) else "late"
        feats = mention_document(text, first.start, first.end, title)
        feats += f" f:{_bucket(len(ms))} p:{where}"
        out.append(RoleCandidate(entity_id, first.start, first.end, first.text, feats))
    out.sort(key=lambda c: c.start)
    return out


def candidate_views(text: str, title: str | None, cands: Sequence[RoleCandidate]) -> list[tuple[str, ...]]:
    """The encoder's views of each candidate's first mention (built only for the
    candidates that are scored, after the salience filter)."""
    return [mention_views(text, c.start, c.end, title) for c in cands]


def decide(main_probs: np.ndarray, fine_probs: np.ndarray, fine_threshold: np.ndarray) -> tuple[str, float, list[str]]:
    """Main and fine role together: the (main, fine) pair with the highest p(main) * p(fine)
    (a confident fine role can carry a less likely main role; 5-fold CV fine EMR 0.186 ->
    0.193 on folds 1-4 against taking the main role first), plus any other fine role of that
    main role above its threshold."""
    mains = list(labels.roles())
    fines = list(labels.fine_roles())
    of = labels.main_role_of()
    best = max(range(len(fines)), key=lambda j: float(main_probs[mains.index(of[fines[j]])] * fine_probs[j]))
    main = of[fines[best]]
    chosen = [fines[best]] + [
        f for j, f in enumerate(fines) if j != best and of[f] == main and fine_probs[j] >= fine_threshold[j]
    ]
    return main, float(main_probs[mains.index(main)]), chosen
