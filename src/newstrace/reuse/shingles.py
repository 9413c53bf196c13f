"""Candidate keys of one article for the persistent reuse index.

Two kinds of key, as signed 64-bit integers (SQLite INTEGER):
- word 5-grams over all words, one in ``WORD_SAMPLE`` kept (chosen by the gram's own hash,
  so two copies keep the same ones): verbatim and lightly edited copies share many;
- 3-grams of stemmed content words, all kept: reworded copies keep names, figures and key
  terms in order ("northern western iraq summer 2014") while the function words change.

The lowest bit of a shingle key is 0 (1 marks the meaning keys of ``semkeys.py``, which
share the index). Each word is hashed once (crc32 and adler32 side by side: stable across processes and
runs, as the persistent index needs); a gram's key is a polynomial of its word hashes
(mod 2**64) put through the splitmix64 finaliser, computed for all grams of an article at
once with numpy. A rare collision only adds a candidate, which the alignment then rejects.
"""

from __future__ import annotations

import zlib

import numpy as np
import numpy.typing as npt

from newstrace.reuse.text import content_terms_of, words_of

WORD_N = 5
CONTENT_N = 3
WORD_SAMPLE = 3
_WORD_SALT = 1
_CONTENT_SALT = 2

_P = np.uint64(0x100000001B3)  # odd multiplier (the 64-bit FNV prime)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.empty(0, dtype=np.int64)

Keys = npt.NDArray[np.int64]


class _WordHashes(dict[str, int]):
    """word -> 64-bit hash, computed once per word; looked up with C-level ``map``."""

    LIMIT = 500_000  # distinct words kept (a few tens of MB); then it starts again

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        data = word.encode("utf-8", "surrogatepass")
        h = self[word] = (zlib.crc32(data) << 32) | zlib.adler32(data)
        return h


_word_hashes = _WordHashes()


def mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: every bit of the key depends on every bit of the gram."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def gram_keys(tokens: list[str], n: int, salt: int) -> npt.NDArray[np.uint64]:
    """Keys of all n-grams of ``tokens``, in order (one per start position)."""
    m = len(tokens) - n + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.array(list(map(_word_hashes.__getitem__, tokens)), dtype=np.uint64)
    acc = np.full(m, salt, dtype=np.uint64)
    for k in range(n):
        acc = acc * _P + h[k : k + m]  # wraps mod 2**64, as intended
    return mix(acc)


def article_keys(text: str) -> Keys:
    """Sorted distinct keys of an article (deterministic), as int64."""
    words = words_of(text)
    word_keys = gram_keys(words, WORD_N, _WORD_SALT)
    word_keys = word_keys[(word_keys >> np.uint64(32)) % np.uint64(WORD_SAMPLE) == 0]
    content_keys = gram_keys(content_terms_of(words), CONTENT_N, _CONTENT_SALT)
    if not len(word_keys) and not len(content_keys):
        return _EMPTY
    # Lowest bit 0: shingle keys; meaning keys (semkeys.py) have it set.
    both = np.concatenate((word_keys, content_keys)) & ~np.uint64(1)
    return np.unique(both.view(np.int64))
