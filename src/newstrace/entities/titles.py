"""Titles and role nouns: "Iran's Intelligence Minister Mahmoud Alawi", "the minister"."""

from __future__ import annotations

import re

# Role nouns that make a phrase a title of a person (data kept small and generic).
ROLE_NOUNS = (
    "minister", "president", "prime minister", "vice president", "general", "commander",
    "chief", "army chief", "spokesman", "spokeswoman", "spokesperson", "secretary", "ambassador",
    "governor", "mayor", "senator", "lawmaker", "leader", "chairman", "director", "advisor",
    "adviser", "envoy", "official", "expert", "analyst", "king", "emir", "sheikh", "ayatollah",
    "colonel", "major general", "brigadier general", "lieutenant general", "deputy",
)
_ROLE = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True))
_CAP = r"[A-Z][\w’'\-]*(?:’s|'s)?"

# A title right before a name: up to five capitalised words ending in a role noun, e.g.
# "Iran's Intelligence Minister", "Brigadier General", "Minister of Intelligence".
TITLE_BEFORE = re.compile(
    rf"((?:{_CAP}\s+){{0,5}}(?i:{_ROLE})(?:\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})?)?)(?:,\s*)?\s+$"
)
# "the minister", "the Iranian minister", "the army chief", "the Syrian security expert".
REFERENCE = re.compile(rf"\b[Tt]he\s+((?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+)?(?:{_ROLE}))\b")


def role_words(title: str) -> set[str]:
    """The role nouns in a title, lower-cased ("Iran's Intelligence Minister" -> {minister})."""
    low = title.lower()
    return {r for r in ROLE_NOUNS if re.search(rf"\b{re.escape(r)}\b", low)}


def title_before(text: str, start: int) -> tuple[int, int] | None:
    """Offsets of a title ending just before ``start`` (a person's name), if any."""
    window_start = max(0, start - 80)
    m = TITLE_BEFORE.search(text[window_start:start])
    if not m:
        return None
    s, e = window_start + m.start(1), window_start + m.end(1)
    return (s, e) if e > s else None
