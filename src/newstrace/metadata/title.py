"""Is a text page's first line a headline? And is the short line under it a photo caption?"""

from __future__ import annotations

import re

MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 250
MAX_CAPTION_WORDS = 35
_SENTENCE_END = (".", ";", ",")
_PHOTO_CREDIT = re.compile(
    r"\b(?:photo|picture|image)\s*(?:/|:|credit|by)|©|\(file\)|\bpictured\b", re.I
)
# Words that make a line a clause rather than a caption's noun phrase.
_FINITE_CUES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "said",
        "says",
        "say",
        "that",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "these",
    ]
)
_OPENING = re.compile(r"^[\"'“‘«(\[#]?[A-Z0-9]")


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
    """A photo caption under the headline: a short line without final punctuation,
    followed by a body paragraph, that either credits a photo ("(AP Photo/...)", "©")
    or describes a scene without a finite verb ("PMU unit shelling dens of Daesh ...").
    A standfirst ("It appears that ... 58 people were killed") has finite verbs and
    stays in the story."""
    line = line.strip()
    if not line or next_line is None or len(line.split()) > MAX_CAPTION_WORDS:
        return False
    body = next_line.strip()
    if len(body.split()) < 15 or not body.endswith((".", "!", "?", '"', "”", "’", "'")):
        return False
    if _PHOTO_CREDIT.search(line):
        return True
    if line.endswith((".", "!", "?", '"', "”", "’", "'", ":")):
        return False
    words = [w.lower().strip(",;()") for w in line.split()]
    has_participle = any(w.endswith("ing") and len(w) > 4 for w in words[1:])
    return has_participle and not any(w in _FINITE_CUES for w in words)


def same_title(a: str, b: str) -> bool:
    """Equal up to case, quotes, spaces and punctuation (a page's meta title and its
    first line often differ only in these)."""

    def key(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.lower())

    return bool(key(a)) and key(a) == key(b)
