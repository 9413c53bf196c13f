"""Link a claim's speaker to an entity.

A named speaker ("Mahmoud Alawi", "the Pentagon") is looked up directly. A pronoun ("he"),
a relative pronoun ("who") or a description ("the minister", "the Syrian security expert")
is resolved within the article to the nearest compatible earlier named mention; for a
description, a person whose neighbourhood mentions the same head noun
("Nasir al-Shamas, a Syrian security expert") is preferred.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newstrace.entities.api import ArticleEntities, entity_id_for

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "we", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
ORG_NOUNS = frozenset(
    {"group", "ministry", "agency", "organization", "organisation", "party", "movement",
     "government", "army", "military", "council", "office", "department", "network",
     "company", "committee", "campaign", "administration", "force", "forces", "militia"}
)
PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
_CONTEXT_CHARS = 80
_LOOKBACK_CHARS = 5000
_LOOKAHEAD_CHARS = 1200


@dataclass(slots=True)
class Named:
    start: int
    end: int
    label: str
    entity_id: str | None


def named_mentions(doc: Doc, ents: ArticleEntities | None) -> list[Named]:
    if ents is not None and ents.mentions:
        return [Named(m.start, m.end, m.label, m.entity_id) for m in ents.mentions]
    # Without the entities stage: spaCy's entities, a later surname ("al-Shamas") taking
    # the id of the earlier full name ("Nasir al-Shamas").
    out: list[Named] = []
    full_names: dict[str, str] = {}
    for e in doc.ents:
        if e.label_ not in PERSON_LABELS | GROUP_LABELS:
            continue
        eid = entity_id_for(e.text, e.label_)
        key = e.text.lower()
        if key in full_names:
            eid = full_names[key]
        elif e.label_ in PERSON_LABELS and len(e) > 1:
            for k in range(len(e) - 1, 0, -1):  # surnames, also of several tokens: "al-Shamas"
                full_names.setdefault(e[k:].text.lower(), eid)
        out.append(Named(e.start_char, e.end_char, e.label_, eid))
    return out


def resolve_speaker(
    doc: Doc, text: str, tokens: tuple[int, int], chars: tuple[int, int], named: list[Named]
) -> str | None:
    """The entity id of the speaker span, or None when it cannot be tied to one."""
    span = doc[tokens[0] : tokens[1]]
    head = span.root
    words = [t.lower_ for t in span if not t.is_punct]
    if head.pos_ == "PROPN" or (head.ent_type_ and head.pos_ != "PRON"):
        # A name: the mention holding the head ("Sajedi" in "Shabir Hussein Sajedi, a
        # member of the MWM"), else the first named mention in the span.
        at_head = _containing(named, head.idx)
        if at_head is not None:
            return at_head.entity_id
        first = _first_overlap(named, chars)
        return first.entity_id if first is not None else None
    head_word = head.lower_
    if len(words) == 1 and words[0] in RELATIVE_PRONOUNS:
        return _nearest_before(named, chars[0], PERSON_LABELS | GROUP_LABELS, text, None, max_gap=60)
    if head_word in PERSON_PRONOUNS:
        return _nearest_before(named, chars[0], PERSON_LABELS, text, None)
    if head_word in GROUP_PRONOUNS:
        return _nearest_before(named, chars[0], GROUP_LABELS, text, None)
    if head.pos_ == "NOUN":
        lemma = head.lemma_.lower()
        if lemma in ORG_NOUNS:
            return _nearest_before(named, chars[0], GROUP_LABELS, text, lemma)
        # "the minister", "Pakistan's army chief": a person described by a title; the name
        # may come earlier or, in a lead, just after ("... army chief ... General Bajwa said").
        return _describe_person(named, chars, text, lemma)
    return None


def _containing(named: list[Named], pos: int) -> Named | None:
    for m in named:
        if m.start <= pos < m.end and m.label in PERSON_LABELS | GROUP_LABELS:
            return m
    return None


def _first_overlap(named: list[Named], chars: tuple[int, int]) -> Named | None:
    hits = [m for m in named if min(chars[1], m.end) > max(chars[0], m.start) and m.label in PERSON_LABELS | GROUP_LABELS]
    return min(hits, key=lambda m: m.start) if hits else None


def _describe_person(named: list[Named], chars: tuple[int, int], text: str, noun: str) -> str | None:
    people = [m for m in named if m.label in PERSON_LABELS]
    def near_noun(m: Named) -> bool:
        return noun in text[max(0, m.start - _CONTEXT_CHARS) : m.end + _CONTEXT_CHARS].lower()
    before = [m for m in people if m.end <= chars[0] and chars[0] - m.end <= _LOOKBACK_CHARS and near_noun(m)]
    if before:
        return max(before, key=lambda m: m.end).entity_id
    after = [m for m in people if m.start >= chars[1] and m.start - chars[1] <= _LOOKAHEAD_CHARS and near_noun(m)]
    if after:
        return min(after, key=lambda m: m.start).entity_id
    return _nearest_before(named, chars[0], PERSON_LABELS, text, None)


def _nearest_before(
    named: list[Named], pos: int, labels: frozenset[str], text: str, noun: str | None, max_gap: int = _LOOKBACK_CHARS
) -> str | None:
    cands = [m for m in named if m.end <= pos and pos - m.end <= max_gap and m.label in labels]
    if not cands:
        return None
    if noun:
        near_noun = [
            m for m in cands
            if noun in text[max(0, m.start - _CONTEXT_CHARS) : m.end + _CONTEXT_CHARS].lower()
        ]
        if near_noun:
            cands = near_noun
    return max(cands, key=lambda m: m.end).entity_id


@dataclass(slots=True)
class _Said:
    end: int
    entity_id: str
    text: str  # the speaker span and its surroundings, lower case, for title matching


class SpeakerResolver:
    """Resolves speakers in text order. A pronoun or a description ("he", "the army
    chief") refers first to an earlier named *speaker* (news style: the person last
    quoted; for a description, the last speaker introduced with that title), then falls
    back to the nearest compatible named mention."""

    def __init__(self, doc: Doc, text: str, named: list[Named]) -> None:
        self.doc, self.text, self.named = doc, text, named
        self.said: list[_Said] = []

    def resolve(self, tokens: tuple[int, int], chars: tuple[int, int]) -> str | None:
        span = self.doc[tokens[0] : tokens[1]]
        head = span.root
        named_speaker = head.pos_ == "PROPN" or (bool(head.ent_type_) and head.pos_ != "PRON")
        eid = None
        if named_speaker:
            at_head = _containing(self.named, head.idx)
            is_person = head.ent_type_ == "PERSON" or (at_head is not None and at_head.label in PERSON_LABELS)
        else:
            is_person = head.lower_ in PERSON_PRONOUNS or (
                head.pos_ == "NOUN" and head.lemma_.lower() not in ORG_NOUNS
            )
            if is_person:
                eid = self._from_speakers(chars[0], head.lemma_.lower() if head.pos_ == "NOUN" else None)
        if eid is None:
            eid = resolve_speaker(self.doc, self.text, tokens, chars, self.named)
        if eid is not None and is_person:
            context = self.text[max(0, chars[0] - _CONTEXT_CHARS) : chars[1] + _CONTEXT_CHARS].lower()
            self.said.append(_Said(chars[1], eid, context if named_speaker else ""))
        return eid

    def _from_speakers(self, pos: int, noun: str | None) -> str | None:
        earlier = [s for s in self.said if s.end <= pos and pos - s.end <= _LOOKBACK_CHARS]
        if not earlier:
            return None
        if noun:
            titled = [s for s in earlier if noun in s.text]
            if titled:
                return titled[-1].entity_id
        return earlier[-1].entity_id
