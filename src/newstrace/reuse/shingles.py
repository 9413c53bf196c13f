"""Candidate keys of one article for the persistent reuse index.

Two kinds of key, hashed to signed 64-bit integers (SQLite INTEGER / PostgreSQL BIGINT):
- word 5-grams over all words: verbatim and lightly edited copies share many;
- 3-grams of stemmed content words: reworded copies keep names, figures and key terms in
  order ("northern western iraq summer 2014") while the function words change.
"""

from __future__ import annotations

import hashlib

from newstrace.reuse.text import Token, content_terms

WORD_N = 5
CONTENT_N = 3


def _h(kind: str, gram: tuple[str, ...]) -> int:
    d = hashlib.blake2b((kind + "\x1f" + "\x1f".join(gram)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(d, "big", signed=True)


def article_keys(tokens: list[Token]) -> list[int]:
    """Sorted distinct keys of an article (deterministic)."""
    words = [t.norm for t in tokens]
    keys = {_h("w", tuple(words[i : i + WORD_N])) for i in range(len(words) - WORD_N + 1)}
    terms = content_terms(tokens)
    keys.update(_h("c", tuple(terms[i : i + CONTENT_N])) for i in range(len(terms) - CONTENT_N + 1))
    return sorted(keys)
