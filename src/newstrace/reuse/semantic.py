"""Reworded passages: found and confirmed with sentence embeddings (on by default).

Runs on each candidate pair after the lexical alignment (``align.align``). Exact passages
(``verbatim``, ``near``) are kept as they are. Reworded (``paraphrase``) passages are where
copies and independent reports of one event look alike (same names, same figures), so
they must show that one text was made from the other:

1. Sentence matches: sentences of the two texts (``MIN_WORDS`` words or more) matched one
   to one, best cosine first (``embed.py``), at or above ``SENTENCE_MIN``, whose figures do
   not disagree (numbers, weekdays and months: "39 were in Wajima" is not "31 people died in
   Wajima"); the longest order-preserving chain is kept.
2. The lexical scorer's paraphrase passages are kept only where their sentences are among
   these matches; matches no lexical passage covers become passages of their own
   (consecutive-ish runs, at most ``MAX_SKIP`` sentences skipped on either side).
3. A lexical reworded passage of ``LONG_RUN`` sentences or more on both sides is kept as it
   is: a run of sentences reworded in order is a copy. So is a mirrored run: ``MIRROR_RUN``
   sentence matches (cosine ``MIRROR_MIN`` or more, mean ``MIRROR_MEAN``) on one diagonal,
   sentence k of one text with sentence k + d of the other, sharing ``MIRROR_PHRASES`` word
   4-grams (a sentence-by-sentence rewording).
4. Copy evidence for a pair with no exact passage or long run: reworded copies keep some of the
   source's phrasing, independent reports of one event rarely do. The pair keeps its
   reworded passages when they share ``STRONG_PHRASES`` word 4-grams, or at least
   ``MIN_MATCHES`` sentence matches sharing ``MIN_PHRASES`` 4-grams; otherwise they are
   dropped. (A 4-gram of stop words only, "one of the", is no phrase.)
With an exact passage in the pair, reworded passages next to it need the sentence matches
only (a re-written copy around a verbatim paragraph).

Context rule (``stage.py``, ``single_match``): a pair left without passages but with one
strong sentence match (cosine ``SINGLE_MIN``, ``SINGLE_WORDS`` words on both sides,
``SINGLE_PHRASES`` shared 4-grams, no figure disagreement) is kept when the matched
sentence is part of a passage one of the two texts shares verbatim or near-verbatim with a
third text: a rewording of a passage known to travel between outlets.

Without embeddings (``NEWSTRACE_EMBEDDINGS=0``), ``refine`` returns the lexical passages
unchanged. Settings were chosen on news_reuse_dev (docs/quality-reuse.md: how optimistic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from newstrace.records import Article
from newstrace.reuse import embed
from newstrace.reuse.align import MIN_PASSAGE_WORDS, Passage, Prepared, merge, monotone
from newstrace.reuse.text import STOPWORDS, names

SENTENCE_MIN = 0.75  # cosine for a sentence pair to count as reworded
SINGLE_MIN = 0.85  # a single reworded sentence, with a travelling passage as context,
SINGLE_WORDS = 15  # ... of this many words on both sides (short sentences are dominated
SINGLE_PHRASES = 2  # by one rare name in a static model), sharing this many 4-grams
MIN_WORDS = embed.MIN_WORDS  # shorter sentences (bylines, "He declined.") are not compared
MAX_SKIP = 1  # unmatched sentences allowed between two matches, on either side
MAX_SENTENCES = 400  # only an article's first sentences are encoded: bounded time per article
STRONG_PHRASES = 9  # shared 4-grams that are copy evidence on their own
MIN_MATCHES = 2  # ... or this many sentence matches
MIN_PHRASES = 4  # ... sharing this many 4-grams
LONG_RUN = 3  # a lexical reworded passage of this many sentences (both sides) shows a copy
MIRROR_MIN = 0.6  # a mirrored run: sentence matches at this cosine or more, on one diagonal
MIRROR_RUN = 3  # (the same sentence offset in both texts, at most one sentence skipped),
MIRROR_MEAN = 0.7  # this many of them, with this mean cosine: a sentence-by-sentence rewording
MIRROR_PHRASES = 1  # ... keeping some phrasing of its source (templated leads of two missile
# launches mirror each other sentence by sentence and share no word 4-gram)
ANCHORED_MIN = 0.7  # cosine for a reworded sentence next to an exact passage of the pair
_DIGITS = 4  # cosines rounded before comparing: float noise rarely flips one
_VERSION = "3"  # bump when a threshold or rule here changes

_WORD = re.compile(r"\w+")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_FIGURE = re.compile(r"\b(?:\d[\d,.]*\d|\d|" + "|".join(_WEEKDAYS + _MONTHS) + r")\b", re.I)


def version_tag() -> str:
    """Appended to the reuse stage version: results differ with and without embeddings
    and with another encoder."""
    from newstrace.nlp import encoder

    return f"+emb{_VERSION}:{encoder.ENCODER_ID}" if embed.enabled() else ""


@dataclass(frozen=True, slots=True)
class Match:
    i: int  # sentence index in a
    j: int  # sentence index in b
    cosine: float
    phrases: int  # shared word 4-grams


def _sentence_vectors(p: Prepared) -> np.ndarray:
    return embed.article_vectors(p.text, [(s.start, s.end) for s in p.sents[:MAX_SENTENCES]])


@lru_cache(maxsize=8192)
def _figures(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"number": set(), "weekday": set(), "month": set()}
    for m in _FIGURE.finditer(text):
        w = m.group().lower().replace(",", "")
        kind = "weekday" if w in _WEEKDAYS else "month" if w in _MONTHS else "number"
        out[kind].add(w)
    return out


def figures_disagree(x: str, y: str) -> bool:
    """Both sentences state figures of one kind and those of one side are not all in the
    other ("Sunday" vs "Saturday"; {31, 22} vs {72, 39, 22})."""
    fx, fy = _figures(x), _figures(y)
    for kind in fx:
        a, b = fx[kind], fy[kind]
        if a and b and not (a <= b or b <= a):
            return True
    return False


@lru_cache(maxsize=8192)
def _grams(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return frozenset(
        g
        for g in zip(words, words[1:], words[2:], words[3:], strict=False)
        if any(w not in STOPWORDS for w in g)
    )


def shared_phrases(x: str, y: str) -> int:
    """Word 4-grams (lower case, not all stop words) the two texts share."""
    return len(_grams(x) & _grams(y))


def _sentence_text(p: Prepared, k: int) -> str:
    s = p.sents[k]
    return p.text[s.start : s.end]


@dataclass(slots=True)
class Cosines:
    """Cosines between the sentences of ``MIN_WORDS`` words or more of a pair's texts, with
    the greedy sentence matching at ``MIRROR_MIN`` once computed (``matches`` at a stricter
    cosine reads it back: see ``_greedy``)."""

    ia: list[int]  # sentences of a
    jb: list[int]  # sentences of b
    sim: np.ndarray
    greedy: list[tuple[int, int, float]] | None = None


def cosines(a: Prepared, b: Prepared) -> Cosines:
    """Cosines between the sentences of ``MIN_WORDS`` words or more of the two texts."""
    ia = [k for k, s in enumerate(a.sents[:MAX_SENTENCES]) if s.tok_end - s.tok_start >= MIN_WORDS]
    jb = [k for k, s in enumerate(b.sents[:MAX_SENTENCES]) if s.tok_end - s.tok_start >= MIN_WORDS]
    if not ia or not jb:
        return Cosines(ia, jb, np.zeros((len(ia), len(jb)), dtype=np.float32))
    return Cosines(ia, jb, np.round(_sentence_vectors(a)[ia] @ _sentence_vectors(b)[jb].T, _DIGITS))


def _greedy(a: Prepared, b: Prepared, minimum: float, cos: Cosines) -> list[tuple[int, int, float]]:
    """One-to-one sentence pairs at or above ``minimum``, best cosine first, skipping pairs
    whose figures disagree. Greedy best-first takes the same pairs above any cosine whatever
    lower cells exist, so a stricter matching is the looser one's pairs at that cosine or
    more: the ``MIRROR_MIN`` pass is computed once per pair and filtered."""
    if minimum >= MIRROR_MIN and cos.greedy is not None:
        # Compared as float32, as ``sim >= minimum`` below compares (0.7 is not a float32).
        floor = float(np.float32(minimum))
        return [p for p in cos.greedy if p[2] >= floor]
    ia, jb, sim = cos.ia, cos.jb, cos.sim
    xs, ys = np.nonzero(sim >= minimum)
    vals = sim[xs, ys]
    # Best cosine first, ties by position (numpy sort: many near pairs in look-alike texts).
    order = np.lexsort((ys, xs, -vals))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    limit = min(len(ia), len(jb))
    for k in order.tolist():
        if len(pairs) == limit:
            break
        s, i, j = float(vals[k]), ia[int(xs[k])], jb[int(ys[k])]
        if i in used_i or j in used_j:
            continue
        if figures_disagree(_sentence_text(a, i), _sentence_text(b, j)):
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((i, j, s))
    if minimum == MIRROR_MIN:
        cos.greedy = pairs
    return pairs


def matches(
    a: Prepared, b: Prepared, minimum: float = SENTENCE_MIN, cos: Cosines | None = None
) -> list[Match]:
    """Order-preserving one-to-one sentence matches at or above ``minimum`` (``cos``: the
    pair's ``cosines``, when already computed)."""
    cos = cos if cos is not None else cosines(a, b)
    if not cos.ia or not cos.jb:
        return []
    return [
        Match(i, j, s, shared_phrases(_sentence_text(a, i), _sentence_text(b, j)))
        for i, j, s in monotone(sorted(_greedy(a, b, minimum, cos)))
    ]


def copy_evidence(found: list[Match]) -> bool:
    """Reworded passages alone (no exact passage) show a copy."""
    phrases = sum(m.phrases for m in found)
    return phrases >= STRONG_PHRASES or (len(found) >= MIN_MATCHES and phrases >= MIN_PHRASES)


def _span_sentences(p: Prepared, passage: Passage, side: str) -> int:
    start, end = (passage.a_start, passage.a_end) if side == "a" else (passage.b_start, passage.b_end)
    return sum(1 for s in p.sents if s.start < end and s.end > start)


def mirrored_runs(found: list[Match]) -> list[list[Match]]:
    """Runs of at least ``MIRROR_RUN`` matches on one diagonal (sentence k of one text with
    sentence k + d of the other), at most one sentence skipped, mean cosine ``MIRROR_MEAN``,
    sharing ``MIRROR_PHRASES`` word 4-grams."""
    runs: list[list[Match]] = []
    for m in found:
        last = runs[-1][-1] if runs else None
        if last and m.i - m.j == last.i - last.j and 1 <= m.i - last.i <= MAX_SKIP + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return [
        r
        for r in runs
        if len(r) >= MIRROR_RUN
        and sum(m.cosine for m in r) / len(r) >= MIRROR_MEAN
        and sum(m.phrases for m in r) >= MIRROR_PHRASES
    ]


def _in(p: Prepared, k: int, start: int, end: int) -> bool:
    s = p.sents[k]
    return s.start < end and s.end > start


def _consecutive_ish(found: list[Match]) -> list[list[Match]]:
    groups: list[list[Match]] = []
    for m in found:
        if groups:
            last = groups[-1][-1]
            if 1 <= m.i - last.i <= MAX_SKIP + 1 and 1 <= m.j - last.j <= MAX_SKIP + 1:
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _passage(a: Prepared, b: Prepared, group: list[Match]) -> Passage:
    first, last = group[0], group[-1]
    return Passage(
        a.sents[first.i].start,
        a.sents[last.i].end,
        b.sents[first.j].start,
        b.sents[last.j].end,
        round(sum(m.cosine for m in group) / len(group), _DIGITS),
        "paraphrase",
        a.sents[last.i].tok_end - a.sents[first.i].tok_start,
        b.sents[last.j].tok_end - b.sents[first.j].tok_start,
    )


def refine(
    a: Prepared, b: Prepared, passages: list[Passage], cos: Cosines | None = None
) -> list[Passage]:
    """The lexical passages of a candidate pair (merged or not), checked and completed by
    embeddings; merged (``cos``: the pair's ``cosines``, when already computed)."""
    if not embed.enabled() or not a.sents or not b.sents:
        return merge(a, b, passages)
    exact = [p for p in passages if p.kind != "paraphrase"]
    lexical = [p for p in passages if p.kind == "paraphrase"]
    cos = cos if cos is not None else cosines(a, b)
    every = matches(a, b, MIRROR_MIN, cos)
    # Matched again at the stricter cosine: weak matches of the mirror search must not
    # push a strong crossing match out of the order-preserving chain.
    found = matches(a, b, ANCHORED_MIN if exact else SENTENCE_MIN, cos)
    # Runs of sentences an exact passage already covers are that passage, not a rewording.
    every = [m for m in every if not any(_in(a, m.i, p.a_start, p.a_end) for p in exact)]
    mirrored = [_passage(a, b, run) for run in mirrored_runs(every)]
    if mirrored:
        # A sentence-by-sentence rewording: kept like an exact passage.
        exact = exact + mirrored
        found = [m for m in found if not any(_in(a, m.i, p.a_start, p.a_end) for p in mirrored)]
    in_exact = [
        m
        for m in found
        if any(_in(a, m.i, p.a_start, p.a_end) or _in(b, m.j, p.b_start, p.b_end) for p in exact)
    ]
    open_matches = [m for m in found if m not in in_exact]
    long_runs = [p for p in lexical if min(_span_sentences(a, p, "a"), _span_sentences(b, p, "b")) >= LONG_RUN]
    if long_runs:
        # A run of reworded sentences in order is a copy whatever the vectors say (the
        # lexical scorer matched each sentence on its content words).
        exact = exact + long_runs
        lexical = [p for p in lexical if p not in long_runs]
    elif not exact and not copy_evidence(open_matches):
        return []
    kept = [
        p
        for p in lexical
        if any(
            _in(a, m.i, p.a_start, p.a_end) and _in(b, m.j, p.b_start, p.b_end)
            for m in found
        )
    ]
    covered = [
        m
        for m in open_matches
        if any(_in(a, m.i, p.a_start, p.a_end) and _in(b, m.j, p.b_start, p.b_end) for p in kept)
    ]
    new = [m for m in open_matches if m not in covered]
    extra = [_passage(a, b, g) for g in _consecutive_ish(new) if len(g) >= 2 or exact or kept]
    if not exact and not kept and not extra:
        return []
    return merge(a, b, exact + kept + extra)


def single_match(a: Prepared, b: Prepared, cos: Cosines | None = None) -> Match | None:
    """The best sentence match of a pair that ``refine`` left without passages, when it is
    strong enough for the context rule (``cos``: the cosines ``refine`` used)."""
    def words(p: Prepared, k: int) -> int:
        return p.sents[k].tok_end - p.sents[k].tok_start

    found = [
        m
        for m in matches(a, b, SINGLE_MIN, cos)
        if m.phrases >= SINGLE_PHRASES
        and min(words(a, m.i), words(b, m.j)) >= SINGLE_WORDS
    ]
    return max(found, key=lambda m: (m.cosine, -m.i, -m.j)) if found else None


def single_passage(a: Prepared, b: Prepared, m: Match) -> Passage:
    return _passage(a, b, [m])


WINDOW_DAYS = 14  # meaning-only candidates and weak pairs further apart than this are dropped
MIN_SHARED_NAMES = 2  # ... and meaning-only candidates sharing fewer names and figures
LONG_WORDS = 80  # a reworded passage this long (both sides) is no weak pair


def weak(passages: list[Passage]) -> bool:
    """No exact (verbatim or near) passage of ``align.MIN_PASSAGE_WORDS`` words on both sides
    and no reworded one of ``LONG_WORDS``: short reworded passages, or a short quotation. Such a pair needs its pages published
    within ``WINDOW_DAYS`` of each other (``stage.py``)."""
    return not any(
        min(p.a_words, p.b_words) >= (MIN_PASSAGE_WORDS if p.kind != "paraphrase" else LONG_WORDS)
        for p in passages
    )


def far_apart(xs: set[date], ys: set[date]) -> bool:
    """Both sides dated and every date of one more than ``WINDOW_DAYS`` from every date of
    the other."""
    return bool(xs and ys) and min(abs((x - y).days) for x in xs for y in ys) > WINDOW_DAYS


def day(a: Article) -> date | None:
    if not a.published or a.published_precision != "day":
        return None
    try:
        return date.fromisoformat(a.published[:10])
    except ValueError:
        return None


def plausible(a: Article, b: Article) -> bool:
    """Blocking for a pair proposed by meaning keys alone: published within
    ``WINDOW_DAYS`` of each other (when both dates are known) and sharing names or figures."""
    da, db = day(a), day(b)
    if da and db and abs((da - db).days) > WINDOW_DAYS:
        return False
    return len(_names(a.text) & _names(b.text)) >= MIN_SHARED_NAMES


@lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[str]:
    return frozenset(names(text))
