"""Datelines: "TEHRAN Dec 29 (TNS):", "Almaty. December 14. Silkroadnews -",
"Islamabad, IRNA –", "KABUL, Afghanistan, March 3 (AP) —", or a standalone
"KARACHI, Pakistan" line.

Decision: ``place`` keeps a country or region written after the city
("KARACHI, Pakistan"): it disambiguates the city for geocoding. The date stays as
written (``date_text``); resolving it to a date is ``published.py``'s job. ``agency``
is the surface form in the dateline ("TNS"); cited_sources links it to the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.metadata.agencies import lookup
from newstrace.metadata.places import is_known_place
from newstrace.records import Dateline

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE_IN_HEAD = re.compile(
    rf"\b(?:{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}\.?(?:\s+\d{{4}})?)\b"
)
# The head of an inline dateline ends at a dash or colon within the first characters.
HEAD_END = re.compile(r"\s*(?:--|[–—]|\s-\s|:\s)\s*")
MAX_HEAD_CHARS = 90
_PLACE_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|al-\w+|el-\w+|de|of|la|le|du|upon|on)$")


@dataclass(slots=True)
class FoundDateline:
    dateline: Dateline
    end: int  # where the story proper starts in the paragraph (inline) or line length


def _is_place(piece: str) -> bool:
    words = piece.split()
    return 1 <= len(words) <= 4 and words[0][0].isupper() and all(_PLACE_WORD.match(w) for w in words)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    raw = resources.files("newstrace.data").joinpath("dateline_abbreviations.yaml").read_text("utf-8")
    return frozenset(str(a).lower() for a in yaml.safe_load(raw))


def _is_abbreviation(word: str) -> bool:
    word = word.rstrip(".")
    return "." in word or word.lower() in _abbreviations()


def _pieces(head: str) -> list[str]:
    """Dateline parts separated by commas or by a period after a full word
    ("Almaty. December 14. Silkroadnews"), keeping "N.H." and "Calif." whole."""
    out: list[str] = []
    for part in head.split(","):
        words: list[str] = []
        for word in part.split():
            if word.endswith(".") and not _is_abbreviation(word):
                words.append(word.rstrip("."))
                out.append(" ".join(words))
                words = []
            else:
                words.append(word)
        if words:
            out.append(" ".join(words))
    return [p.strip() for p in out if p.strip()]


def parse_head(head: str) -> Dateline | None:
    """Parse the part of a paragraph before the dateline's dash/colon, or None if it is
    not a dateline."""
    head = head.strip()
    if not head or len(head) > MAX_HEAD_CHARS or not head[0].isupper():
        return None
    agency: str | None = None
    paren = re.search(r"\(([^()]{2,40})\)\s*$", head)
    if paren:
        if lookup(paren.group(1)) is None:
            return None
        agency = paren.group(1).strip()
        head = head[: paren.start()].strip()
    date_text: str | None = None
    date = DATE_IN_HEAD.search(head)
    if date:
        date_text = date.group(0)
        head = (head[: date.start()] + "," + head[date.end() :]).strip()
    places: list[str] = []
    for piece in _pieces(head):
        if not piece:
            continue
        if agency is None and lookup(piece) is not None and places:
            agency = piece
        elif _is_place(piece):
            places.append(piece)
        else:
            return None
    if not places:
        return None
    place = ", ".join(places)
    if not date_text and not agency:
        # A capitalised phrase alone ("Speaking to reporters:", "LETTERS.", "UPDATE:") is
        # not a dateline: demand an all-caps place that is "CITY, Country" or known to
        # the gazetteer.
        if not (places[0].isupper() and len(places[0]) > 2):
            return None
        if len(places) == 1 and not is_known_place(places[0]):
            return None
        # After a comma comes a country or region: known to the gazetteer, or 1-2
        # title-case words ("LOKAR, Velaria"); never an all-caps headline tail
        # ("IRAN, IRAQ SIGN WATER DEAL").
        for later in places[1:]:
            if is_known_place(later) or _is_abbreviation(later):
                continue
            if later.isupper() or len(later.split()) > 2:
                return None
    return Dateline(place=place, date_text=date_text, agency=agency)


def inline_dateline(paragraph: str) -> FoundDateline | None:
    """A dateline opening the paragraph ("TEHRAN Dec 29 (TNS): A Pakistani ...")."""
    match = HEAD_END.search(paragraph, 0, MAX_HEAD_CHARS + 5)
    if not match or match.start() == 0:
        return None
    parsed = parse_head(paragraph[: match.start()])
    if parsed is None:
        return None
    return FoundDateline(parsed, match.end())


def standalone_dateline(line: str) -> Dateline | None:
    """A line that is only a dateline ("KARACHI, Pakistan", "WASHINGTON (AP)")."""
    if "\n" in line or len(line) > MAX_HEAD_CHARS:
        return None
    text = line.strip().rstrip(" -–—:")
    parsed = parse_head(text)
    if parsed is None:
        return None
    first = parsed.place.split(",")[0] if parsed.place else ""
    # Only an all-caps city or an agency/date makes a short line a dateline, not a name.
    if not first.isupper() and not parsed.agency and not parsed.date_text:
        return None
    return parsed
