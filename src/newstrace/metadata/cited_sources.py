"""News agencies a story cites ("Tasnim reported", "according to IRNA", "told Anadolu",
"(TNS)", "the Iranian Telegraph Agency (IrTAG) reported referring to Tasnim News
Agency", "The Washington Post reports"), linked to the agency registry."""

from __future__ import annotations

import re
from functools import lru_cache

from newstrace.entities.api import entity_id_for
from newstrace.metadata.agencies import lookup, name_pattern
from newstrace.records import CitedSource, Dateline

_BEFORE = (
    r"according to|told|cited by|quoted by|reported by|as reported by|referring to|citing|"
    r"quoting|in an interview with|speaking to|said to|was quoted by|a report by|reports? from|"
    r"report published by|statement to|carried by|via"
)
_AFTER = (
    r"reported|reports|said|says|quoted|cited|wrote|writes|announced|added|stated|"
    r"learned|learnt|has learned|reported on|quoting|citing|news agency reported|"
    r"news agency said|news agency quoted|report(?:ed)? said"
)
_OPEN_Q = r"[‘'\"“]?"
_CLOSE_Q = r"[’'\"”]?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    name = rf"(?<![\w\-])(?P<name>{name_pattern()})(?![\w\-])"
    tail = r"(?:\s+(?:[Nn]ews\s+)?[Aa]gency)?(?:\s*\([^()]{2,20}\))?"
    subject = rf"(?:[Tt]he\s+)?{_OPEN_Q}{name}{_CLOSE_Q}{tail}"
    after = re.compile(rf"{subject},?\s+(?i:{_AFTER})\b")
    # Cue words ignore case; agency names never do ("AP" is not "ap").
    before = re.compile(rf"\b(?i:{_BEFORE})\s+(?:the\s+)?(?:\w+\s+){{0,3}}?{_OPEN_Q}{name}{_CLOSE_Q}")
    paren = re.compile(rf"\(\s*{name}\s*\)")
    return after, before, paren


def find_cited_sources(text: str, dateline: Dateline | None = None) -> list[CitedSource]:
    """Cited agencies in order of first citation, de-duplicated by canonical name."""
    found: list[tuple[int, str, str]] = []
    if dateline is not None and dateline.agency:
        agency = lookup(dateline.agency)
        if agency is not None:
            # Ordered where the agency appears; a cue matched below ("(TNS)") starts
            # earlier and so is the one kept.
            at = text.find(dateline.agency)
            found.append((at if at >= 0 else 0, agency.name, dateline.agency))
    for pattern in _patterns():
        for match in pattern.finditer(text):
            agency = lookup(match.group("name"))
            if agency is not None:
                found.append((match.start(), agency.name, match.group(0)))
    found.sort(key=lambda f: f[0])
    seen: set[str] = set()
    cited: list[CitedSource] = []
    for _, name, cue in found:
        if name not in seen:
            seen.add(name)
            cited.append(CitedSource(name=name, entity_id=entity_id_for(name, "ORG"), cue=cue.strip()))
    return cited
