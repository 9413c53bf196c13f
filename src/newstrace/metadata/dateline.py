"""Datelines: "TEHRAN Dec 29 (TNS):", "Almaty. December 14. Silkroadnews -",
"Islamabad, IRNA –", "KARACHI, Pakistan" (a line of its own).

A dateline is a short run of components (places, a month-day date, an agency) before a
separator (colon or dash) at the start of the first paragraph, or a line of its own in
the page header. ``place`` is the first place component only (the city as printed:
"KARACHI", not "KARACHI, Pakistan"): the country after it is a qualifier, and keeping
the city alone makes datelines of one outlet comparable. ``agency`` is the agency as
printed ("TNS"); the cited-sources list carries its canonical registry name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newstrace.metadata.agencies import agency_registry
from newstrace.metadata.dates import MONTH_DAY
from newstrace.records import Dateline

MAX_PREFIX_CHARS = 90
MAX_PREFIX_WORDS = 10
_SEPARATOR = re.compile(r"\s*(?::|\s[–—-]{1,2}|[–—]{1,2})\s+")
_COMPONENT_SPLIT = re.compile(r"\s*\(\s*|\s*\)\s*|\s*[,.]\s+|\.$")
_DATE = re.compile(MONTH_DAY)
_PLACE_WORD = re.compile(r"(?:al-|el-|de|da|di|du|la|le|of|upon|on)$|[A-Z][\w'’.-]*$")
_AGENCY_SHAPE = re.compile(r"[A-Z][A-Za-z-]{1,14}$")
_DAY_COMMA_YEAR = re.compile(r"\b(\d{1,2}),\s+((?:1[89]|20)\d\d)\b")
# "Dec. 5" must not split at its period.
_MONTH_ABBR_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.\s")


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    raw = resources.files("newstrace.data").joinpath("dateline_not_places.txt").read_text(encoding="utf-8")
    return frozenset(
        ln.strip().casefold() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")
    )


@dataclass(slots=True)
class FoundDateline:
    dateline: Dateline
    text: str  # the dateline as printed, separator excluded
    end: int  # where the story text after the dateline starts


def _classify(prefix: str, *, standalone: bool) -> Dateline | None:
    registry = agency_registry()
    prefix = _MONTH_ABBR_DOT.sub(r"\1 ", prefix)
    prefix = _DAY_COMMA_YEAR.sub(r"\1 \2", prefix)  # "Nov 3, 2024" is one component
    # Mark parenthesised parts: "(TNS)" is an agency slot even if unknown.
    parts: list[tuple[str, bool]] = []
    for m in re.finditer(r"\(([^()]{1,40})\)|([^()]+)", prefix):
        if m.group(1):
            parts.append((m.group(1).strip(), True))
        else:
            parts.extend((p, False) for p in _COMPONENT_SPLIT.split(m.group(2)) if p and p.strip())
    places: list[str] = []
    date_text = agency = None
    for raw, in_parens in parts:
        comp = raw.strip(" ,.")
        if not comp:
            continue
        dm = _DATE.fullmatch(comp)
        if dm and date_text is None:
            date_text = comp
            continue
        # The place may carry the date after it without a comma: "TEHRAN Dec 29".
        dm = _DATE.search(comp)
        if dm and date_text is None and not places and dm.end() == len(comp) and dm.start() > 0:
            head = comp[: dm.start()].strip(" ,.")
            if _is_place(head):
                places.append(head)
                date_text = dm.group(0)
                continue
        known = registry.lookup(comp)
        if agency is None and (
            (known is not None and (in_parens or places))
            or (in_parens and _AGENCY_SHAPE.match(comp))
            or (date_text is not None and _AGENCY_SHAPE.match(comp))
        ):
            agency = comp
            continue
        if agency is None and date_text is None and _is_place(comp) and len(places) < 3:
            places.append(comp)
            continue
        return None
    if not places or places[0].casefold() in _not_places():
        return None
    # Evidence it is a dateline and not "Washington: the talks...": an all-caps city,
    # a date or an agency; a standalone line may also be "City, Country".
    caps = places[0].replace(" ", "").replace("-", "").isupper() and len(places[0]) >= 3
    if not (caps or date_text or agency):
        return None
    if standalone and not (caps or agency or date_text):
        return None
    return Dateline(place=places[0], date_text=date_text, agency=agency)


def _is_place(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and _PLACE_WORD.match(words[0]) is not None and all(
        _PLACE_WORD.match(w) for w in words
    ) and words[0][0].isupper()


def find_inline_dateline(paragraph: str) -> FoundDateline | None:
    """A dateline opening the paragraph ("TEHRAN Dec 29 (TNS): A Pakistani ...")."""
    m = _SEPARATOR.search(paragraph[: MAX_PREFIX_CHARS + 5])
    if not m or m.start() == 0:
        return None
    prefix = paragraph[: m.start()].strip()
    if len(prefix) > MAX_PREFIX_CHARS or len(prefix.split()) > MAX_PREFIX_WORDS:
        return None
    dl = _classify(prefix, standalone=False)
    if dl is None:
        return None
    return FoundDateline(dl, prefix, m.end())


def parse_standalone_dateline(line: str) -> Dateline | None:
    """A header line that is only a dateline ("KARACHI, Pakistan")."""
    line = line.strip().rstrip(":–—- ")
    if not line or len(line) > 60 or len(line.split()) > 6 or line.endswith((".", "?", "!")):
        return None
    return _classify(line, standalone=True)
