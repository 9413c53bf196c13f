"""Where an event happened, when its own sentence does not say (or names only a country).

The event's own sentence first; then, in order, the event just before it in its paragraph,
the earlier sentences of its paragraph, the event just before it elsewhere (a few sentences
back), the place the article names most and the article's dateline. A place in an attribution clause is the speaker's or the reporter's, not the event's
("traders in Kampala said ...", "a report published in Mexico says ...": data/events/
places.yaml, ``attribution``), and a country that only modifies a noun ("U.S. soldiers")
says whose, not where: neither is taken while a better place is known. A country the event's
sentence names yields to a smaller place in that country that its paragraph names before
it ("... in northwest Pakistan. ... attacks in Pakistan").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, Protocol

from newstrace.events.data import load_yaml
from newstrace.events.geo import PRECISION_RANK, Place, gazetteer, place_key

CONTEXT_SENTENCES = 3  # a place named this many sentences back (or an event that far back) still counts
# Switches (evaluations turn them off to measure what each fallback adds).
FROM_DATELINE = True
FROM_MAIN_PLACE = True
BY_SECTION = True  # a round-up's items are placed apart (places.yaml section_break)
DATELINE_FIRST = False


class _Sent(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def ents(self) -> tuple[tuple[int, int, str, str], ...]: ...


class Attribution(NamedTuple):
    verbs: frozenset[str]
    listener_verbs: frozenset[str]
    speaker_deps: frozenset[str]
    content_preps: frozenset[str]
    prepositions: frozenset[str]


@cache
def attribution() -> Attribution:
    a = load_yaml("places.yaml")["attribution"]
    return Attribution(*(frozenset(str(w).lower() for w in a[k]) for k in ("verbs", "listener_verbs", "speaker_deps", "content_preps", "prepositions")))


@cache
def place_like_labels() -> frozenset[str]:
    return frozenset(load_yaml("places.yaml").get("place_like_labels", []))


class _Hit(NamedTuple):
    """A town the parser did not label a place (extract.PlaceHit's fields)."""

    place: Place
    start: int
    end: int
    modifier: bool = False


@cache
def paragraph_break() -> re.Pattern[str]:
    return re.compile(load_yaml("places.yaml")["paragraph_break"])


@cache
def section_break() -> re.Pattern[str]:
    return re.compile(load_yaml("places.yaml").get("section_break") or "(?!)")


_WORD = re.compile(r"[^\W\d_]")


def sections(text: str, sents: Sequence[_Sent]) -> list[int]:
    """Each sentence's item in a round-up of unrelated stories (places.yaml ``section_break``):
    the number of breaks before its first letter (0 everywhere in an ordinary article)."""
    breaks = [m.start() for m in section_break().finditer(text)] if BY_SECTION else []
    out = []
    for s in sents:
        first = _WORD.search(text, s.start, s.end)
        at = first.start() if first else s.start
        out.append(sum(1 for b in breaks if b < at))
    return out


def in_attribution(doc: Any, start: int, end: int) -> bool:
    """Is text[start:end] part of an attribution clause: the subject or a modifier of a
    speech verb ("traders in Kampala said", "said in Nairobi", "told reporters in Kampala"),
    or an "according to" phrase? Not when it is in what was said ("said the attack in
    Mombasa ..."). Needs the parse (False without one)."""
    if doc is None:
        return False
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None or not len(words):
        return False
    a = attribution()
    child = words.root
    for _ in range(40):  # bounded walk up the tree
        head = child.head
        if head.i == child.i:
            return False
        if child.dep_ == "prep" and child.lower_ in a.prepositions:
            return True
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in a.verbs:
            if child.dep_ in a.speaker_deps or child.dep_ == "prep" and child.lower_ not in a.content_preps:
                return True
            # The object of "tell" is the listener; of "report", what was reported.
            return child.dep_ in ("dobj", "dative") and head.lemma_.lower() in a.listener_verbs
        child = head
    return False


def paragraphs(text: str, sents: Sequence[_Sent]) -> list[int]:
    """Each sentence's paragraph number (a break between two sentences starts a new one)."""
    out: list[int] = []
    n = 0
    for i, s in enumerate(sents):
        if i:
            prev = sents[i - 1]
            chunk = text[prev.start : prev.end]
            gap_lo = prev.start + len(chunk.rstrip())
            own = text[s.start : s.end]
            gap_hi = s.start + (len(own) - len(own.lstrip()))
            if paragraph_break().search(text, gap_lo, max(gap_lo, gap_hi)):
                n += 1
        out.append(n)
    return out


@dataclass
class ArticlePlaces:
    """What the fallbacks need from the whole article, computed when first asked for."""

    text: str
    sents: Sequence[_Sent]
    places_in: Callable[[int], list[Any]]  # sentence index -> its PlaceHits
    doc: Any
    dateline: str | None
    context: frozenset[str]
    persons: frozenset[str] = frozenset()  # names the article gives a person (extract._person_keys)
    _paras: list[int] | None = None
    _sections: list[int] | None = None
    _own: dict[int, list[Any]] = field(default_factory=dict)
    _main: dict[int, Place | None] = field(default_factory=dict)  # section -> its main place
    _looked_up: dict[str, Place | None] = field(default_factory=dict)  # entity text -> place

    def paragraph(self, i: int) -> int:
        if self._paras is None:
            self._paras = paragraphs(self.text, self.sents)
        return self._paras[i]

    def section(self, i: int) -> int:
        if self._sections is None:
            self._sections = sections(self.text, self.sents)
        return self._sections[i]

    def hits(self, i: int, found: Sequence[Any] | None = None) -> list[Any]:
        """Sentence i's places (``found``, default ``places_in(i)``), with the towns the parser
        labelled otherwise (place_like_labels)."""
        found = list(self.places_in(i) if found is None else found)
        labels = place_like_labels()
        for s, e, label, etext in self.sents[i].ents:
            if label in labels and not any(h.start < e and s < h.end for h in found) and place_key(etext) not in self.persons:
                if etext not in self._looked_up:  # an article repeats its organisations' names
                    self._looked_up[etext] = gazetteer().lookup(etext, self.context)
                p = self._looked_up[etext]
                if p is not None and p.precision != "country" and p.country in self.context:
                    found.append(_Hit(p, s, e))
        return found

    def about_event(self, i: int) -> list[Any]:
        """Sentence i's places that may be an event's: not in an attribution clause."""
        if i not in self._own:
            self._own[i] = [h for h in self.hits(i) if not in_attribution(self.doc, h.start, h.end)]
        return self._own[i]

    def dateline_place(self) -> Place | None:
        if not self.dateline or not FROM_DATELINE:
            return None
        return gazetteer().lookup(self.dateline, self.context)

    def main_place(self, i: int = 0) -> Place | None:
        """The place sentence i's item (the whole article, but for a round-up) names most
        (not as a modifier, not in attribution; ties: the first named)."""
        if not FROM_MAIN_PLACE:
            return None
        section = self.section(i)
        if section not in self._main:
            counts: dict[str, list[Any]] = {}
            for j in range(len(self.sents)):
                if self.section(j) != section:
                    continue
                for h in self.about_event(j):
                    if not h.modifier:
                        counts.setdefault(h.place.name, [h.place, 0, -h.start])[1] += 1
            self._main[section] = max(counts.values(), key=lambda e: (e[1], e[2]))[0] if counts else None
        return self._main[section]


def best(cands: Sequence[Any], anchor: int) -> Place | None:
    """The most specific place, a modifying country name last, nearest the anchor."""
    if not cands:
        return None
    return min(cands, key=lambda c: (c.modifier, PRECISION_RANK[c.place.precision], abs(c.start - anchor))).place


def paragraph_place(art: ArticlePlaces, i: int) -> Place | None:
    """The place the earlier sentences of sentence i's paragraph name most often (ties: the
    more specific, then the nearest), as in "... in Gaza. ... in the besieged enclave"."""
    para = art.paragraph(i)
    back = itertools.takewhile(lambda b: art.paragraph(b) == para, _sentences_before(i))
    return most_named(h for b in back for h in art.about_event(b))


def _sentences_before(i: int) -> range:
    """The CONTEXT_SENTENCES sentences before sentence i, nearest first."""
    return range(i - 1, max(-1, i - 1 - CONTEXT_SENTENCES), -1)


def most_named(hits: Iterable[Any]) -> Place | None:
    """The place these hits name most often, modifiers left out (ties: the more specific,
    then the one named latest)."""
    counts: dict[str, list[Any]] = {}
    for h in hits:
        if h.modifier:
            continue
        entry = counts.setdefault(h.place.name, [h.place, 0, h.start])
        entry[1] += 1
        entry[2] = max(entry[2], h.start)
    if not counts:
        return None
    return max(counts.values(), key=lambda e: (e[1], -PRECISION_RANK[e[0].precision], e[2]))[0]


def event_place(
    art: ArticlePlaces, i: int, own: Sequence[Any], anchor: int, previous: tuple[int, Place] | None
) -> Place | None:
    """The place of an event in sentence i (``own``: that sentence's PlaceHits; ``anchor``:
    the trigger's offset; ``previous``: the sentence and place of the event before it)."""
    here = [h for h in own if not in_attribution(art.doc, h.start, h.end)]
    mine = best([h for h in here if not h.modifier], anchor)
    if mine is None or mine.precision == "country":
        # Towns the parser labelled otherwise, looked up only when the sentence has no better place.
        here = [h for h in art.hits(i, own) if not in_attribution(art.doc, h.start, h.end)]
        mine = best([h for h in here if not h.modifier], anchor)
    if mine is not None and mine.precision != "country":
        return mine
    near_previous = previous if previous is not None and i - previous[0] <= CONTEXT_SENTENCES else None
    if near_previous is not None and art.section(near_previous[0]) != art.section(i):
        near_previous = None  # another item of a round-up
    # Places the text gives for this passage's events, nearest evidence first.
    text_chain: list[Callable[[], Place | None]] = [
        lambda: near_previous[1] if near_previous and art.paragraph(near_previous[0]) == art.paragraph(i) else None,
        lambda: paragraph_place(art, i),
        lambda: near_previous[1] if near_previous else None,
    ]
    if mine is not None:
        # A country: a smaller place in it that the paragraph's earlier sentences name is the
        # more specific answer ("... in northwest Pakistan. ... attacks in Pakistan").
        p = paragraph_place(art, i)
        if p is not None and p.country == mine.country and p.precision != "country":
            return p
        return mine
    for get in text_chain:
        p = get()
        if p is not None:
            return p
    # The article's own account of where it happened before where it was filed from: on
    # MUC-4 (TST1) the dateline first agreed less often with the keyed location (see
    # docs/quality-events.md, "Event places").
    order = (art.dateline_place, lambda: art.main_place(i)) if DATELINE_FIRST else (lambda: art.main_place(i), art.dateline_place)
    for get in order:
        p = get()
        if p is not None:
            return p
    # Only a modifying country ("U.S. soldiers were wounded"), or nothing: a speaker's place
    # is not taken.
    return best(here, anchor)
