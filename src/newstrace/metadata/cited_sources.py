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


# Each pattern needs an agency name; a match reaches this far before its name's first
# word (longest "said in a statement to an ") and after it (rest of the name, tail, verb).
_WINDOW_BEFORE = 100
_WINDOW_AFTER = 160
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _aliases_by_first_word() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """Aliases keyed by their first word, and a pattern for the words worth looking up:
    capitalised ones, plus the few aliases that start in lower case ("dpa")."""
    by_word: dict[str, list[str]] = {}
    for alias in agency_registry().by_alias:
        if m := _WORD.match(alias):
            by_word.setdefault(m.group(), []).append(alias)
    lower = sorted(w for w in by_word if not w[0].isupper())
    words = re.compile(r"\b(?:[A-Z]\w*" + "".join(f"|{re.escape(w)}" for w in lower) + r")\b")
    return {w: tuple(aliases) for w, aliases in by_word.items()}, words


def _name_windows(text: str) -> list[tuple[int, int]]:
    """Text windows around words that start an agency name. The patterns run only
    there: most of an article names no agency, and scanning all of it with every
    pattern's long alternation is the costliest part of ingest metadata."""
    by_word, words = _aliases_by_first_word()
    windows: list[tuple[int, int]] = []
    for m in words.finditer(text):
        aliases = by_word.get(m.group())
        if aliases is None or not any(text.startswith(a, m.start()) for a in aliases):
            continue
        start, end = max(0, m.start() - _WINDOW_BEFORE), min(len(text), m.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_cited_sources(text: str, dateline: Dateline | None = None, dateline_text: str | None = None) -> list[CitedSource]:
    """Cited agencies in text order (a dateline's agency first), each once."""
    registry = agency_registry()
    found: list[tuple[int, str, str]] = []
    if dateline is not None and dateline.agency:
        agency = registry.lookup(dateline.agency)
        if agency is not None:
            found.append((-1, agency.name, dateline_text or dateline.agency))
    for start, end in _name_windows(text):
        for pattern in _patterns():
            # pos/endpos keep the text around the window visible to look-behinds.
            for m in pattern.finditer(text, start, end):
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
