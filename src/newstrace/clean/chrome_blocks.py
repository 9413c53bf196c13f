"""Paragraphs that are never an article on their own: a site's address or contact box, a
form's confirmation message ("Thanks for contacting us"), a byline or a date line.

Extractors return such blocks when they miss the article (a footer address is the last
text block standing on a page whose article they could not find). The patterns are data:
``chrome_blocks`` in ``newstrace/data/html_chrome.yaml``; bylines and date lines reuse
the metadata parsers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.metadata.byline import parse_byline
from newstrace.metadata.dates import MONTH_DAY, WEEKDAY, YEAR
from newstrace.metadata.published import is_timestamp_line

# Kinds trimmed from the edges of an extraction. Bylines and date lines stay: the
# metadata stage reads them from the top of the text.
EDGE_KINDS = frozenset({"form_confirmation", "address"})
_BYLINE_MAX_CHARS = 200
_HANDLE = re.compile(r"@\w+")
# A date and time after a byline: "Nov 19, 2019, 7:53pm EST", "19.11.2019 19:53".
_DATE_TAIL = re.compile(
    rf"[\s,|•·–-]*(?:(?:{WEEKDAY}\s+)?(?:{MONTH_DAY}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|{YEAR})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?)?)[\s,|•·.]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BlockKind:
    name: str
    min_hits: int
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _kinds() -> tuple[int, tuple[BlockKind, ...]]:
    raw = yaml.safe_load(
        resources.files("newstrace").joinpath("data", "html_chrome.yaml").read_text(encoding="utf-8")
    )["chrome_blocks"]
    kinds = tuple(
        BlockKind(name, int(spec["min_hits"]), tuple(re.compile(p, re.IGNORECASE) for p in spec["patterns"]))
        for name, spec in raw["kinds"].items()
    )
    return int(raw["max_chars"]), kinds


def _is_byline(paragraph: str) -> bool:
    """"By Chaim Gartenberg@cgartenberg Nov 19, 2019, 7:53pm EST": names, handles, a date."""
    if len(paragraph) > _BYLINE_MAX_CHARS:
        return False
    names = _DATE_TAIL.sub("", _HANDLE.sub("", paragraph)).strip(" ,|•·")
    return parse_byline(names) is not None


def block_kind(paragraph: str) -> str | None:
    """The kind of chrome block a paragraph is ("address", "form_confirmation", "byline",
    "date"), or None for a paragraph that may be article text."""
    max_chars, kinds = _kinds()
    paragraph = paragraph.strip()
    if not paragraph or len(paragraph) > max_chars:
        return None
    for kind in kinds:
        hits = 0
        for pattern in kind.patterns:
            hits += pattern.search(paragraph) is not None
            if hits >= kind.min_hits:
                return kind.name
    if is_timestamp_line(paragraph):
        return "date"
    if _is_byline(paragraph):
        return "byline"
    return None


def article_chars(paragraphs: list[str], enough: float = float("inf")) -> int:
    """Characters of the paragraphs that are not chrome blocks: 0 for an extraction that
    is only an address, a form message or a byline. Counting may stop once ``enough`` is
    reached (long paragraphs are never blocks, so they are counted first, unchecked)."""
    max_chars = _kinds()[0]
    found = sum(len(p) for p in paragraphs if len(p.strip()) > max_chars)
    # Short paragraphs longest first: fewest checks before ``enough``.
    for p in sorted((p for p in paragraphs if len(p.strip()) <= max_chars), key=len, reverse=True):
        if found >= enough:
            break
        if block_kind(p) is None:
            found += len(p)
    return found


def trim_edge_blocks(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the address/contact and form blocks at their start and end."""
    start, end = 0, len(paragraphs)
    while start < end and block_kind(paragraphs[start]) in EDGE_KINDS:
        start += 1
    while end > start and block_kind(paragraphs[end - 1]) in EDGE_KINDS:
        end -= 1
    return paragraphs[start:end]
