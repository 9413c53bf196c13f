"""Paraphrase passages confirmed by sentence embeddings (optional ``embeddings`` extra).

Runs after the lexical alignment of a candidate pair (``align.align``), on what it left
uncovered: sentences that no lexical passage covers are compared by cosine of their
sentence embeddings (``embed.py``). Pairs at or above ``SENTENCE_MIN`` are matched one to
one (best first), the longest order-preserving chain is kept, and runs of at least
``MIN_SENTENCES`` matches that are consecutive-ish (at most ``MAX_SKIP`` unmatched sentences
between two matches, on either side) become ``paraphrase`` passages. One matched sentence
is never enough: two reports of one event share single sentences of fact.

It also checks the lexical scorer's borderline paraphrase passages (similarity below
``CONFIRM_BELOW``): one whose sentences are not close in meaning either (mean best cosine
below ``REJECT_BELOW``) is dropped.

Candidate pairs still come from the reuse index only: nothing here looks beyond the pair.
Without the extra, or unless asked for (``NEWSTRACE_EMBEDDINGS=1``), ``refine`` returns the lexical
passages unchanged. Thresholds: ``benchmarks/paraphrase_threshold.py``.
"""

from __future__ import annotations

import numpy as np

from newstrace.reuse import embed
from newstrace.reuse.align import Passage, Prepared, merge, monotone

SENTENCE_MIN = 0.65  # cosine for a sentence pair to count as reworded (calibrated: the lowest
# threshold with precision 1.0 on benchmarks/data/paraphrase/pairs.jsonl)
MIN_SENTENCES = 2  # matched sentences in one passage
MAX_SKIP = 1  # unmatched sentences allowed between two matches, on either side
MIN_WORDS = 6  # shorter sentences (bylines, captions, "He declined.") are not compared
MAX_SENTENCES = 400  # only an article's first sentences are encoded: bounded time per article
CONFIRM_BELOW = 0.6  # lexical paraphrase passages below this similarity are checked
# ... and dropped when their mean best cosine is below this: between the false lexical
# matches seen on same-topic PolNeAR articles (<= 0.372) and real rewordings (>= 0.519 on
# the calibration pairs, >= 0.526 for lexical paraphrase passages of the evaluation set).
REJECT_BELOW = 0.45
_DIGITS = 4  # cosines rounded before comparing: float noise (threads, CPU) rarely flips one


_VERSION = "1"  # bump when a threshold or rule here changes


def version_tag() -> str:
    """Appended to the reuse stage version: results differ with and without embeddings."""
    return f"+emb{_VERSION}" if embed.enabled() else ""


def _sentence_vectors(p: Prepared) -> np.ndarray:
    return embed.article_vectors(p.text, [(s.start, s.end) for s in p.sents[:MAX_SENTENCES]])


def _covered(p: Prepared, spans: list[tuple[int, int]]) -> list[bool]:
    """Per sentence: at least half of its characters lie inside a passage."""
    out = []
    for s in p.sents:
        inside = sum(max(0, min(e, s.end) - max(b, s.start)) for b, e in spans)
        out.append(inside * 2 >= s.end - s.start)
    return out


def _open_sentences(p: Prepared, covered: list[bool]) -> list[int]:
    return [
        k
        for k, s in enumerate(p.sents[:MAX_SENTENCES])
        if not covered[k] and s.tok_end - s.tok_start >= MIN_WORDS
    ]


def _consecutive_ish(pairs: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    groups: list[list[tuple[int, int, float]]] = []
    for p in pairs:
        if groups:
            i, j, _ = groups[-1][-1]
            if 1 <= p[0] - i <= MAX_SKIP + 1 and 1 <= p[1] - j <= MAX_SKIP + 1:
                groups[-1].append(p)
                continue
        groups.append([p])
    return groups


def _words(p: Prepared, k0: int, k1: int) -> int:
    return p.sents[k1].tok_end - p.sents[k0].tok_start


def embedding_passages(
    a: Prepared, b: Prepared, covered_a: list[bool], covered_b: list[bool]
) -> list[Passage]:
    ua, ub = _open_sentences(a, covered_a), _open_sentences(b, covered_b)
    if len(ua) < MIN_SENTENCES or len(ub) < MIN_SENTENCES:
        return []
    va, vb = _sentence_vectors(a)[ua], _sentence_vectors(b)[ub]
    sim = np.round(va @ vb.T, _DIGITS)
    xs, ys = np.nonzero(sim >= SENTENCE_MIN)
    scored = sorted(
        ((float(sim[x, y]), ua[x], ub[y]) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for s, i, j in scored:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j, s))
    out = []
    for group in _consecutive_ish(monotone(sorted(pairs))):
        if len(group) < MIN_SENTENCES:
            continue
        i0, i1, j0, j1 = group[0][0], group[-1][0], group[0][1], group[-1][1]
        out.append(
            Passage(
                a.sents[i0].start,
                a.sents[i1].end,
                b.sents[j0].start,
                b.sents[j1].end,
                round(sum(g[2] for g in group) / len(group), _DIGITS),
                "paraphrase",
                _words(a, i0, i1),
                _words(b, j0, j1),
            )
        )
    return out


def _sentences_in(p: Prepared, start: int, end: int) -> list[int]:
    return [k for k, s in enumerate(p.sents[:MAX_SENTENCES]) if s.start < end and s.end > start]


def passage_cosine(a: Prepared, b: Prepared, passage: Passage) -> float | None:
    """Mean over the passage's sentences in a of their best cosine to one in b (None when
    the passage lies beyond the encoded sentences of either text)."""
    ia = _sentences_in(a, passage.a_start, passage.a_end)
    jb = _sentences_in(b, passage.b_start, passage.b_end)
    if not ia or not jb:
        return None
    sim = _sentence_vectors(a)[ia] @ _sentence_vectors(b)[jb].T
    return round(float(sim.max(axis=1).mean()), _DIGITS)


def _confirmed(a: Prepared, b: Prepared, passage: Passage) -> bool:
    if passage.kind != "paraphrase" or passage.similarity >= CONFIRM_BELOW:
        return True
    cosine = passage_cosine(a, b, passage)
    return cosine is None or cosine >= REJECT_BELOW  # not judged: kept as the lexical pass said


def refine(a: Prepared, b: Prepared, passages: list[Passage]) -> list[Passage]:
    """The lexical passages of a candidate pair, checked and completed by embeddings."""
    if not embed.enabled() or not a.sents or not b.sents:
        return passages
    kept = [p for p in passages if _confirmed(a, b, p)]
    covered_a = _covered(a, [(p.a_start, p.a_end) for p in kept])
    covered_b = _covered(b, [(p.b_start, p.b_end) for p in kept])
    found = embedding_passages(a, b, covered_a, covered_b)
    if not found:
        return kept
    return merge(a, b, kept + found)
