"""Aligned passages between two articles.

1. Exact runs: maximal runs of identical normalised words (seeded by shared word 4-grams,
   extended along their diagonal), chained into passages across small gaps (edits).
   One run = ``verbatim``; several runs with small gaps = ``near``.
2. Paraphrase: the sentences not covered above are scored sentence to sentence by weighted
   content-word overlap (names and figures weigh double); an order-preserving set of
   matches is kept. An isolated reworded sentence is not enough on its own: paraphrase
   needs two matched sentences, or an exact passage in the same pair. This is what keeps
   two reports of the same event, with the same names and figures, from looking like reuse.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from newstrace.reuse.text import STOPWORDS, Sentence, Token, sentences, stem, tokenize

SEED_N = 4  # words in a seed n-gram
MIN_RUN = 5  # words in an exact run worth keeping
MAX_GAP = 6  # words skipped on either side when chaining runs (edits)
MIN_PASSAGE_WORDS = 10  # matched words for an exact passage
QUOTE_MIN_WORDS = 7  # ... or this many inside quotation marks in one of the texts: a quoted
# statement ("aborted the attack and inflicted huge losses") is the statement's own text
MAX_POSTINGS = 25  # a seed n-gram repeated more often in one article is not a seed
PARA_LOW = 0.42  # sentence match next to other evidence
PARA_HIGH = 0.5  # sentence match counted towards a paraphrase passage on its own
PARA_MIN_TERMS = 5
NEAR_CHAR_SIM = 0.85
MAX_TERM_SENTENCES = 50  # a term in more sentences of one text does not propose pairs


@dataclass(frozen=True, slots=True)
class Passage:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    kind: str  # verbatim | near | paraphrase
    a_words: int
    b_words: int


@dataclass(slots=True)
class Prepared:
    """An article's text cut up once for all the pairs it takes part in."""

    text: str
    tokens: list[Token]
    words: list[str]
    sents: list[Sentence]
    sent_of_token: list[int]
    terms: list[dict[str, float]]  # per sentence: content stem -> weight
    quoted: list[tuple[int, int]] = field(default_factory=list)  # spans inside quotation marks


def prepare(text: str) -> Prepared:
    tokens = tokenize(text)
    sents = sentences(text, tokens)
    sent_of_token = [-1] * len(tokens)
    terms: list[dict[str, float]] = []
    for k, s in enumerate(sents):
        weights: dict[str, float] = {}
        for t in range(s.tok_start, s.tok_end):
            sent_of_token[t] = k
            tok = tokens[t]
            if tok.norm in STOPWORDS or len(tok.norm) < 2:
                continue
            raw = text[tok.start]
            # Names and figures carry the identity of a sentence; common words less so.
            w = 2.0 if (raw.isupper() and t != s.tok_start) or raw.isdigit() else 1.0
            key = stem(tok.norm)
            weights[key] = max(weights.get(key, 0.0), w)
        terms.append(weights)
    quoted = [(m.start() + 1, m.end() - 1) for m in _QUOTED.finditer(text)]
    return Prepared(text, tokens, [t.norm for t in tokens], sents, sent_of_token, terms, quoted)


_QUOTED = re.compile(r'“[^”\n]{1,600}”|"[^"\n]{1,600}"|«[^»\n]{1,600}»')


def _quoted_words(p: Prepared, t0: int, t1: int) -> int:
    """Tokens of [t0, t1) that lie inside quotation marks."""
    return sum(
        1
        for t in range(t0, t1)
        if any(s <= p.tokens[t].start and p.tokens[t].end <= e for s, e in p.quoted)
    )


def _exact_runs(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(b) - SEED_N + 1):
        index.setdefault(tuple(b[j : j + SEED_N]), []).append(j)
    reach: dict[int, int] = {}  # diagonal (i - j) -> first i not yet covered on it
    runs = []
    for i in range(len(a) - SEED_N + 1):
        js = index.get(tuple(a[i : i + SEED_N]))
        if not js or len(js) > MAX_POSTINGS:
            continue
        for j in js:
            d = i - j
            if reach.get(d, -1) > i:
                continue
            n = SEED_N
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            reach[d] = i + n
            if n >= MIN_RUN:
                runs.append((i, j, n))
    return runs


def _select_runs(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest first, no word used twice on either side (deterministic tie-breaks)."""
    used_a: list[tuple[int, int]] = []
    used_b: list[tuple[int, int]] = []

    def free(used: list[tuple[int, int]], s: int, e: int) -> bool:
        k = bisect_left(used, (s, -1))
        if k < len(used) and used[k][0] < e:
            return False
        return not (k > 0 and used[k - 1][1] > s)

    chosen = []
    for i, j, n in sorted(runs, key=lambda r: (-r[2], r[0], r[1])):
        if free(used_a, i, i + n) and free(used_b, j, j + n):
            chosen.append((i, j, n))
            used_a.insert(bisect_left(used_a, (i, i + n)), (i, i + n))
            used_b.insert(bisect_left(used_b, (j, j + n)), (j, j + n))
    return sorted(chosen)


def _chain(runs: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    chains: list[list[tuple[int, int, int]]] = []
    for run in runs:
        if chains:
            li, lj, ln = chains[-1][-1]
            gi, gj = run[0] - (li + ln), run[1] - (lj + ln)
            if 0 <= gi <= MAX_GAP and 0 <= gj <= MAX_GAP:
                chains[-1].append(run)
                continue
        chains.append([run])
    return chains


def _span(p: Prepared, t0: int, t1: int) -> tuple[int, int]:
    """Characters of tokens [t0, t1), widened to the whole sentence at either end when the
    passage starts or ends with it (keeps quotes and the final full stop)."""
    start, end = p.tokens[t0].start, p.tokens[t1 - 1].end
    s0, s1 = p.sents[p.sent_of_token[t0]], p.sents[p.sent_of_token[t1 - 1]]
    if s0.tok_start == t0:
        start = s0.start
    if s1.tok_end == t1:
        end = s1.end
    return start, end


def _sentence_score(x: dict[str, float], y: dict[str, float]) -> float:
    if len(x) < PARA_MIN_TERMS or len(y) < PARA_MIN_TERMS:
        return 0.0
    shared = sum(min(x[k], y[k]) for k in x.keys() & y.keys())
    return 2 * shared / (sum(x.values()) + sum(y.values()))


def align(a: Prepared, b: Prepared, *, merged: bool = True) -> list[Passage]:
    """Exact and reworded passages; ``merged=False`` leaves adjacent ones apart (the
    embedding pass judges reworded passages on their own, then merges)."""
    passages: list[Passage] = []
    covered_a = [False] * len(a.tokens)
    covered_b = [False] * len(b.tokens)
    for chain in _chain(_select_runs(_exact_runs(a.words, b.words))):
        matched = sum(n for _, _, n in chain)
        i0, j0 = chain[0][0], chain[0][1]
        i1, j1 = chain[-1][0] + chain[-1][2], chain[-1][1] + chain[-1][2]
        if matched < MIN_PASSAGE_WORDS and not (
            matched >= QUOTE_MIN_WORDS
            and max(_quoted_words(a, i0, i1), _quoted_words(b, j0, j1)) >= QUOTE_MIN_WORDS
        ):
            continue
        for t in range(i0, i1):
            covered_a[t] = True
        for t in range(j0, j1):
            covered_b[t] = True
        a_s, a_e = _span(a, i0, i1)
        b_s, b_e = _span(b, j0, j1)
        sim = matched / max(i1 - i0, j1 - j0)
        kind = "verbatim" if len(chain) == 1 else "near"
        passages.append(Passage(a_s, a_e, b_s, b_e, round(sim, 4), kind, i1 - i0, j1 - j0))
    passages.extend(_paraphrases(a, b, covered_a, covered_b, bool(passages)))
    return _merge(a, b, passages) if merged else sorted(passages, key=lambda p: (p.a_start, p.b_start))


_KIND_RANK = {"verbatim": 0, "near": 1, "paraphrase": 2}


def _sent_range(p: Prepared, start: int, end: int) -> tuple[int, int]:
    starts = [s.start for s in p.sents]
    return max(0, bisect_left(starts, start + 1) - 1), max(0, bisect_left(starts, end) - 1)


def _merge(a: Prepared, b: Prepared, passages: list[Passage]) -> list[Passage]:
    """Overlapping or sentence-adjacent passages (on both sides) become one maximal passage;
    its similarity is their word-weighted mean, its kind the loosest of its parts, except
    that exact parts (verbatim, near) holding at least half its words make it ``near``: a
    copied paragraph with one sentence reworded is an edited copy, not a paraphrase."""
    out: list[Passage] = []
    exact: list[int] = []  # words of a in exact parts, per passage of ``out``
    for p in sorted(passages, key=lambda p: (p.a_start, p.b_start, p.a_end)):
        p_exact = p.a_words if p.kind != "paraphrase" else 0
        if out:
            q = out[-1]
            qa, pa = _sent_range(a, q.a_start, q.a_end), _sent_range(a, p.a_start, p.a_end)
            qb, pb = _sent_range(b, q.b_start, q.b_end), _sent_range(b, p.b_start, p.b_end)
            if pa[0] <= qa[1] + 1 and qb[0] <= pb[0] <= qb[1] + 1:
                words = q.a_words + p.a_words
                exact[-1] += p_exact
                kind = max(q.kind, p.kind, key=_KIND_RANK.__getitem__)
                if kind == "paraphrase" and exact[-1] * 2 >= words:
                    kind = "near"
                out[-1] = Passage(
                    min(q.a_start, p.a_start),
                    max(q.a_end, p.a_end),
                    min(q.b_start, p.b_start),
                    max(q.b_end, p.b_end),
                    round((q.similarity * q.a_words + p.similarity * p.a_words) / max(1, words), 4),
                    kind,
                    words,
                    q.b_words + p.b_words,
                )
                continue
        out.append(p)
        exact.append(p_exact)
    return out


def _uncovered(p: Prepared, covered: list[bool]) -> list[int]:
    out = []
    for k, s in enumerate(p.sents):
        n = s.tok_end - s.tok_start
        if sum(covered[s.tok_start : s.tok_end]) * 2 < n:
            out.append(k)
    return out


def _paraphrases(
    a: Prepared, b: Prepared, covered_a: list[bool], covered_b: list[bool], anchored: bool
) -> list[Passage]:
    ua, ub = _uncovered(a, covered_a), _uncovered(b, covered_b)
    # Only sentence pairs sharing a term that few sentences of b hold are scored: bounded
    # work for long texts (no sentences x sentences product).
    postings: dict[str, list[int]] = {}
    for j in ub:
        if len(b.terms[j]) >= PARA_MIN_TERMS:
            for t in b.terms[j]:
                postings.setdefault(t, []).append(j)
    scored = []
    for i in ua:
        if len(a.terms[i]) < PARA_MIN_TERMS:
            continue
        near: set[int] = set()
        for t in a.terms[i]:
            js = postings.get(t)
            if js and len(js) <= MAX_TERM_SENTENCES:
                near.update(js)
        for j in sorted(near):
            s = _sentence_score(a.terms[i], b.terms[j])
            if s >= PARA_LOW:
                scored.append((s, i, j))
    # One-to-one, best first, then keep the longest order-preserving subset.
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for s, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j, s))
    pairs = _monotone(sorted(pairs))
    strong = [p for p in pairs if p[2] >= PARA_HIGH]
    if not anchored and len(strong) < 2:
        return []
    if not anchored:
        pairs = [p for p in pairs if p[2] >= PARA_HIGH or _next_to(p, strong)]
    out = []
    for group in _consecutive(pairs):
        i0, i1 = group[0][0], group[-1][0]
        j0, j1 = group[0][1], group[-1][1]
        sa, sb = a.sents, b.sents
        a_s, a_e = sa[i0].start, sa[i1].end
        b_s, b_e = sb[j0].start, sb[j1].end
        sim = sum(g[2] for g in group) / len(group)
        char_sim = Indel.normalized_similarity(
            " ".join(a.words[sa[i0].tok_start : sa[i1].tok_end]),
            " ".join(b.words[sb[j0].tok_start : sb[j1].tok_end]),
        )
        kind = "near" if char_sim >= NEAR_CHAR_SIM else "paraphrase"
        out.append(
            Passage(
                a_s,
                a_e,
                b_s,
                b_e,
                round(max(sim, char_sim) if kind == "near" else sim, 4),
                kind,
                sa[i1].tok_end - sa[i0].tok_start,
                sb[j1].tok_end - sb[j0].tok_start,
            )
        )
    return out


def _next_to(p: tuple[int, int, float], strong: list[tuple[int, int, float]]) -> bool:
    return any(abs(p[0] - q[0]) <= 1 and abs(p[1] - q[1]) <= 1 for q in strong)


def _monotone(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Longest chain increasing in both sentence indexes (pairs sorted by i, each i and j
    used once): longest increasing subsequence of j, O(n log n)."""
    tails: list[int] = []  # tails[k]: j at the end of the best chain of length k + 1
    tail_at: list[int] = []  # index into pairs of that end
    prev = [-1] * len(pairs)
    for k, (_, j, _) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos else -1
    chain = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1]


def _consecutive(pairs: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    groups: list[list[tuple[int, int, float]]] = []
    for p in pairs:
        if groups and p[0] == groups[-1][-1][0] + 1 and p[1] == groups[-1][-1][1] + 1:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


# Public names for the sentence-embedding pass (``semantic.py``) and the calibration script.
sentence_score = _sentence_score
merge = _merge
monotone = _monotone
