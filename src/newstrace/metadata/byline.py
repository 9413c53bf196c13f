"""Byline lines: "By Aamir Latif", "By Jane Doe and Ali Reza", "Reporting by X; Editing by Y".

``byline`` holds the names as written, without the leading "By" (the INTERFACE field is
the author string, e.g. "Aamir Latif").
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|al-\w+|bin|van|von|de|da|del|la))*"
BYLINE = re.compile(
    rf"^(?:By|BY|Written by|Reported by|Reporting by|Story by|Words by)\s*:?\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    rf"(?:\s*(?:[|,–—-]|\bin\b)\s*[\w ,.'’-]{{0,60}})?$"
)
MAX_BYLINE_CHARS = 120


def parse_byline(line: str) -> str | None:
    """The author names of a byline line, or None if the line is not a byline."""
    line = line.strip()
    if len(line) > MAX_BYLINE_CHARS:
        return None
    match = BYLINE.match(line)
    if not match:
        return None
    return re.sub(r"\s+", " ", match.group("names")).strip()
