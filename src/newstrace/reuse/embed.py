"""Sentence vectors for the reuse stage, from the shared encoder (``newstrace.nlp.encoder``).

On by default: the encoder is a static model shipped in the package (numpy and tokenizers,
no torch), fast enough to encode every sentence of a large corpus. ``NEWSTRACE_EMBEDDINGS=0``
(or ``newstrace analyze --no-embeddings``) switches the embedding pass off: the reuse stage
is then lexical only.

Vectors are L2-normalised float32, so a dot product is the cosine. An article's vectors
depend on its text only (the encoder encodes each text on its own): results stay the same
whatever the run order.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from newstrace.nlp import encoder

ENV = "NEWSTRACE_EMBEDDINGS"
# Sentence vectors kept within a run (float16): keying encodes every article once, and
# the alignment of candidate pairs reads them back instead of encoding again.
_CACHE_BYTES = 256 * 2**20
_OFF = {"0", "false", "no", "off"}
# Sentences of fewer words are never compared (``semantic.MIN_WORDS`` tokens, ``semkeys``
# keys longer ones): they are not encoded and their rows stay zero. A word here is a run of
# word characters, so a sentence of 6 tokens ("al-Shaabi" is one) always has 6 of them.
MIN_WORDS = 6
_LONG = re.compile(rf"(?:\w+\W+){{{MIN_WORDS - 1}}}\w")

_lock = threading.Lock()
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cached_bytes = 0
stats = encoder.stats  # sentences encoded and seconds spent (benchmarks, logs)


def enabled() -> bool:
    """Embeddings are used unless switched off (``NEWSTRACE_EMBEDDINGS=0``)."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def encode(sentences: Sequence[str]) -> np.ndarray:
    """Unit vectors (n x ``encoder.DIM``, float32) for the sentences."""
    return encoder.encode(sentences)


def _key(text: str, spans: Sequence[tuple[int, int]]) -> str:
    h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    h.update(repr(list(spans)).encode())
    return h.hexdigest()


def _long(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    return [k for k, (s, e) in enumerate(spans) if _LONG.search(text, s, e)]


def _filled(n: int, rows: list[int], vectors: np.ndarray) -> np.ndarray:
    """``n`` float16 rows: ``vectors`` at ``rows``, zero elsewhere."""
    out = np.zeros((n, encoder.DIM), dtype=np.float16)
    out[rows] = vectors
    return out


def _store(key: str, vectors: np.ndarray) -> None:
    global _cached_bytes
    with _lock:
        if key not in _cache:
            _cache[key] = vectors
            _cached_bytes += vectors.nbytes
        while _cached_bytes > _CACHE_BYTES and _cache:
            _cached_bytes -= _cache.popitem(last=False)[1].nbytes


def article_vectors(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Vectors of an article's sentences (character spans into ``text``), cached per
    article and sentence split for the rest of the run. Always rounded to float16 (as
    cached), so a pair's cosines are the same whether its vectors came from the cache.
    Sentences of fewer than ``MIN_WORDS`` words get zero rows."""
    key = _key(text, spans)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit.astype(np.float32)
    rows = _long(text, spans)
    vectors = _filled(len(spans), rows, encode([text[spans[k][0] : spans[k][1]] for k in rows]))
    _store(key, vectors)
    return vectors.astype(np.float32)


def prime(items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> None:
    """Encode the sentences of many articles in one encoder call and cache them per article
    (as ``article_vectors`` would, one by one: the encoder encodes each text on its own, so
    the vectors are the same; one call saves the per-call cost)."""
    todo = []
    with _lock:
        for text, spans in items:
            key = _key(text, spans)
            if key not in _cache:
                todo.append((key, text, spans, _long(text, spans)))
    if not todo:
        return
    vectors = encode(
        [text[spans[k][0] : spans[k][1]] for _, text, spans, rows in todo for k in rows]
    )
    k = 0
    for key, _, spans, rows in todo:
        _store(key, _filled(len(spans), rows, vectors[k : k + len(rows)]))
        k += len(rows)


def clear_cache() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0
