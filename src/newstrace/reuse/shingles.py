"""Candidate keys of one article for the persistent reuse index.

Two kinds of key, as signed 64-bit integers (SQLite INTEGER / PostgreSQL BIGINT):
- word 5-grams over all words, one in ``WORD_SAMPLE`` kept (chosen by the gram's own hash,
  so two copies keep the same ones): verbatim and lightly edited copies share many;
- 3-grams of stemmed content words, all kept: reworded copies keep names, figures and key
  terms in order ("northern western iraq summer 2014") while the function words change.
A key is crc32 and adler32 of the gram side by side: C-speed, stable across processes
and runs (the index is persistent); a rare collision only adds a candidate, which the
alignment then rejects.
"""

from __future__ import annotations

import zlib

from newstrace.reuse.text import content_terms_of, words_of

WORD_N = 5
CONTENT_N = 3
WORD_SAMPLE = 3


def _key(gram: str, salt: int) -> int:
    data = gram.encode("utf-8", "surrogatepass")
    hi = zlib.crc32(data, salt)
    lo = zlib.adler32(data)
    v = (hi << 32) | lo
    return v - (1 << 64) if v >= 1 << 63 else v


def article_keys(text: str) -> list[int]:
    """Sorted distinct keys of an article (deterministic)."""
    words = words_of(text)
    keys = set()
    for i in range(len(words) - WORD_N + 1):
        k = _key(" ".join(words[i : i + WORD_N]), 1)
        if (k >> 32) % WORD_SAMPLE == 0:
            keys.add(k)
    terms = content_terms_of(words)
    keys.update(
        _key(" ".join(terms[i : i + CONTENT_N]), 2) for i in range(len(terms) - CONTENT_N + 1)
    )
    return sorted(keys)
