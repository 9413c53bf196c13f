"""Meaning keys for the candidate index: sentences that say the same thing in other words.

Each sentence of at least ``MIN_WORDS`` words is encoded (``embed.article_vectors``, the
shared static encoder) and hashed with random-hyperplane LSH (SimHash): ``BANDS`` bands of
``BITS`` sign bits each, one key per band. Two sentences with cosine c agree on one bit with
probability 1 - arccos(c)/pi, so they share at least one band key with probability
1 - (1 - p**BITS)**BANDS: about 0.8 at cosine 0.85 and 0.2 at 0.6 (a nearest-neighbour
search in the index, no all-pairs product). The keys sit in the same persistent index as the
shingle keys, marked by their lowest bit (1 here, 0 for shingles), and propose a pair when
two articles share ``MIN_SHARED`` of them (keys held by more than ``MAX_DF`` articles, stock
sentences of a genre, propose nothing); the pair is then blocked by time and names
(``stage.py``) and confirmed by alignment and embeddings (``semantic.py``).

The hyperplanes come from a fixed seed: keys are stable across processes and runs, as the
persistent index needs.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from newstrace.nlp import encoder
from newstrace.reuse import embed
from newstrace.reuse.shingles import mix
from newstrace.reuse.text import sentence_spans as text_sentence_spans

BANDS = 16
BITS = 12
MIN_WORDS = 8  # shorter sentences (bylines, captions) get no keys (>= embed.MIN_WORDS)
# Shared meaning keys that make a candidate pair, and the most articles a usable key may be
# held by (more: a stock sentence of the genre, not a copy). At 2 and 20, 1,631 real articles
# (PolNeAR, SemEval-2023, MUC-4, news_reuse_dev) gave 279,860 meaning-only candidates, an hour
# of alignment on one topic's news; at 3 and 10, 25,348, and news_reuse_dev and the team's set
# score the same (both also hold at 6 and 5; with no meaning keys dev loses 2 gold pairs).
MIN_SHARED = 3
MAX_DF = 10
MAX_SENTENCES = 400  # as semantic.MAX_SENTENCES: only an article's first sentences
_SEED = 20_261_013
_SALT = np.uint64((3 * 0x9E3779B97F4A7C15) % 2**64)  # odd salt: keys of their own
_LONG = re.compile(rf"(?:\w+\W+){{{MIN_WORDS - 1}}}\w")  # MIN_WORDS words or more

_planes = np.random.default_rng(_SEED).standard_normal((encoder.DIM, BANDS * BITS))
_PLANES = _planes.astype(np.float32)
_WEIGHTS = (1 << np.arange(BITS, dtype=np.uint64)).astype(np.uint64)
_BAND_IDS = (np.arange(BANDS, dtype=np.uint64) << np.uint64(BITS)).astype(np.uint64)


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans ``align.prepare`` keeps (``text.sentence_spans``, the first
    ``MAX_SENTENCES``), so that the vectors encoded for keys are the ones the pair's
    confirmation reads from the cache."""
    return text_sentence_spans(text)[:MAX_SENTENCES]


def keys(text: str) -> npt.NDArray[np.int64]:
    """Sorted distinct meaning keys of an article (int64, lowest bit 1)."""
    spans = sentence_spans(text)
    long = [k for k, (s, e) in enumerate(spans) if _LONG.search(text, s, e)]
    if not long:
        return np.empty(0, dtype=np.int64)
    vecs = embed.article_vectors(text, spans)[long]
    bits = (vecs @ _PLANES > 0).reshape(len(long), BANDS, BITS).astype(np.uint64)
    codes = (bits * _WEIGHTS).sum(axis=2, dtype=np.uint64) | _BAND_IDS  # (sentences, bands)
    hashed = mix(codes.ravel() + _SALT)
    return np.unique((hashed | np.uint64(1)).view(np.int64))
