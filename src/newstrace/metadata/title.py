"""Is a text file's first line a headline?"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
_QUOTES = "‘’“”'\"«»"


def is_headline(line: str) -> bool:
    """Short, no sentence-final period, not a byline/timestamp: a headline.

    A first paragraph that is a sentence ("A Pakistani official said ... weapons.") is
    not a title: a page without a title line gets none rather than its first sentence.
    """
    line = line.strip()
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    if not re.match(rf"[{_QUOTES}]?[\w$£€]", line):
        return False
    bare = line.rstrip(_QUOTES + " ")
    # A period ends a sentence, not a headline ("U.S." or "No." at the end excepted).
    if bare.endswith(".") and not re.search(r"\b([A-Z]\.)+$|\bNo\.$", bare):
        return False
    if bare.endswith((",", ";", ":")):
        return False
    return sum(ch.isalpha() for ch in line) >= 0.5 * len(line)


def clean_title(line: str) -> str:
    """A headline without the quotes some sites wrap it in."""
    line = line.strip()
    if len(line) > 2 and line[0] in _QUOTES and line[-1] in _QUOTES and line.count(line[0]) <= 2:
        line = line[1:-1].strip()
    return line
