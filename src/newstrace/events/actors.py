"""Who did it and to whom: actor mentions in an event sentence (alias list in
data/events/actors.yaml, plus the entities stage's mentions) with ACLED roles.

Roles follow the sentence: a named group "claimed responsibility" or acting "by" the trigger
is actor1 (perpetrator); a group before the trigger, when it is an armed group or a force,
is actor1; what follows "on/against/targeting" or is counted among the dead is actor2
(target); everything else named in the sentence is associated. ACLED has one actor1 and one
actor2 per event: extra ones become associated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newstrace.entities.api import entity_id_for
from newstrace.events.data import load_yaml
from newstrace.events.geo import curated_pattern
from newstrace.metadata.agencies import agency_registry

_ENTITY_LABELS = {"ORG", "NORP"}
_NOT_A_NAME = re.compile(r"(?:https?:|www\.|\.(?:co|com|org|net|ly)\b|[/@#]|\.\w+/)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorMention:
    text: str
    start: int
    end: int
    canonical: str
    type: str
    kind: str


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    entity_id: str | None
    role: str  # actor1 | actor2 | associated
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "entity_id": self.entity_id, "role": self.role}


@lru_cache(maxsize=1)
def _alias_table() -> tuple[re.Pattern[str], dict[str, tuple[str, str, str]]]:
    table: dict[str, tuple[str, str, str]] = {}
    for canon, spec in load_yaml("actors.yaml").items():
        for alias in [canon, *spec.get("aliases", [])]:
            table[_norm(alias)] = (canon, spec["type"], spec["kind"])
    names = sorted({a for c, s in load_yaml("actors.yaml").items() for a in [c, *s.get("aliases", [])]}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace("'", "['’]?").replace("’", "['’]?") for n in names)
    # Case-sensitive for short acronyms (IS, PMU), insensitive otherwise.
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE), table


def _norm(s: str) -> str:
    s = re.sub(r"['’]", "'", s.lower())
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", s).strip())


def find_actor_mentions(text: str, offset: int = 0) -> list[ActorMention]:
    pattern, table = _alias_table()
    found = []
    for m in pattern.finditer(text):
        surface = m.group(0)
        if len(surface) <= 4 and not surface.isupper():
            continue  # "is", "hashd": short aliases only as written (IS, TTP, PMU)
        hit = table.get(_norm(surface))
        if hit is None:
            continue
        found.append(ActorMention(surface, offset + m.start(), offset + m.end(), *hit))
    return found


@lru_cache(maxsize=1)
def _filters() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("actor_filters.yaml")
    return frozenset(data["place_nouns"]), frozenset(data["not_heads"])


_NEXT_WORD = re.compile(r"[\s-]+([A-Za-z][\w'’-]*)")


def _not_an_actor(label: str, text: str, after: str) -> bool:
    """A nationality used as an adjective ("Pakistani media", "Sufi shrine", "Shia-dominated")
    names no actor of its own; a name ending in an administrative noun is a place."""
    place_nouns, not_heads = _filters()
    words = text.lower().split()
    if words and words[-1] in place_nouns:
        return True
    if label != "NORP" or text.endswith("s"):
        return False
    nxt = _NEXT_WORD.match(after)
    return nxt is not None and nxt.group(1).lower() not in not_heads


def _entity_mentions(
    ents: Any, start: int, end: int, taken: list[tuple[int, int]], sentence: str = ""
) -> list[ActorMention]:
    """Named organisations/groups in [start, end) the alias list does not know."""
    out = []
    for m in ents or []:
        s, e, label, text = m
        if label not in _ENTITY_LABELS or s < start or e > end:
            continue
        if _not_an_actor(label, text, sentence[e - start : e - start + 40]):
            continue
        if any(s < te and ts < e for ts, te in taken):
            continue
        if _NOT_A_NAME.search(text) or not re.search(r"[A-Za-z]{2}", text):
            continue  # "t.co/x1", "@handle", "https://...": link debris the NER took for a name
        # "Pakistani security forces", "Shia Muslims": an adjective before a known actor.
        if any(0 <= ts - e <= 2 for ts, _ in taken):
            continue
        if curated_pattern().fullmatch(text):
            continue
        # A news agency reports events ("(AFP)", "told Reuters"); it is never their actor.
        if label == "ORG" and agency_registry().lookup(text) is not None:
            continue
        out.append(ActorMention(text, s, e, text, "ORG" if label == "ORG" else "NORP", "named"))
    return out


def _positional_role(m: ActorMention, before: str, trigger_start: int, trigger_end: int) -> str:
    if m.start >= trigger_start and re.search(r"\b(?:on|against|targeting|targeted|at)\s+(?:the\s+|a\s+)?(?:[\w'-]+\s+){0,3}$", before):
        return "actor2"
    armed = m.kind in ("armed_group", "state_forces", "named")
    if armed and m.start < trigger_end and trigger_start < m.end:
        return "actor1"  # "Israeli airstrikes", "Daesh attack"
    if m.kind == "civilians":
        return "actor2"
    if armed and m.end <= trigger_start:
        return "actor1"
    return "actor2" if m.start >= trigger_end else "associated"


def assign_roles(
    sentence: str,
    offset: int,
    trigger_start: int,
    trigger_end: int,
    ents: Any = None,
    entity_at: Any = None,
) -> list[Actor]:
    """Actors of the event whose trigger is [trigger_start, trigger_end) (article offsets).

    ``ents``: (start, end, label, text) of named entities in the article (spaCy or the
    entities stage); ``entity_at(start, end)``: the entities stage's id lookup, if present.
    """
    mentions = find_actor_mentions(sentence, offset)
    mentions += _entity_mentions(ents, offset, offset + len(sentence), [(m.start, m.end) for m in mentions], sentence)
    mentions.sort(key=lambda m: m.start)
    roles: list[tuple[ActorMention, str, bool]] = []
    lower = sentence.lower()
    for m in mentions:
        before = lower[max(0, m.start - offset - 60) : m.start - offset]
        after = lower[m.end - offset : m.end - offset + 40]
        # Explicit wording (a claim, "by", a count of the dead) outranks position.
        if re.search(r"\bclaim(?:ed|s)? (?:the )?responsibility|\bcarried out\b|\bowned\b", after) or re.search(r"\bby\s+(?:the\s+)?(?:\w+\s+)?$", before):
            role, strong = "actor1", True
        elif re.search(r"\b(?:killing|killed|kill|left|wounding|injuring|wounded|injured)\s+(?:the\s+|a\s+)?(?:[\w'-]+\s+){0,4}$", before):
            role, strong = "actor2", True  # counted among the dead or hurt
        else:
            role, strong = _positional_role(m, before, trigger_start, trigger_end), False
        roles.append((m, role, strong))
    actors: list[Actor] = []
    seen_roles: set[str] = set()
    seen_entities: set[str] = set()
    # Explicit evidence first, then perpetrators, then position order.
    for m, role, _ in sorted(roles, key=lambda r: (not r[2], r[1] != "actor1", r[0].start)):
        eid = entity_at(m.start, m.end) if entity_at else None
        eid = eid or entity_id_for(m.canonical, m.type)
        if eid in seen_entities:
            continue
        seen_entities.add(eid)
        if role in seen_roles and role != "associated":
            role = "associated"
        seen_roles.add(role)
        actors.append(Actor(m.text, eid, role, m.start, m.end))
    actors.sort(key=lambda a: a.start)
    return actors
