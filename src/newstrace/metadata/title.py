"""Is a text file's first line a headline?"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
# A line ending in a period is a headline only when it is short and in Title Case.
MAX_PERIOD_TITLE_WORDS = 16
MIN_TITLE_CASE_SHARE = 0.6
_QUOTES = "‘’“”'\"«»"
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "is", "are", "be", "vs", "via", "over", "into", "after", "off", "up"]
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_REPORTING = re.compile(
    # Lower case only: "Says" in a Title Case headline is headline style.
    r"\b(?:said|says|told|tells|according to|reported|announced|added|stated|explained|wrote)\b"
)
_INITIALS_END = re.compile(r"\b(?:[A-Z]\.)+$|\bNo\.$")
_NOT_LETTER = re.compile(r"[\W\d_]+")


def title_case_share(line: str) -> float:
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def is_headline(line: str) -> bool:
    """Short, not a sentence: a headline.

    A first paragraph that is a sentence ("A Pakistani official said ... weapons.") is
    not a title: a page without a title line gets none rather than its first sentence.
    A final period is allowed only on a short Title Case line without reporting verbs
    (some archives, PolNeAR among them, end every headline with a period).
    """
    line = line.strip()
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    if not re.match(rf"[{_QUOTES}]?[\w$£€]", line):
        return False
    if len(_NOT_LETTER.sub("", line)) < 0.5 * len(line):
        return False
    bare = line.rstrip(_QUOTES + " ")
    if bare.endswith((",", ";", ":")):
        return False
    if not bare.endswith("."):
        return True
    words = len(line.split())
    if _INITIALS_END.search(bare) and words <= MAX_PERIOD_TITLE_WORDS:
        return True
    return (
        3 <= words <= MAX_PERIOD_TITLE_WORDS
        and not _REPORTING.search(line)
        and title_case_share(bare) >= MIN_TITLE_CASE_SHARE
    )


def clean_title(line: str) -> str:
    """A headline without the quotes some sites wrap it in."""
    line = line.strip()
    if len(line) > 2 and line[0] in _QUOTES and line[-1] in _QUOTES and line.count(line[0]) <= 2:
        line = line[1:-1].strip()
    return line
