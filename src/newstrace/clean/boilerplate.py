"""Line-level boilerplate removal for pages saved as text.

Scraped pages keep their site chrome as whole lines ("Share the news:", "Journalist ID:
5288", "Your Comment", view counters...). Those lines are matched against the patterns
in ``data/boilerplate.yaml`` (whole-line, case-insensitive) and removed; every removed
line is returned so the article can record what was taken out. Whitespace is normalised
(odd spaces, trailing blanks) and runs of blank lines collapse to one blank line, so a
blank line keeps meaning "paragraph break".
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.metadata.extract import HEADER_LINES
from newstrace.metadata.published import is_timestamp_line

# Lines longer than this are prose, never chrome (a cookie banner is the long exception,
# matched by its own pattern group).
MAX_CHROME_LINE = 300
_LONG_OK_GROUPS = {"cookies"}

# Odd spaces scraped pages carry: no-break, narrow no-break, thin, ideographic, ...
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MULTI_SPACE = re.compile(r" {2,}")
# A tag list under a lone "Tags" heading: short items separated by , | # or ·
_TAG_ITEM_SEP = re.compile(r"\s*[,|#·•;]\s*")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], list[str]]:
    """(all groups, groups allowed on long lines, group name of each alternative).

    One alternation per set, so a line costs one regex call, not one per pattern.
    """
    raw = resources.files("newstrace.data").joinpath("boilerplate.yaml").read_text(encoding="utf-8")
    groups: dict[str, list[str]] = yaml.safe_load(raw)
    names: list[str] = []
    alts: list[str] = []
    long_alts: list[str] = []
    for group, pats in groups.items():
        for pat in pats:
            alt = f"(?P<g{len(names)}>{pat})"
            names.append(group)
            alts.append(alt)
            if group in _LONG_OK_GROUPS:
                long_alts.append(alt)

    def compile_(parts: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?:{'|'.join(parts)})\s*[.:!]?", re.IGNORECASE)

    return compile_(alts), compile_(long_alts), names


def normalise_line(line: str) -> str:
    if line.isascii() and "  " not in line and "\t" not in line and "\f" not in line and "\v" not in line:
        return line.strip()  # nothing to normalise: most lines of most pages
    line = _INVISIBLE.sub("", line)
    line = _SPACES.sub(" ", line)
    return _MULTI_SPACE.sub(" ", line).strip()


@lru_cache(maxsize=8192)
def chrome_rule(line: str) -> str | None:
    """Name of the pattern group a (normalised) line matches as chrome, else None."""
    if not line:
        return None
    every, long_ok, names = _patterns()
    m = (every if len(line) <= MAX_CHROME_LINE else long_ok).fullmatch(line)
    if m is None:
        return None
    for key, value in m.groupdict().items():
        if value is not None:
            return names[int(key[1:])]
    return None


def _is_tag_list(line: str) -> bool:
    """Short keyword items joined by separators, no sentence punctuation."""
    if line.endswith((".", "?", "!", '"', "”")):
        return False
    items = [i for i in _TAG_ITEM_SEP.split(line) if i]
    return len(items) >= 2 and all(len(i.split()) <= 4 for i in items)


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """Return (clean text, removed lines in page order).

    A line that is only a date/time is page chrome too, except in the page header (the
    first ``HEADER_LINES`` non-blank lines), where metadata extraction reads it as the
    publication date (and removes and records it there).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    removed: list[str] = []
    after_tags_heading = False
    nonblank = 0
    for raw_line in text.split("\n"):
        line = normalise_line(raw_line)
        if not line:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        nonblank += 1
        rule = chrome_rule(line)
        if rule is None and after_tags_heading and _is_tag_list(line):
            rule = "tags"
        if rule is None and nonblank > HEADER_LINES and is_timestamp_line(line):
            rule = "chrome_time"
        after_tags_heading = rule == "tags" and line.rstrip(":").strip().lower() in {"tag", "tags"}
        if rule is not None:
            removed.append(line)
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept), removed
