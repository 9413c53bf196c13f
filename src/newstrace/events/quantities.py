"""Reading a casualty figure ("more than 70", "a dozen", "twenty-three", "1,000s") as the
conservative integer ACLED would code. Table of vague quantifiers: data/events/quantities.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from newstrace.events.data import load_yaml

MAX_FIGURE = 10_000_000  # anything bigger is not a casualty count (money, populations, ids)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int], list[str]]:
    d = load_yaml("quantities.yaml")
    return d["vague"], d["number_words"], d["multipliers"], d["qualifiers"]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """A regex (no groups of its own besides named ones) for one figure with its qualifier."""
    vague, words, mult, quals = _tables()
    digit = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
    unit_words = [w for w in words if w not in ("a", "an")]
    word_num = rf"(?:(?:{_alt(unit_words)})(?:[- ](?:{_alt(unit_words)}))?|an?)(?:[- ](?:{_alt(list(mult))}))*"
    word_num = rf"(?:{word_num})(?:\s+(?:and\s+)?(?:{_alt(unit_words)})(?:-(?:{_alt(unit_words)}))?)?"
    core = rf"(?:{digit})(?:\s*(?:{_alt(list(mult))}))?(?:s|-plus|\+)?|{_alt(list(vague))}|{word_num}"
    between = rf"between\s+(?:{digit}|{_alt(unit_words)})\s+(?:and|to)\s+(?:{digit}|{_alt(unit_words)})"
    ranged = rf"(?:{digit})\s*(?:-|to)\s*(?:{digit})"
    return rf"(?<![\w,.-])(?:(?:{_alt(quals)})\s+)?(?:{between}|{ranged}|{core})(?![\w])"


def parse_quantity(text: str) -> int | None:
    """The coded value of one figure, or None when it is not a count. Never raises."""
    vague, words, mult, quals = _tables()
    t = re.sub(r"\s+", " ", text.lower().strip())
    for q in sorted(quals, key=len, reverse=True):
        if t.startswith(q + " "):
            t = t[len(q) + 1 :]
            break
    if t in vague:
        return vague[t]
    # Ranges ("between 10 and 15", "10-15"): the lower bound.
    m = re.match(r"^(?:between\s+)?(\S+)\s*(?:-|\bto\b|\band\b)\s*(\S+)$", t)
    if m and not re.match(r"^[a-z]+-[a-z]+$", t):
        low = parse_quantity(m.group(1))
        return low
    m = re.match(rf"^(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({_alt(list(mult))})?(s|-plus|\+)?$", t)
    if m:
        digits = m.group(1).replace(",", "")
        if len(digits) > 12:  # no casualty count has that many digits (and float() would overflow)
            return None
        value = float(digits)
        if m.group(2):
            value *= mult[m.group(2)]
        return _checked(value)
    total, current, seen = 0, 0, False
    for tok in re.split(r"[\s-]+", t):
        if tok == "and":
            continue
        if tok in words:
            current += words[tok]
            seen = True
        elif tok in mult:
            current = max(current, 1) * mult[tok]
            if mult[tok] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return _checked(total + current) if seen else None


def _checked(value: float) -> int | None:
    v = int(value)
    return v if 0 <= v <= MAX_FIGURE else None
