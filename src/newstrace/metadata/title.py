"""Is a text page's first line a headline? And is the short line under it a photo caption?"""

from __future__ import annotations

import re

MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 250
MAX_CAPTION_WORDS = 35
_SENTENCE_END = (".", ";", ",")
_OPENING = re.compile(r"^[\"'“‘«(\[]?[A-Z0-9]")


def is_headline(line: str) -> bool:
    """Short, one line, starts like a title, and does not end like a sentence."""
    line = line.strip()
    words = line.split()
    if not words or len(words) > MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
        return False
    if line.endswith(_SENTENCE_END) and not line.endswith("..."):
        return False
    return bool(_OPENING.match(line))


def is_caption(line: str, next_line: str | None) -> bool:
    """A photo caption under the headline: a short descriptive line without final
    punctuation, followed by a body paragraph (long, ending like a sentence)."""
    line = line.strip()
    if not line or next_line is None or len(line.split()) > MAX_CAPTION_WORDS:
        return False
    if line.endswith((".", "!", "?", "\"", "”", "’", "'", ":")):
        return False
    body = next_line.strip()
    return len(body.split()) >= 15 and body.endswith((".", "!", "?", "\"", "”", "’", "'"))


def same_title(a: str, b: str) -> bool:
    """Equal up to case, quotes, spaces and punctuation (a page's meta title and its
    first line often differ only in these)."""
    def key(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.lower())

    return bool(key(a)) and key(a) == key(b)
