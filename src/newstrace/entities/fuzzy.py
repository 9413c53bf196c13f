"""Conservative fuzzy matching of entity names across articles (rapidfuzz).

Only spelling variants are merged ("Mahmoud Alawi" / "Mahmoud Alavi"); people who merely
share a family name ("Ali al-Waeli" / "Khadim al-Waeli") or a first name never are.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from newstrace.entities.names import normalise_name

PERSON_FULL_MIN = 90.0  # whole-name similarity
PERSON_PART_MIN = 80.0  # each name part (first, ..., family)
SHORT_PART = 4  # parts this short must match exactly ("Jon" is not "John")
OTHER_MIN = 95.0  # organisations, places: near-identical spellings only
OTHER_MIN_LEN = 8


def _strip_article(part: str) -> str:
    return part[3:] if part.startswith(("al-", "el-")) else part


def same_entity(a: str, b: str, type_: str) -> bool:
    """Whether two names of the same type are spelling variants of one name."""
    na, nb = normalise_name(a), normalise_name(b)
    if na == nb:
        return True
    if any(ch.isdigit() for ch in na + nb):
        return False
    if type_ == "PERSON":
        pa, pb = na.split(), nb.split()
        if len(pa) < 2 or len(pa) != len(pb):
            return False
        if fuzz.ratio(na, nb) < PERSON_FULL_MIN:
            return False
        for x, y in zip(pa, pb, strict=True):
            x, y = _strip_article(x), _strip_article(y)
            if min(len(x), len(y)) <= SHORT_PART:
                if x != y:
                    return False
            elif fuzz.ratio(x, y) < PERSON_PART_MIN or x[0] != y[0]:
                return False
        return True
    if min(len(na), len(nb)) < OTHER_MIN_LEN:
        return False
    return fuzz.ratio(na, nb) >= OTHER_MIN


def min_whole_ratio(type_: str) -> float:
    """The lowest whole-name ``fuzz.ratio`` (normalised names) ``same_entity`` accepts."""
    return PERSON_FULL_MIN if type_ == "PERSON" else OTHER_MIN


def block_key(name: str, type_: str) -> tuple[str, str]:
    """Names that could match share a block (keeps the comparison far from n^2)."""
    norm = normalise_name(name)
    if type_ == "PERSON":
        parts = norm.split()
        return type_, _strip_article(parts[-1])[:1] + str(len(parts)) if parts else ""
    return type_, norm[:2]
