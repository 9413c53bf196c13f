"""Casualty figures in an event sentence: killed, injured, and the attackers' own dead,
kept apart so a bomber's death is not counted as a victim. Values follow ACLED's
conservative coding (see quantities.py); the exact words are kept as the figure's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newstrace.events.data import load_yaml
from newstrace.events.quantities import number_pattern, parse_quantity

_KILL_VERB = r"(?:killed|killing|kills|kill|massacred|massacring|slaughtered|claimed the lives of|left dead|executed|shot dead|gunned down|martyred)"
# "23 people were killed", "23 killed in the blast", "23 dead" -- but not "a bomber killed 12"
# (an active verb with its own object).
_NO_OBJECT = r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|as|when|after|during|on|at|and|by|while|near|since|overnight|today|yesterday)\b)"
_DEAD_AFTER = rf"(?:(?:were|was|have been|had been|are|being|got)\s+(?:killed|slain|shot dead|executed|martyred)|(?:killed|slain){_NO_OBJECT}|dead|died|perished|lost their lives)"
_HURT_VERB = r"(?:wounded|wounding|wounds|injured|injuring|injures|hurt|maimed)"
_HURT_AFTER = rf"(?:(?:were|was|have been|had been|are|being|got)\s+(?:wounded|injured|hurt|maimed)|others\s+(?:wounded|injured|hurt)|(?:wounded|injured|hurt){_NO_OBJECT})"
# Up to five words of who the figure counts ("Shia Muslims", "suspected Daesh fighters").
_NOUNS = r"(?:\s+(?!(?:and|were|was|have|had|in|on|at|after|when|while|including|as)\b)[\w'’.-]+){0,5}?"


@dataclass(frozen=True, slots=True)
class Figure:
    value: int
    text: str
    start: int
    end: int
    who: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "text": self.text}


@dataclass(frozen=True, slots=True)
class Casualties:
    fatalities: Figure | None = None
    injured: Figure | None = None
    attacker_fatalities: Figure | None = None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    num = rf"(?P<num>{number_pattern()})"
    flags = re.IGNORECASE
    return {
        "killed": [
            re.compile(rf"\b{_KILL_VERB}\s+{num}(?P<who>{_NOUNS})", flags),
            re.compile(rf"{num}(?P<who>{_NOUNS})\s+(?:people\s+)?{_DEAD_AFTER}\b", flags),
            re.compile(rf"\b(?:death toll|toll|fatalities|dead)\s+(?:\w+\s+){{0,3}}?(?:to|at|of|reached|rose to)\s+{num}(?P<who>)", flags),
            re.compile(rf"\bleft\s+{num}(?P<who>{_NOUNS})\s+dead\b", flags),
        ],
        "injured": [
            re.compile(rf"\b{_HURT_VERB}\s+{num}(?P<who>{_NOUNS})", flags),
            re.compile(rf"{num}(?P<who>{_NOUNS})\s+(?:people\s+)?{_HURT_AFTER}\b", flags),
        ],
        # "a bombing that left 23 security forces [dead]": a count of people left behind by
        # a violent event with no word of injury is read as the dead (the words are kept).
        "left": [re.compile(rf"\bleft\s+{num}(?P<who>{_NOUNS})(?P<after>\s+\w+)?", flags)],
    }


@lru_cache(maxsize=1)
def _attacker_re() -> re.Pattern[str]:
    nouns = load_yaml("quantities.yaml")["attacker_nouns"]
    return re.compile(rf"\b(?:{'|'.join(nouns)})\b", re.IGNORECASE)


def _who_after(text: str, m: re.Match[str]) -> str:
    """Up to six words after the figure: who was counted ("suspected Daesh fighters")."""
    return " ".join(text[m.end("num") :].split()[:6])


_PEOPLE = re.compile(r"^\W*(?:people|persons|civilians|soldiers|troops|militants|fighters|children|women|men|policemen)\b", re.I)


def _is_year(num_text: str, following: str) -> bool:
    """"in 2014 the group killed": a year, unless people are counted right after it."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", num_text.strip())) and not _PEOPLE.match(following)


def _first(text: str, offset: int, patterns: list[re.Pattern[str]]) -> list[tuple[Figure, str]]:
    found = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            num_text = m.group("num")
            who = m.group("who") or ""
            if _is_year(num_text, text[m.end("num") :]):
                continue
            value = parse_quantity(num_text)
            if value is None:
                continue
            s, e = m.start("num"), m.end("num")
            found.append((Figure(value, num_text, offset + s, offset + e, _who_after(text, m)), who))
    found.sort(key=lambda f: f[0].start)
    return found


def extract_casualties(text: str, offset: int = 0, own_attack: bool = True) -> Casualties:
    """Figures in ``text`` (one sentence), offsets shifted by ``offset``. The first figure of
    each kind wins: later ones are usually breakdowns ("including 66 children")."""
    killed = _first(text, offset, _patterns()["killed"])
    injured = _first(text, offset, _patterns()["injured"])
    taken = {(f.start, f.end) for f, _ in killed + injured}
    for m_fig, who in _first(text, offset, _patterns()["left"]):
        tail = text[m_fig.end - offset : m_fig.end - offset + 60].lower()
        if (m_fig.start, m_fig.end) in taken or re.search(r"wound|injur|hurt|homeless|displac", tail):
            continue
        killed.append((m_fig, who))
    fatalities = attackers = None
    for fig, who in killed:
        if own_attack and _attacker_re().search(who) and not re.search(r"\b(?:by|of)\b", who):
            attackers = attackers or fig
        else:
            fatalities = fatalities or fig
    hurt = injured[0][0] if injured else None
    return Casualties(fatalities, hurt, attackers)
