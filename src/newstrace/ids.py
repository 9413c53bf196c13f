"""Stable identifiers: the same input always gets the same id."""

from __future__ import annotations

import hashlib


def digest(*parts: object, length: int = 16) -> str:
    """A short hex digest of the parts, separated so ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha1()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def content_hash(content: str | bytes) -> str:
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha1(data).hexdigest()


def article_id(source: str, part: int) -> str:
    return "a_" + digest(source, part)
