"""Agencies a story cites ("Tasnim reported", "according to IRNA", "told Anadolu",
"(TNS)"), linked to the agency registry and to entity ids."""

from __future__ import annotations

import re
from functools import lru_cache

from newstrace.entities.api import entity_id_for
from newstrace.metadata.agencies import agency_registry
from newstrace.records import CitedSource, Dateline

_Q = r"[‘’“”'\"]?"
# Optional tail after the name: "IRNA news agency", "an IRNA report", "Tasnim website".
_TAIL = r"(?:\s*\([A-Za-z]{2,10}\))?(?i:\s+(?:news\s+agency|News\s+Agency|agency|news\s+website|website|newspaper|daily|TV|television|report|reporter|correspondent))?"
_BEFORE = (
    r"(?i:according\s+to|told|telling|citing|cited\s+by|quoted\s+by|reported\s+by|as\s+reported\s+by"
    r"|referring\s+to|in\s+an\s+interview\s+with|speaking\s+to|spoke\s+to|talking\s+to|quoting|via"
    r"|reports?\s+(?:by|in|from)|wrote\s+in|sources?\s+told|said\s+in\s+(?:a|an)\s+statement\s+to)"
)
_AFTER = (
    r"(?i:reported|reports|has\s+reported|said|says|quoted|cited|wrote|writes|added|learned|has\s+learned"
    r"|claimed|announced|published|broadcast|aired)\b"
)


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    names = agency_registry().alias_pattern()
    clear = agency_registry().alias_pattern(include_ambiguous=False)
    name = rf"{_Q}(?P<name>{names}){_Q}"
    name_clear = rf"{_Q}(?P<name>{clear}){_Q}"
    return [
        # Ambiguous aliases count only with an explicit agency tail.
        re.compile(rf"\b(?:{_BEFORE})\s+(?:an?\s+|the\s+)?{name_clear}(?!\w){_TAIL}"),
        re.compile(rf"(?<![\w-]){name_clear}(?!\w){_TAIL}\s+{_AFTER}"),
        re.compile(rf"(?<![\w-]){name}(?:\s*\([A-Za-z]{{2,10}}\))?\s+(?:news\s+agency|News\s+Agency|news\s+website)\b"),
        re.compile(rf"\(\s*(?P<name>{clear})\s*\)"),
    ]


def find_cited_sources(text: str, dateline: Dateline | None = None, dateline_text: str | None = None) -> list[CitedSource]:
    """Cited agencies in text order (a dateline's agency first), each once."""
    registry = agency_registry()
    found: list[tuple[int, str, str]] = []
    if dateline is not None and dateline.agency:
        agency = registry.lookup(dateline.agency)
        if agency is not None:
            found.append((-1, agency.name, dateline_text or dateline.agency))
    for pattern in _patterns():
        for m in pattern.finditer(text):
            agency = registry.lookup(m.group("name"))
            if agency is not None:
                found.append((m.start(), agency.name, m.group(0)))
    found.sort(key=lambda t: t[0])
    seen: set[str] = set()
    out: list[CitedSource] = []
    for _, name, cue in found:
        if name in seen:
            continue
        seen.add(name)
        out.append(CitedSource(name=name, entity_id=entity_id_for(name, "ORG"), cue=cue))
    return out
