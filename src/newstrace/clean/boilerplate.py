"""Line-level boilerplate removal for scraped pages saved as text.

Chrome lines (share widgets, id counters, comment boxes, tag lists, cookie and
follow-us notices ...) are matched as WHOLE lines against the patterns in
``data/boilerplate.yaml``. Whitespace is normalised; paragraph breaks (one blank line)
are kept because the story splitter and metadata read them. Every removed line is
returned so the article can record it (``boilerplate_removed``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

# Spaces that scrapers leave behind: NBSP, narrow NBSP, thin spaces, zero-width chars.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_MULTI_SPACE = re.compile(r" {2,}")
# A bare "Tags"/"Topics" heading is followed by one tag a line, up to a blank line.
_TAG_HEADING = re.compile(r"^(?:tags?|topics?|keywords?)\s*:?$", re.IGNORECASE)
MAX_TAG_WORDS = 4
# A line longer than this is prose, never chrome (bounds regex work on hostile input too).
MAX_CHROME_LINE = 400


@lru_cache(maxsize=1)
def chrome_patterns() -> re.Pattern[str]:
    """All patterns of data/boilerplate.yaml compiled into one whole-line matcher."""
    raw = resources.files("newstrace.data").joinpath("boilerplate.yaml").read_text("utf-8")
    groups = yaml.safe_load(raw) or {}
    patterns = [p for group in groups.values() for p in (group or [])]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def normalise_line(line: str) -> str:
    """One line with odd spaces unified, zero-width characters dropped, runs collapsed."""
    line = unicodedata.normalize("NFC", line)
    line = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", line))
    return _MULTI_SPACE.sub(" ", line).strip()


def is_chrome(line: str) -> bool:
    """True when the whole (normalised) line is page chrome."""
    if not line or len(line) > MAX_CHROME_LINE:
        return False
    return chrome_patterns().fullmatch(line) is not None


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """(clean text, removed lines). Paragraphs are separated by exactly one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    removed: list[str] = []
    in_tags = False
    for raw_line in text.split("\n"):
        line = normalise_line(raw_line)
        if in_tags and line and len(line.split()) <= MAX_TAG_WORDS and not line.endswith((".", "!", "?")):
            removed.append(line)
            continue
        in_tags = bool(_TAG_HEADING.match(line))
        if not line:
            # Keep at most one blank line: it marks a paragraph break.
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if is_chrome(line):
            removed.append(line)
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept), removed
