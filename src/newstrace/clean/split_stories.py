"""Split a page holding several unrelated stories into one text per story.

Scraped pages sometimes carry a second news item below the main one (a "news in
brief" bullet, a separator and a new headline + dateline). A boundary needs BOTH:

1. a structural marker at the start of a paragraph:
   - a lone bullet paragraph ("• Iran's defence minister says ...") that is a full
     sentence and not part of a list (no bullet paragraph right before or after);
   - a separator line ("* * *", "-----", "___", "• • •");
   - a headline-like line directly followed by a paragraph opening with a new dateline
     ("KABUL, Afghanistan (AP) —", "TEHRAN Dec 29 (TNS):");
2. low vocabulary overlap between the text before and after (different people,
   places and topics), so a section break inside one story is never split.

Both sides must be long enough to be stories. A photo caption is never a boundary
(it is short and carries no dateline); the metadata step drops it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

BULLET = re.compile(r"^[•●▪■◆►▶]\s*(?=\S)")
SEPARATOR = re.compile(r"^(?:[*•·~=_\-–—#]\s*){3,}$")
# Start of a wire dateline: CAPITALISED place, optional country/date, agency or dash.
DATELINE_START = re.compile(
    r"^[A-Z][A-Z .'\-]{2,30}(?:,\s*[A-Z][\w .'\-]{1,30})?"
    r"(?:,?\s+\w{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{2,40}\))?\s*(?:[-–—:]|--)\s"
)
MIN_STORY_CHARS = 400
# Only the first candidates are weighed: a page with more markers than this is a list
# or a digest page, and the cap keeps the work per document bounded on hostile input.
MAX_CANDIDATES = 20
MIN_BULLET_WORDS = 12
# Cosine similarity of content-word counts below which two segments are unrelated.
# Paragraph-to-paragraph similarity inside one news story is typically 0.3-0.6.
MAX_SIMILARITY = 0.22
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]{2,}")


def _content_words(text: str) -> Counter[str]:
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return Counter(w.removesuffix("'s") for w in words if w.lower() not in ENGLISH_STOP_WORDS)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the content-word counts of two texts."""
    ca, cb = _content_words(a), _content_words(b)
    dot = sum(v * cb.get(k, 0) for k, v in ca.items())
    norm = math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(sum(v * v for v in cb.values()))
    return dot / norm if norm else 0.0


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 16 and not line.endswith((".", ",", ";", ":")) and line[0].isupper()


def _candidates(paragraphs: list[str]) -> list[int]:
    """Indexes of paragraphs that structurally look like the start of a new story."""
    found: list[int] = []
    for i, para in enumerate(paragraphs):
        if i == 0:
            continue
        if BULLET.match(para):
            lone = not BULLET.match(paragraphs[i - 1]) and not (
                i + 1 < len(paragraphs) and BULLET.match(paragraphs[i + 1])
            )
            if lone and len(para.split()) >= MIN_BULLET_WORDS:
                found.append(i)
        elif (SEPARATOR.match(para) and i + 1 < len(paragraphs)) or (
            "\n" not in para
            and _headline_like(para)
            and i + 1 < len(paragraphs)
            and DATELINE_START.match(paragraphs[i + 1])
        ):
            found.append(i)
    return found


def split_stories(text: str) -> list[str]:
    """The stories on one page, in order (one element when nothing splits)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) < 2:
        return [text]
    cuts: list[int] = []
    start = 0
    for i in _candidates(paragraphs)[:MAX_CANDIDATES]:
        before = "\n\n".join(paragraphs[start:i])
        after = "\n\n".join(p for p in paragraphs[i:] if not SEPARATOR.match(p))
        if len(before) < MIN_STORY_CHARS or len(after) < MIN_STORY_CHARS:
            continue
        if similarity(before, after) > MAX_SIMILARITY:
            continue
        cuts.append(i)
        start = i
    if not cuts:
        return [text]
    stories: list[str] = []
    for lo, hi in zip([0, *cuts], [*cuts, len(paragraphs)], strict=True):
        body = [p for p in paragraphs[lo:hi] if not SEPARATOR.match(p)]
        if body:
            body[0] = BULLET.sub("", body[0])
            stories.append("\n\n".join(body))
    return stories
