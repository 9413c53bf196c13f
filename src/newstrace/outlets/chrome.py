"""The site's own name in its page chrome: "© 2024 Harbour Times. All rights reserved.",
"Coastal Herald | Independent news from the Kenyan coast since 1998", and the end of an
HTML page's title ("Was ist Virales Marketing? | DimidoBlog").

Read from the first and last lines of a text page (the lines cleaning removes or the
corpus stage later drops as repeated): the weakest evidence of an outlet, used only
when nothing else names it, or to spell the name of an outlet known by a folder key.
"""

from __future__ import annotations

import html as html_lib
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


_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·|«|»)\s+")
# The <title> sits in the page head: look no further than this.
_HEAD_CHARS = 50_000


def site_name_in_title(html: str) -> str | None:
    """The last part of a page title after a separator, when it is short enough to be
    the site's name ("... | DimidoBlog", "... — ZAMG"); None otherwise."""
    m = _TITLE.search(html[:_HEAD_CHARS])
    if m is None:
        return None
    title = " ".join(html_lib.unescape(m.group(1)).split())
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return None
    name = parts[-1].strip(" .,:")
    words = name.split()
    if not 2 <= len(name) <= 40 or not 1 <= len(words) <= 5 or not any(c.isalpha() for c in name):
        return None
    if not any(w[0].isupper() for w in words if w[0].isalpha()):
        return None  # "... - more" or a lower-case phrase is no name
    return name
