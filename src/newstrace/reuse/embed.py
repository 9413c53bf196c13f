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
    cached), so a pair's cosines are the same whether its vectors came from the cache."""
    key = _key(text, spans)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit.astype(np.float32)
    vectors = encode([text[s:e] for s, e in spans]).astype(np.float16)
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
                todo.append((key, text, spans))
    if not todo:
        return
    vectors = encode([text[s:e] for _, text, spans in todo for s, e in spans]).astype(np.float16)
    k = 0
    for key, _, spans in todo:
        _store(key, vectors[k : k + len(spans)])
        k += len(spans)


def clear_cache() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0
