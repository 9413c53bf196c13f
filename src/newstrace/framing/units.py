"""The text units techniques are scored on (sentences, never across a line break) and
their dense features beside the words (length, punctuation, repetition in the article)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc

_WORD = re.compile(r"\w[\w'’-]*")
_QUOTES = "\"“”«»"
EXTRA_NAMES = (
    "log_chars", "exclamations", "questions", "quotes", "caps_words", "position",
    "repeated_word", "repeated_trigrams", "first_person", "second_person",
)


def sentence_units(text: str, doc: Doc | None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) into ``text``, cut at line breaks and trimmed; the
    whole of each line when there is no parse."""
    rough: list[tuple[int, int]] = []
    if doc is not None:
        rough = [(s.start_char, s.end_char) for s in doc.sents]
        parsed_to = rough[-1][1] if rough else 0
        if parsed_to < len(text):  # text beyond the parsed prefix (very long articles)
            rough.append((parsed_to, len(text)))
    else:
        rough = [(0, len(text))]
    out = []
    for start, end in rough:
        pos = start
        for piece in text[start:end].split("\n"):
            a, b = pos, pos + len(piece)
            pos = b + 1
            stripped = piece.strip()
            if len(stripped) < 2:
                continue
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + lead + len(stripped)))
    return out


def unit_extras(text: str, units: list[tuple[int, int]]) -> np.ndarray:
    """(units, len(EXTRA_NAMES)) dense features; counts are log-scaled."""
    words = [[w.lower() for w in _WORD.findall(text[a:b])] for a, b in units]
    article_words = Counter(w for ws in words for w in ws if len(w) > 3)
    trigrams = Counter(tuple(ws[i : i + 3]) for ws in words for i in range(len(ws) - 2))
    out = np.zeros((len(units), len(EXTRA_NAMES)), dtype=np.float32)
    n = max(1, len(units) - 1)
    for k, ((a, b), ws) in enumerate(zip(units, words, strict=True)):
        s = text[a:b]
        tri = [tuple(ws[i : i + 3]) for i in range(len(ws) - 2)]
        out[k] = (
            np.log1p(len(s)),
            np.log1p(s.count("!")),
            np.log1p(s.count("?")),
            np.log1p(sum(s.count(q) for q in _QUOTES)),
            np.log1p(sum(1 for w in _WORD.findall(s) if len(w) > 2 and w.isupper())),
            k / n,
            np.log1p(max((article_words[w] - 1 for w in ws if len(w) > 3), default=0)),
            sum(trigrams[t] > 1 for t in tri) / len(tri) if tri else 0.0,
            np.log1p(sum(w in {"i", "we", "my", "our", "me", "us"} for w in ws)),
            np.log1p(sum(w in {"you", "your"} for w in ws)),
        )
    return out


def combine(scores: np.ndarray, how: str) -> np.ndarray:
    """One row of technique scores for a paragraph from its sentences' rows: the max, the
    noisy-or (several weak hints in one paragraph add up), or ``noisy-or-N``: the noisy-or
    of each technique's N best sentences (a long paragraph's many faint scores do not add
    up to a technique)."""
    if how == "max":
        return scores.max(axis=0)
    if how == "noisy-or":
        return 1.0 - np.prod(1.0 - scores.astype(np.float64), axis=0)
    n = how.removeprefix("noisy-or-")
    if how.startswith("noisy-or-") and n.isdigit() and int(n) > 0:
        best = np.sort(scores.astype(np.float64), axis=0)[-int(n) :]
        return 1.0 - np.prod(1.0 - best, axis=0)
    raise ValueError(f"unknown paragraph aggregate {how!r}: use 'max', 'noisy-or' or 'noisy-or-N' (N >= 1)")


def line_groups(text: str, units: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Indices of the units on each line of ``text`` (units never cross a line break)."""
    groups: dict[int, list[int]] = {}
    for k, (a, _) in enumerate(units):
        groups.setdefault(text.count("\n", 0, a), []).append(k)
    return list(groups.values())


def context_features(scores: np.ndarray, extras: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Second-stage features of each unit: its first-stage technique scores, the previous
    and next unit's, the mean and max over its article (techniques cluster in articles),
    and its dense extras. ``groups`` marks the article of each unit (one article if None);
    units of an article are consecutive and in text order."""
    n = scores.shape[0]
    groups = np.zeros(n, np.int64) if groups is None else groups
    mean = np.zeros_like(scores)
    top = np.zeros_like(scores)
    prev = np.zeros_like(scores)
    nxt = np.zeros_like(scores)
    bounds = np.flatnonzero(np.diff(groups)) + 1
    for rows in np.split(np.arange(n), bounds):
        if not len(rows):
            continue
        block = scores[rows]
        mean[rows] = block.mean(axis=0)
        top[rows] = block.max(axis=0)
        prev[rows[1:]] = block[:-1]
        nxt[rows[:-1]] = block[1:]
    return np.hstack([scores, prev, nxt, mean, top, extras]).astype(np.float32)


DOCUMENT_EXTRA_NAMES = (
    "log_words", "quotes", "said", "first_person", "second_person", "questions",
    "exclamations", "digits", "caps_words", "sentence_words",
)
_REPORTING_VERBS = frozenset({"said", "says", "told", "according"})


def document_extras(text: str) -> np.ndarray:
    """Style of a whole article (rates per word, scaled to about 0..2): quotation and
    attribution mark reporting, first/second person and questions mark opinion."""
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    n = max(1, len(words))
    sentences = max(1, len(re.findall(r"[.!?](?:\s|$)", text)))
    return np.array([
        np.log1p(n) / 8,
        sum(text.count(q) for q in _QUOTES) / n * 10,
        sum(w in _REPORTING_VERBS for w in lower) / n * 50,
        sum(w in {"i", "we", "my", "our", "me", "us"} for w in lower) / n * 20,
        sum(w in {"you", "your"} for w in lower) / n * 20,
        text.count("?") / n * 20,
        text.count("!") / n * 20,
        sum(c.isdigit() for c in text) / max(1, len(text)) * 10,
        sum(1 for w in words if len(w) > 2 and w.isupper()) / n * 20,
        n / sentences / 30,
    ], dtype=np.float32)


def document_vector(text: str) -> np.ndarray:
    """The packaged sentence encoder's view of a whole article: the mean of its paragraphs'
    unit vectors, renormalised (the encoder reads 254 word pieces of a text at most)."""
    from newstrace.nlp.encoder import encode

    paragraphs = [p for p in text.split("\n") if len(p.strip()) > 20] or [text]
    v = encode(paragraphs).mean(axis=0)
    return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


NEWS_CUE_NAMES = (
    "dateline", "wire_credit", "attribution_per_line", "quoted_share", "republished",
    "first_person_singular", "opinion_label",
)


@cache
def _cues() -> dict[str, Any]:
    """The patterns and word lists of data/framing/genre_cues.yaml, compiled."""
    data = yaml.safe_load((resources.files("newstrace") / "data" / "framing" / "genre_cues.yaml").read_text(encoding="utf-8"))
    return {
        "dateline": [re.compile(p) for p in data["dateline"]],
        "wire_credit": re.compile(data["wire_credit"]),
        "attribution": frozenset(data["attribution"]),
        "republished": re.compile(data["republished"]),
        "first_person_singular": frozenset(data["first_person_singular"]),
        "opinion_label": re.compile(data["opinion_label"]),
    }


_QUOTED = re.compile(r"[\"“][^\"“”\n]{3,}[\"”]")


def news_cues(text: str) -> np.ndarray:
    """Cues of a news report against an opinion piece, beside ``document_extras`` (order of
    ``NEWS_CUE_NAMES``; patterns in data/framing/genre_cues.yaml): a dateline opening the
    body, a wire or agency credit, attribution verbs per line, the share of characters inside
    quotation marks, a republished-blog credit, first person singular per word (x50), an
    editor's note or opinion label in the opening. ``text``: the title line, then the body."""
    cue = _cues()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    body = lines[1:] if len(lines) > 1 else lines
    joined = "\n".join(body)
    first = body[0] if body else ""
    lower = [w.lower() for w in _WORD.findall(joined)]
    quoted = sum(len(m) for m in _QUOTED.findall(joined))
    return np.array([
        float(any(p.match(first) for p in cue["dateline"])),
        float(bool(cue["wire_credit"].search(joined))),
        sum(w in cue["attribution"] for w in lower) / max(1, len(body)),
        quoted / max(1, len(joined)),
        float(bool(cue["republished"].search(joined))),
        sum(w in cue["first_person_singular"] for w in lower) / max(1, len(lower)) * 50,
        float(bool(cue["opinion_label"].search(joined[:400]))),
    ], dtype=np.float32)


def genre_features(text: str, vector_weight: float | None, cues: bool = False) -> np.ndarray:
    """Dense features of the genre model: the style rates, then (when the model was trained
    with them) the news cues (``cues``) and the article's encoder vector scaled by
    ``vector_weight``."""
    parts = [document_extras(text)]
    if cues:
        parts.append(news_cues(text))
    if vector_weight:
        parts.append(document_vector(text) * vector_weight)
    return np.concatenate(parts).astype(np.float32)


def sentence_features(texts: Sequence[str], extras: np.ndarray, vector_weight: float | None) -> np.ndarray:
    """Dense features of the technique model's first stage: the units' extras, then (when
    trained with them) their encoder vectors scaled by ``vector_weight``."""
    if not vector_weight:
        return extras
    from newstrace.nlp.encoder import encode

    return np.hstack([extras, encode(list(texts)) * vector_weight]).astype(np.float32)
