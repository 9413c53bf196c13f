"""The site's own name in its page chrome: "© 2024 Harbour Times. All rights reserved.",
"Coastal Herald | Independent news from the Kenyan coast since 1998".

Read from the first and last lines of a text page (the lines cleaning removes or the
corpus stage later drops as repeated): the weakest evidence of an outlet, used only
when nothing else names it, or to spell the name of an outlet known by a folder key.
"""

from __future__ import annotations

import re

# How many non-blank lines at each end of a page may be chrome.
EDGE_LINES = 15

_WORD = r"[A-Z][\w'’&-]*(?:\.[A-Za-z][\w-]*)*"  # "Harbour", "News.Az", "F.A.Z"
_NAME = rf"(?P<name>(?:The\s+)?{_WORD}(?:\s+(?:of\s+|the\s+|&\s+)?{_WORD}){{0,4}})"
_COPYRIGHT = re.compile(
    rf"^(?i:©|\(c\)|copyright)(?:\s*©)?\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?{_NAME}"
    r"\s*(?:[.,|]\s*)?(?i:all rights reserved\.?)?\s*$"
)
# "Coastal Herald | Independent news from the Kenyan coast since 1998": a name, a bar or
# dash, and a tagline that says what the site is.
_TAGLINE = re.compile(rf"^{_NAME}\s+[|–—]\s+(?P<tag>[^|]{{8,140}})$")
_TAGLINE_WORDS = re.compile(
    r"\b(?:news|newspaper|daily|weekly|journal|magazine|voice|since|independent|online|media"
    r"|reporting|coverage|headlines|your\s+source|broadcast|radio|tv|times|herald)\b",
    re.IGNORECASE,
)


def _edge_lines(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def site_names_in_chrome(text: str, removed: list[str] | None = None) -> list[str]:
    """Names the page gives itself in copyright and tagline lines, most frequent first
    (ties: in page order)."""
    counts: dict[str, int] = {}
    for line in [*(removed or []), *_edge_lines(text)]:
        if len(line) > 200:
            continue
        m = _COPYRIGHT.match(line)
        if m is None:
            t = _TAGLINE.match(line)
            tag = t.group("tag") if t is not None else ""
            m = t if len(tag.split()) >= 3 and _TAGLINE_WORDS.search(tag) else None
        if m is not None:
            name = re.sub(r"\s+", " ", m.group("name")).strip(" .,")
            if len(name) >= 3 and name.casefold() not in {"the", "all rights reserved"}:
                counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: -counts[n])
