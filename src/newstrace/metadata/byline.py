"""Byline lines ("By Aamir Latif"). The stored byline is the name(s) without "By"."""

from __future__ import annotations

import re

from newstrace.metadata.agencies import agency_registry

_BYLINE = re.compile(
    r"(?:(?:written|reported|reporting|story|text)\s+)?by[:\s]+"
    r"(?P<names>[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+|&\s+)?[A-Z][\w.'’-]*){0,7})"
    r"(?:\s*[,|–—-]\s*(?P<role>[\w ]{0,40}))?",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*$")


def parse_byline(line: str) -> str | None:
    """The author names if the whole line is a byline, else None."""
    line = line.strip()
    if len(line) > 120 or line.endswith((".", "?", "!")) and not re.search(r"\b[A-Z]\.$", line):
        return None
    m = _BYLINE.fullmatch(line)
    if not m:
        return None
    names = m.group("names").strip(" ,")
    words = [w for w in re.split(r"[ ,]+", names) if w and w.lower() not in {"and", "&"}]
    # Every word of a name is capitalised: "By the way, ..." is no byline.
    if not words or not all(_NAME_WORD.match(w) for w in words):
        return None
    # "By Jane Doe, Reuters": the agency after the name is a credit, not an author.
    parts = [p.strip() for p in names.split(",")]
    while len(parts) > 1 and agency_registry().lookup(parts[-1]) is not None:
        parts.pop()
    return ", ".join(parts)
