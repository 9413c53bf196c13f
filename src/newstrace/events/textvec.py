"""TF-IDF vectors of short texts, fitted and applied without scikit-learn: the shipped
sub-type model is plain arrays (vocabulary, idf, weights) in an .npz file, so loading it
runs no pickle and its output does not depend on a library's internals.

Two analysers: word tokens (two or more word characters, lower-cased, minus a stop list)
and character n-grams inside words padded with spaces (scikit-learn's ``char_wb``).
Weights: sublinear tf (1 + log count) times smoothed idf, then each row scaled to unit
length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")
_WORD_CACHE_SIZE = 200_000  # distinct words whose n-gram indices are kept


def word_tokens(text: str, stop: frozenset[str] = frozenset()) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in stop]


def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams (lo..hi) of each space-padded word; a word shorter than n gives
    itself once."""
    out: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            if len(w) <= n:
                out.append(w)
                break
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


@dataclass
class TfidfBlock:
    """One TF-IDF feature block: ``kind`` "words" or "chars" (n-grams ``lo``..``hi``)."""

    kind: str
    terms: list[str]
    idf: np.ndarray
    lo: int = 1
    hi: int = 1
    stop: frozenset[str] = frozenset()
    index: dict[str, int] = field(default_factory=dict, repr=False)
    _word_cache: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {t: i for i, t in enumerate(self.terms)}

    def analyse(self, text: str) -> list[str]:
        return word_tokens(text, self.stop) if self.kind == "words" else char_ngrams(text, self.lo, self.hi)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        kind: str,
        lo: int = 1,
        hi: int = 1,
        stop: Iterable[str] = (),
        min_df: int = 1,
        max_features: int | None = None,
    ) -> TfidfBlock:
        """Vocabulary: terms in >= ``min_df`` texts, the ``max_features`` most frequent
        overall (ties by term); idf = ln((1 + n) / (1 + df)) + 1."""
        probe = cls(kind, [], np.zeros(0), lo, hi, frozenset(stop))
        df: Counter[str] = Counter()
        tf: Counter[str] = Counter()
        for text in texts:
            counts = Counter(probe.analyse(text))
            df.update(counts.keys())
            tf.update(counts)
        terms = [t for t, d in df.items() if d >= min_df]
        if max_features is not None and len(terms) > max_features:
            terms = sorted(terms, key=lambda t: (-tf[t], t))[:max_features]
        terms.sort()
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
        return cls(kind, terms, idf, lo, hi, frozenset(stop))

    def _term_ids(self, text: str) -> list[int]:
        """Vocabulary indices of the text's terms, with repeats. Character n-grams are
        looked up per distinct word once (a bounded cache): words repeat across the
        overlapping windows the stage types and across articles."""
        if self.kind == "words":
            index = self.index
            return [i for t in word_tokens(text, self.stop) if (i := index.get(t)) is not None]
        cache = self._word_cache
        if len(cache) > _WORD_CACHE_SIZE:
            cache.clear()
        out: list[int] = []
        for word in text.lower().split():
            ids = cache.get(word)
            if ids is None:
                ids = [i for g in char_ngrams(word, self.lo, self.hi) if (i := self.index.get(g)) is not None]
                cache[word] = ids
            out.extend(ids)
        return out

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        n_terms = len(self.terms)
        ids = [np.asarray(self._term_ids(t), dtype=np.int64) for t in texts]
        lengths = np.asarray([len(i) for i in ids], dtype=np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        # Counts of each (row, term); unique keys come out sorted, as CSR wants them.
        keys, counts = np.unique(rows * n_terms + flat, return_counts=True)
        r, cols = np.divmod(keys, n_terms) if n_terms else (keys, keys)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        # Each row to unit length (sublinear tf times idf, then l2).
        norms = np.sqrt(np.bincount(r, weights=values * values, minlength=len(texts)))
        norms[norms == 0] = 1.0
        indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=len(texts)))])
        return sparse.csr_matrix((values / norms[r], cols, indptr), shape=(len(texts), n_terms))

    # -- storage: arrays for the .npz, settings for the JSON beside it --------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_terms": np.asarray(self.terms, dtype=str), f"{prefix}_idf": self.idf}

    def settings(self) -> dict[str, Any]:
        return {"kind": self.kind, "lo": self.lo, "hi": self.hi, "stop": sorted(self.stop)}

    @classmethod
    def load(cls, arrays: dict[str, np.ndarray], prefix: str, settings: dict[str, Any]) -> TfidfBlock:
        return cls(
            str(settings["kind"]),
            [str(t) for t in arrays[f"{prefix}_terms"]],
            np.asarray(arrays[f"{prefix}_idf"], dtype=np.float64),
            int(settings["lo"]),
            int(settings["hi"]),
            frozenset(str(w) for w in settings["stop"]),
        )
