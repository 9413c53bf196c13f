"""Finding event mentions in one article: every sentence is scored by the event detector
(detector.py: its words, trigger-lexicon hits and how they are used, anchors such as a
casualty figure, a date or a place); sentences it accepts are typed by the sub-type model
reading the sentence with its neighbours, nudged towards labels whose triggers the sentence
contains and towards the article's other events; then actors, place, date and casualties.
Pure: no store access, bounded work per sentence."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any, NamedTuple

from newstrace.events import placing
from newstrace.events.actors import assign_roles
from newstrace.events.arguments import actor_nouns, add_arguments
from newstrace.events.casualties import Casualties, extract_casualties
from newstrace.events.constraints import NO_EVENT, Context, allowed, constrained
from newstrace.events.data import DATA_DIR, load_yaml, taxonomy
from newstrace.events.dates import EventDate, find_dates, nearest_date
from newstrace.events.detector import sentence_features, words_before
from newstrace.events.gate import NOT_VIOLENT, SHORT_TEXT, article_features, event_features
from newstrace.events.geo import (
    PRECISION_RANK,
    Place,
    curated_pattern,
    gazetteer,
    unplaceable_pattern,
)
from newstrace.events.lexicon import (
    ThingUsage,
    TriggerMatch,
    actor_words,
    find_triggers,
    gathering_usage,
    generic_subject,
    idioms,
    personal_attacks,
    thing_usage,
    unreal_usage,
    usage_before,
    verbal_kinds,
    verbal_usage,
)
from newstrace.events.models import EventModels, EventSettings, shipped_models
from newstrace.events.records import Count, EventActor, EventMention, Extent, Location
from newstrace.ids import digest
from newstrace.records import Article, Span

MAX_SENTENCE_CHARS = 1500  # longer "sentences" are lists or tables: not read as one event
MAX_SENTENCES = 2000
# Without trained models (lexicon only): labels whose trigger words alone are too vague.
WEAK_LABELS = {"DIPLO", "ATTRIB", "CHANGE_TO_GROUP_ACT", "OTHER", "AGREEMENT", "HQ_ESTABLISHED", "ORG_CRIME"}
_GEO_LABELS = {"GPE", "LOC", "FAC"}


def _trigger_span(doc: Any, trig: TriggerMatch) -> Any:
    """The trigger's tokens in the parse (None without a parse)."""
    if doc is None:
        return None
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _in_date(doc: Any, trig: TriggerMatch) -> bool:
    """A trigger word that is part of a date ("a March 2016 meeting") is no event."""
    span = _trigger_span(doc, trig)
    return span is not None and any(t.ent_type_ in ("DATE", "TIME") for t in span)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    ents: tuple[tuple[int, int, str, str], ...]  # (start, end, label, text), article offsets
    parsed: bool = True
    span: Any = field(default=None, compare=False, repr=False)  # the spaCy sentence


def sentences_of(article: Article, doc: Any) -> list[Sentence]:
    text = article.text
    if doc is not None:
        ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        starts = [e[0] for e in ents]
        out = []
        for s in itertools.islice(doc.sents, MAX_SENTENCES):
            lo, hi = bisect_left(starts, s.start_char), bisect_left(starts, s.end_char)
            out.append(Sentence(s.start_char, s.end_char, tuple(ents[lo:hi]), span=s))
        return out
    # Without a parse (tests, tools): split on sentence punctuation and blank lines.
    out = []
    for m in re.finditer(r"[^\n.!?]+(?:[.!?]+|\n|$)", text):
        if m.group(0).strip():
            out.append(Sentence(m.start(), m.end(), (), parsed=False))
        if len(out) >= MAX_SENTENCES:
            break
    return out


class PlaceHit(NamedTuple):
    place: Place
    start: int
    end: int
    # A country or region name modifying a noun ("US act of terrorism", "Pakistan security
    # forces", "New Jersey police officers", "the Iowa caucuses"):
    # it says whose, not where; a place named otherwise is preferred.
    modifier: bool = False


def _places_in(text: str, sent: Sentence, context: frozenset[str], persons: frozenset[str] = frozenset()) -> list[PlaceHit]:
    """The sentence's places: curated names and the parser's place entities the gazetteer
    knows, but not a name the article gives a person (``persons``, ``_person_keys``)."""
    gaz = gazetteer()
    spans: list[tuple[int, int, str]] = []
    for m in curated_pattern().finditer(text, sent.start, sent.end):
        spans.append((m.start(), m.end(), m.group(0)))
    names = list(sent.ents) if sent.parsed else _capitalised_names(text, sent)
    for s, e, label, etext in names:
        if label in _GEO_LABELS and not any(s < pe and ps < e for ps, pe, _ in spans) and _key(etext) not in persons:
            spans.append((s, e, etext))
    found = []
    for s, e, name in spans:
        # "Syria's Al-Bukamal": the possessive names the country of a smaller place.
        parts = re.split(r"['’]s\s+", name)
        for i, part in enumerate(parts):
            place = gaz.lookup(part, context)
            if place is not None:
                start = s if i == 0 else e - len(parts[-1])
                modifier = place.precision in ("country", "region") and len(parts) == 1 and _is_modifier(sent.span, s, e)
                found.append(PlaceHit(place, start, e, modifier))
    return _in_named_division(text, found, context)


_DIVISION_AFTER = re.compile(r"\s*,\s*")


def _in_named_division(text: str, found: list[PlaceHit], context: frozenset[str]) -> list[PlaceHit]:
    """A town followed by its first-level division ("Selma, Ala.", "Tulsa, Oklahoma") is
    the town of that name in that division."""
    by_start = sorted(found, key=lambda h: h.start)
    out = list(found)
    for h, nxt in zip(by_start, by_start[1:], strict=False):
        division = nxt.place.admin1 if nxt.place.precision == "region" else None
        if h.place.precision != "town" or not division or h.place.admin1 == division:
            continue
        if _DIVISION_AFTER.fullmatch(text, h.end, nxt.start):
            there = gazetteer().lookup(text[h.start : h.end], context, within=division)
            if there is not None and there.admin1 == division:
                out[out.index(h)] = h._replace(place=there)
    return out


def _person_keys(sents: list[Sentence]) -> frozenset[str]:
    """Names the article gives a person, which the parser may elsewhere take for a place
    ("Alicia Machado" ... "attacked Machado"): the last word of a person entity of two or
    more words, and a one-word person name labelled a person more often than a place."""
    persons: Counter[str] = Counter()
    places: Counter[str] = Counter()
    surnames: set[str] = set()
    for sent in sents:
        for _, _, label, etext in sent.ents:
            if label == "PERSON":
                words = etext.split()
                persons[_key(etext)] += 1
                if len(words) > 1:
                    surnames.add(_key(words[-1]))
            elif label in _GEO_LABELS:
                places[_key(etext)] += 1
    return frozenset(surnames | {k for k, n in persons.items() if n > places[k]}) - {""}


def _is_modifier(span: Any, start: int, end: int) -> bool:
    """Is text[start:end] a name modifying a noun after it ("US forces")?"""
    if span is None:
        return False
    words = span.doc.char_span(start, end, alignment_mode="expand")
    if words is None or not len(words):
        return False
    root = words.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i > root.i and root.head.pos_ in ("NOUN", "PROPN")


_CAPITALISED = re.compile(r"(?<![\w-])(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3}")


def _capitalised_names(text: str, sent: Sentence) -> list[tuple[int, int, str, str]]:
    """Without a parse: capitalised word runs as place candidates (the gazetteer decides)."""
    return [(m.start(), m.end(), "GPE", m.group(0)) for m in _CAPITALISED.finditer(text, sent.start, sent.end)]


def _best_place(cands: list[PlaceHit], anchor: int) -> Place | None:
    """The most specific place, a modifying country name last, nearest the trigger."""
    return placing.best(cands, anchor)


def _context_countries(text: str, sents: list[Sentence]) -> frozenset[str]:
    gaz = gazetteer()
    out = set()
    for sent in sents:
        for _, _, label, etext in sent.ents:
            if label == "GPE":
                p = gaz.countries.get(_key(etext)) or gaz.states.get(_key(etext))  # a US state names the US
                if p is not None and p.country:
                    out.add(p.country)
    return frozenset(out)


def _key(name: str) -> str:
    from newstrace.events.geo import place_key

    return place_key(name)


def _choose_label(
    probs: dict[str, float],
    triggers: list[TriggerMatch],
    casualties: Casualties,
    settings: EventSettings,
    doc: Any = None,
    where: Context | None = None,
    things: frozenset[str] = frozenset(),
) -> tuple[str, float]:
    """The sub-type model's label, nudged towards labels the sentence has triggers for
    (the most specific trigger a little more), then held to ACLED's constraints on the
    sentence ``where`` (constraints.py). Confidence: the model's probability of its label."""
    with_trigger = {t.label for t in triggers}
    # Lexicon order is specificity order: "suicide attack" before "attack".
    specific = triggers[0].label if triggers else None
    scores = {
        label: p + (settings.trigger_bonus if label in with_trigger else 0.0) + (settings.specific_bonus if label == specific else 0.0)
        for label, p in probs.items()
    }
    best, best_score = "", -1.0
    for label, score in scores.items():
        if score > best_score:
            best, best_score = label, score
    label = best
    if label in things and label not in with_trigger and with_trigger:
        # The model reads the kind off a word that names a thing here ("Storm Shadow missiles"
        # as a storm): the best kind a usable trigger names instead.
        label = max(with_trigger, key=lambda lb: scores.get(lb, 0.0))
    if triggers and label not in with_trigger and label in settings.yield_labels:
        # The model's label is a background reading no word of the sentence names ("Biden's
        # first military strike" as a change of activity, "a bombing that left 23 dead" as an
        # attribution of responsibility) while the sentence names an explosion: that names it.
        named = [t.label for t in triggers if taxonomy()[t.label]["type"] in settings.yield_to_types]
        if named:
            label = named[0]
    if where is not None and TYPING_CONSTRAINTS:
        # A kind the sentence does not report ("the Orlando shooting" read as a protest from
        # its neighbours) gives way to the next the model ranks that it does report.
        ranked = [label] + sorted((lb for lb in scores if lb != label), key=lambda lb: -scores[lb])
        kind = constrained(ranked, where)
        if kind == NO_EVENT:
            return NO_EVENT, 0.0
        label = kind or label
    # ACLED: violence against armed men (fighters, soldiers, police) is a battle, not
    # violence against civilians.
    if label == "ATTACK" and casualties.fatalities is not None and _ARMED_VICTIMS.search(casualties.fatalities.who):
        label = "ARMED_CLASH"
    # ACLED again: a killing of people who are not armed men ("The couple was later
    # reportedly killed", "which also killed Abu Mahdi al-Muhandis") is violence against
    # civilians when no word of the sentence names other violence, whatever fighting the
    # neighbouring sentences (which the model reads too) report.
    elif (
        CIVILIAN_VICTIMS
        and label not in with_trigger
        and taxonomy()[label]["type"] in ("Battles", "Explosions/Remote violence")
        and _civilian_killing(doc, triggers)
    ):
        label = "ATTACK"
    return label, probs.get(best, 0.0)


CIVILIAN_VICTIMS = True  # the rule above (switched off only to measure what it does)
TYPING_CONSTRAINTS = True  # constraints.py (switched off only to measure what it does)


def _fixed_clause(lo: int, hi: int) -> Callable[[str], tuple[int, int] | None]:
    return lambda _label: (lo, hi)


def typing_context(
    doc: Any,
    text: str,
    sent: Sentence,
    hits: Iterable[TriggerMatch],
    usable: list[TriggerMatch],
    window: tuple[int, int] | None = None,
) -> Context:
    """Where constraints.py reads an event: its sentence, the lexicon labels its words name
    (actor words such as "diplomatic" name none), the same for ``window`` (the sentence and
    the neighbours the sub-type model reads, article offsets) and the clause of the usable
    trigger of a label (its subtree in the parse)."""

    def root(label: str) -> Any:
        for t in usable:
            if t.label == label and (span := _trigger_span(doc, t)) is not None:
                return span.root
        return None

    def clause(label: str) -> tuple[int, int] | None:
        if (r := root(label)) is None:
            return None
        sub = list(r.subtree)
        return sub[0].idx, sub[-1].idx + len(sub[-1].text)

    def subject(label: str) -> str | None:
        r = root(label)
        subjects = [c for c in r.children if c.dep_ == "nsubj"] if r is not None else []
        return subjects[0].ent_type_ or None if subjects else None

    def naming(found: Iterable[TriggerMatch]) -> frozenset[str]:
        return frozenset(t.label for t in found if not actor_words().match(t.text))

    @cache
    def around() -> frozenset[str]:
        return naming(find_triggers(text, *window)) if window is not None else frozenset()

    return Context(text, sent.start, sent.end, naming(hits), window, around, clause, subject)


def _civilian_killing(doc: Any, triggers: list[TriggerMatch]) -> bool:
    """Are the sentence's violent triggers all the lexicon's ATTACK words, one of them a
    killing verb whose object or passive subject is a person's name or a civilian
    (data/events/usage.yaml)?"""
    tax = taxonomy()
    if any(t.label != "ATTACK" and tax[t.label]["type"] not in ("Strategic developments", "Outside ACLED", "Protests") for t in triggers):
        return False
    cfg = load_yaml("usage.yaml")["civilian_victims"]
    for t in triggers:
        span = _trigger_span(doc, t) if t.label == "ATTACK" else None
        if span is None or span.root.lemma_.lower() not in cfg["killing"]:
            continue
        for child in span.root.children:
            if child.dep_ in ("nsubjpass", "dobj") and (child.ent_type_ == "PERSON" or child.lemma_.lower() in cfg["victims"]):
                return True
    return False


_ARMED_VICTIMS = re.compile(
    r"\b(?:fighters|militants|insurgents|rebels|terrorists|soldiers|troops|policemen|police|security (?:forces|personnel)|jihadists|gunmen|attackers)\b",
    re.IGNORECASE,
)


def _is_background(doc: Any, trig: TriggerMatch) -> bool:
    """A participle describing a noun ("a couple kidnapped last month") is background to
    the sentence's event, not the event itself."""
    span = _trigger_span(doc, trig)
    if span is None:
        return False
    root = span.root
    return root.dep_ == "acl" and root.tag_ == "VBN"


def _trigger_for(label: str, triggers: list[TriggerMatch], anchor: int | None) -> TriggerMatch:
    same = [t for t in triggers if t.label == label] or triggers
    if anchor is None:
        return same[0]
    return min(same, key=lambda t: abs(t.start - anchor))




def _lexicon_probs(triggers: list[TriggerMatch]) -> dict[str, float]:
    """Without trained models: the most specific trigger label, at a modest confidence."""
    first = triggers[0].label if triggers else ""
    return {label: (0.5 if label == first else 0.0) for label in taxonomy()}


@dataclass
class _Candidate:
    index: int
    sent: Sentence
    triggers: list[TriggerMatch]  # the ones that may name the event (realis, foreground)
    casualties: Casualties
    dates: list[EventDate]
    places: list[PlaceHit]
    detection: float
    learned_trigger: TriggerMatch | None = None
    all_triggers: tuple[TriggerMatch, ...] = ()


def _usable(doc: Any, text: str, sent: Sentence, triggers: list[TriggerMatch], casualties: Casualties) -> list[TriggerMatch]:
    """Triggers that may name the sentence's event: not a plan or threat ("vowed to
    attack"), not part of an idiom ("stabbed ... in the back", data/events/naming.yaml) nor
    after a generic subject ("when you attack him"), not background ("a couple kidnapped last month" beside a newer event), not a
    generic mention ("several attacks") unless the sentence counts casualties."""
    before = {t: words_before(text, sent.start, t) for t in triggers}
    out = [t for t in triggers if not usage_before("irrealis").search(before[t]) and not generic_subject().search(before[t])]
    spans = [m.span() for m in idioms().finditer(text, sent.start, sent.end)]
    if spans:
        out = [t for t in out if not any(s < t.end and t.start < e for s, e in spans)]
    out = [t for t in out if not _unreal(doc, text, t) and not _names_thing(doc, text, sent, t)]
    if casualties.fatalities is None and casualties.injured is None:
        out = [t for t in out if not _personal_attack(doc, t)]
    verbal, attack_word = verbal_usage()
    if verbal.search(text, sent.start, sent.end):
        out = [t for t in out if not attack_word.match(t.text)]
    out = [t for t in out if not (attack_word.match(t.text) and verbal_kinds().search(before[t]))]
    if len({t.label for t in out}) > 1:
        out = [t for t in out if not _is_background(doc, t)] or out
    if casualties.fatalities is None and casualties.injured is None:
        out = [t for t in out if not usage_before("generic").search(words_before(text, sent.start, t))]
    return out


def _unreal(doc: Any, text: str, t: TriggerMatch) -> bool:
    """Does the parse make this trigger unreal: the object of a verb of threatening, planning
    or preventing ("a video threatening an attack", "marches ... are planned"), a noun a word
    of risk governs through "of" ("the possibility of another attack", "the assassination
    theory") or the predicate of one ("the bigger risk is a clash"), a negated noun ("no
    arrests"), a thing that vanishes ("One big obstacle disappeared"), a word quoted on its
    own? data/events/naming.yaml."""
    span = _trigger_span(doc, t)
    if span is None:
        return False
    verbs, nouns, negators, vanishing = unreal_usage()
    tok = span.root
    head = tok.head
    # ``text`` is the article's (the doc's, whose .text would be rebuilt on every call).
    if text[t.start - 1 : t.start] in _QUOTES and text[t.end : t.end + 2].lstrip(",.")[:1] in _QUOTES:
        return True  # a word mentioned, not used: 'words such as "attack,"'
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in negators for c in tok.children):
        return True
    if tok.pos_ == "VERB" and tok.lemma_.lower() in vanishing:
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and not _is_actor(subjects[0]):
            return True
    if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() in verbs:
        return True
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in verbs:
        return True
    if tok.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lemma_.lower() in nouns for c in head.children):
        return True
    # Up the noun phrase (through "of", "in", a compound) to the first verb: a noun of risk on the way.
    up = tok
    for _ in range(4):
        if up.head is up or up.head.pos_ in ("VERB", "AUX"):
            return False
        up = up.head
        if up.pos_ == "NOUN" and up.lemma_.lower() in nouns:
            return True
    return False


_QUOTES = frozenset("\"“”'‘’")

NAME_RULES = True  # _names_thing: a trigger inside a name (switched off only to measure what it does)
OBJECT_RULES = True  # _names_thing: a trigger naming a thing, not its use (the same)


def _names_thing(doc: Any, text: str, sent: Sentence, t: TriggerMatch) -> bool:
    """Does this trigger name a thing rather than an event: a word inside a name ("the North
    Atlantic Treaty Organization", "Storm Shadow missiles", "the Cuban Missile Crisis"), a word
    modifying a noun of hardware ("missile defence systems", "battle tanks"), a weapon governed
    by a noun of trade or hardware ("the production of shells"), a weapon made, moved, bought or
    held ("factories produce 36,000 shells", "provided with long-range missiles") in a sentence
    with no verb of attack, a "shell" in a sentence with no military word ("sea shells")?
    data/events/naming.yaml (names, objects)."""
    span = _trigger_span(doc, t)
    if span is None:
        return False
    u = thing_usage()
    tok = span.root
    if NAME_RULES and t.text[:1].isupper() and _in_name(span, tok, t, u):
        return True
    if not OBJECT_RULES:
        return False
    if u.ambiguous.match(t.text) and not u.military.search(text, sent.start, sent.end):
        return True
    head = tok.head
    if tok.dep_ in ("compound", "nmod", "amod") and head.i > tok.i and head.lemma_.lower() in u.heads:
        return True  # "missile defence systems", "battle tanks"
    if not u.weapons.match(t.text):
        return False
    first = tok
    while first.dep_ == "conj" and first.head is not first:
        first = first.head  # "missiles and drones": the first conjunct's place in the clause
    gov = first.head
    above = gov.head if first.dep_ == "pobj" and gov.dep_ in ("prep", "agent") else None
    if above is not None and above.pos_ in ("NOUN", "PROPN") and above.lemma_.lower() in u.nouns:
        return True  # "the production of shells", "systems for missiles"
    # A verb of making, moving or holding: unless the sentence uses a weapon ("fired missiles it
    # had bought").
    if any(w.pos_ == "VERB" and w.lemma_.lower() in u.attack for w in tok.sent):
        return False
    if first.dep_ in ("dobj", "nsubjpass") and gov.pos_ == "VERB" and gov.lemma_.lower() in u.verbs:
        return True
    if first.dep_ == "nsubj" and gov.lemma_.lower() in u.subject_verbs:
        return True
    # "provided with missiles", "asked for missiles"
    return (above is not None and above.pos_ == "VERB" and above.lemma_.lower() in u.verbs
            and gov.lower_ in ("with", "for", "of"))


def _in_name(span: Any, tok: Any, t: TriggerMatch, u: ThingUsage) -> bool:
    """Is the trigger part of a name it does not head (a spaCy entity of ``u.name_kinds``)?
    A title before a name ("Hurricane Katrina", "Operation Babylift") is an event's name
    unless the name is a product's ("Storm Shadow")."""
    ent = next((e for e in span.sent.ents if e.start <= tok.i < e.end), None)
    # The trigger must hang on another word of the name ("Missile" on "Crisis"); a trigger the
    # name hangs on heads it ("the Battle of the Bulge", "the Bucha Massacre": spaCy's entity
    # root is not reliable enough, "the Battle of the Bulge in" as a work of art).
    if ent is None or ent.label_ not in u.name_kinds or tok.head is tok or not ent.start <= tok.head.i < ent.end:
        return False
    if ent.label_ in u.products:
        return True
    # A capital opening the sentence says nothing of a name; a title names an event.
    return span.start > span.sent.start and not u.titles.match(t.text)


def _is_actor(tok: Any) -> bool:
    """Can this subject be a person or group: a named entity, a pronoun ("who"), a noun of a
    person or group (arguments.actor_nouns)?"""
    return bool(tok.ent_type_) or tok.pos_ == "PRON" or tok.tag_ in ("WP", "WDT") or tok.lemma_.lower() in actor_nouns()


def _personal_attack(doc: Any, t: TriggerMatch) -> bool:
    """An attack of words on a person: "his attacks on big banks", "Sanders's attacks on her
    willingness" (the caller checks that the sentence counts no casualties). A violent word in
    the sentence ("his murderous attack") or a place as its target ("Mateen's attack on the
    Pulse nightclub") keeps it; the verb ("attacked Clinton") is left to the gate: "gunmen
    attacked the mayor" reads the same. data/events/naming.yaml."""
    word, possessors, violent = personal_attacks()
    span = _trigger_span(doc, t)
    if span is None or not word.match(t.text) or span.root.pos_ != "NOUN":
        return False
    tok = span.root
    if any(w.lower_ in violent for w in tok.sent):
        return False
    if any(w.ent_type_ in _GEO_LABELS for c in tok.children if c.dep_ == "prep" for w in c.subtree):
        return False
    return any(c.dep_ == "poss" and (c.ent_type_ == "PERSON" or c.lower_ in possessors) for c in tok.children)


def _mere_gathering(text: str, sent: Sentence, t: TriggerMatch) -> bool:
    """A rally whose sentence says nothing of what it is for or against (a campaign rally, a
    market rally): no protest (data/events/naming.yaml)."""
    word, cues = gathering_usage()
    return bool(word.match(t.text)) and not cues.search(text, sent.start, sent.end)


def _names_no_event(text: str, sent: Sentence, t: TriggerMatch, settings: EventSettings) -> bool:
    """A trigger word that names no event here, by the naming rules the settings switch on:
    a mere gathering, or an actor word ("ambassador")."""
    return (settings.gatherings and _mere_gathering(text, sent, t)) or (
        settings.actor_words and bool(actor_words().match(t.text))
    )


def _anchors(casualties: Casualties, dates: list[EventDate], places: list[PlaceHit]) -> list[str]:
    out = []
    if casualties.fatalities is not None:
        out.append("fatalities")
    if casualties.injured is not None:
        out.append("injured")
    if casualties.attacker_fatalities is not None:
        out.append("attackers")
    if any(d.precision == "day" or (d.partial and len(d.partial) > 4) for d in dates):
        out.append("day")
    elif dates:
        out.append("date")
    if places:
        out.append("place:" + min((p[0].precision for p in places), key=PRECISION_RANK.__getitem__))
    return out


@cache
def event_lemmas() -> dict[str, frozenset[str]]:
    """"noun" / "verb" -> the lemmas that can name an event (data/events/event_lemmas.tsv:
    the first WordNet sense is an act or event; a verb of harm, change,
    contact, motion, competition ..., not of saying, thinking or being)."""
    out: dict[str, set[str]] = {"noun": set(), "verb": set()}
    for line in (DATA_DIR / "event_lemmas.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lemma, pos = line.split("\t")[:2]
            out[pos].add(lemma)
    return {pos: frozenset(lemmas) for pos, lemmas in out.items()}


_POS = {"VERB": "verb", "NOUN": "noun"}


def _learned_trigger(models: EventModels, span: Any, text: str, sent: Sentence, any_word: bool = False) -> TriggerMatch | None:
    """No lexicon word: of the sentence's words that can name an event (a verb of action or
    a noun of an act or event, ``event_lemmas``: "capturing", "advances", not "government",
    "areas", "forces" or "fighters"), the one the detector weighs most as evidence of an
    event stands for the trigger. None when no such word has a positive weight."""
    lemmas = event_lemmas()
    any_word = any_word or models.settings.learned_words == "any"  # the rule before event_lemmas (measured only)
    best: tuple[float, int, int] | None = None
    if span is not None:
        # Names and dates are never a trigger ("Lynch said", "on Thursday").
        words = [
            (t.lemma_.lower(), t.idx, t.idx + len(t.text))
            for t in span
            if t.is_alpha and not t.is_stop and t.pos_ in _POS and not t.ent_type_
            and (any_word or t.lemma_.lower() in lemmas[_POS[t.pos_]])
        ]
    else:
        words = [(m.group(0).lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text[sent.start : sent.end])]
        words = [
            (w, s + sent.start, e + sent.start) for w, s, e in words if any_word or w in lemmas["noun"] or w in lemmas["verb"]
        ]
    for lemma, s, e in words:
        w = models.detector.weight("w:" + lemma)
        if w > 0 and (best is None or w > best[0]):
            best = (w, s, e)
    if best is None:
        return None
    return TriggerMatch("", best[1], best[2], text[best[1] : best[2]])


def window_text(text: str, sents: list[Sentence], i: int, width: int) -> str:
    """Sentence ``i`` with ``width`` neighbours on each side: what the sub-type model reads."""
    lo, hi = max(0, i - width), min(len(sents), i + width + 1)
    return " ".join(text[s.start : s.end].strip() for s in sents[lo:hi])


def _window_counts(counts: list[Counter[str]], i: int, width: int) -> dict[str, int]:
    """The lexicon label counts of the sentences window_text joins."""
    out: Counter[str] = Counter()
    for c in counts[max(0, i - width) : i + width + 1]:
        out.update(c)
    return dict(out)


def _in_article_context(rows: list[dict[str, float]], weights: list[float], pull: float) -> list[dict[str, float]]:
    """Each sentence's label probabilities pulled towards those of the article's other
    events (weighted by how surely each is an event)."""
    if pull <= 0 or len(rows) < 2:
        return rows
    total = sum(weights)
    out = []
    for row, w in zip(rows, weights, strict=True):
        rest = total - w
        if rest <= 0:
            out.append(row)
            continue
        others = {k: sum(r[k] * wr for r, wr in zip(rows, weights, strict=True)) - row[k] * w for k in row}
        out.append({k: (1 - pull) * v + pull * others[k] / rest for k, v in row.items()})
    return out


@dataclass
class ScannedSentence:
    """One sentence as the detector sees it."""

    index: int
    sent: Sentence
    span: Any  # the spaCy sentence (None without a parse)
    triggers: list[TriggerMatch]  # every lexicon hit outside dates
    usable: list[TriggerMatch]  # the ones that may name the event (realis, foreground)
    casualties: Casualties
    dates: list[EventDate]
    places: list[PlaceHit]
    features: list[str]
    anchored: bool = True  # False: the gate ruled it out before its anchors were sought


def scan_sentences(
    article: Article, doc: Any, gate: Callable[[list[str]], bool] | None = None
) -> tuple[list[Sentence], list[ScannedSentence], list[Counter[str]]]:
    """The article's sentences, the detector's view of each one short enough to read
    (training.py builds its examples with this same function) and the lexicon labels
    each sentence's words have (every hit, for the sub-type model's counts).

    ``gate``: given a sentence's features without its anchors, may it still be an event?
    When not, its casualty, date and place patterns are not run (they can only add their
    anchor features) and it is marked ``anchored=False``."""
    text = article.text
    sents = sentences_of(article, doc)
    spans = [s.span for s in sents]
    context = _context_countries(text, sents)
    persons = _person_keys(sents)
    triggers_of: list[list[TriggerMatch]] = []
    counts: list[Counter[str]] = []
    for sent in sents:
        if sent.end - sent.start > MAX_SENTENCE_CHARS:
            triggers_of.append([])
            counts.append(Counter())
            continue
        found = find_triggers(text, sent.start, sent.end)
        counts.append(Counter(t.label for t in found))
        triggers_of.append([t for t in found if not _in_date(doc, t)])
    out = []
    for i, sent in enumerate(sents):
        if sent.end - sent.start > MAX_SENTENCE_CHARS:
            continue
        triggers = triggers_of[i]
        neighbours = [name for name, j in (("prev", i - 1), ("next", i + 1)) if 0 <= j < len(sents) and triggers_of[j]]
        feats = sentence_features(
            spans[i], text, sent.start, sent.end, triggers, [_trigger_span(doc, t) for t in triggers], (), neighbours,
            [e[2] for e in sent.ents],
        )
        if gate is not None and not gate(feats):
            out.append(ScannedSentence(i, sent, spans[i], triggers, [], Casualties(), [], [], feats, anchored=False))
            continue
        chunk = text[sent.start : sent.end]
        casualties = extract_casualties(chunk, sent.start)
        dates = find_dates(chunk, sent.start, article.published, article.published_precision, article.published_partial)
        places = _places_in(text, sent, context, persons)
        feats = sorted(set(feats).union(f"a:{a}" for a in _anchors(casualties, dates, places)))
        usable = _usable(doc, text, sent, triggers, casualties)
        out.append(ScannedSentence(i, sent, spans[i], triggers, usable, casualties, dates, places, feats))
    return sents, out, counts


def find_candidates(
    article: Article, doc: Any, models: EventModels | None
) -> tuple[list[Sentence], list[_Candidate], list[Counter[str]]]:
    """The article's sentences, those that report an event and each sentence's lexicon
    label counts."""
    gate = None
    if models is not None:
        floor = min(models.settings.threshold, models.settings.learned_threshold)
        gate = partial(models.detector.may_reach, floor)
    sents, scanned, counts = scan_sentences(article, doc, gate)
    out = []
    for s in scanned:
        c = s.casualties
        if models is None:
            # Lexicon only: a usable trigger and an anchor; vague labels need a figure or date.
            has_anchor = bool(c.fatalities or c.injured or c.attacker_fatalities or s.dates or s.places)
            usable = [t for t in s.usable if not _names_no_event(article.text, s.sent, t, EventSettings())]
            vague = all(t.label in WEAK_LABELS for t in usable) and not (c.fatalities or c.injured or s.dates)
            if usable and has_anchor and not vague:
                out.append(_Candidate(s.index, s.sent, usable, c, s.dates, s.places, 0.5))
            continue
        if not s.anchored:
            continue
        p = models.detector.score(s.features)
        if p < models.settings.threshold:
            continue
        usable = [t for t in s.usable if not _names_no_event(article.text, s.sent, t, models.settings)]
        cand = _Candidate(s.index, s.sent, usable, c, s.dates, s.places, p, all_triggers=tuple(s.triggers))
        if not usable:
            # Lexicon words that are all plans, threats, generic or verbal: no event, however
            # sure the detector is ("The army plans to launch an offensive": 0.9 and more).
            # Only a sentence without any lexicon word may rest on the detector's own evidence.
            if s.triggers or p < models.settings.learned_threshold:
                continue
            cand.learned_trigger = _learned_trigger(models, s.span, article.text, s.sent)
            if cand.learned_trigger is None and p >= models.settings.learned_any_from:
                cand.learned_trigger = _learned_trigger(models, s.span, article.text, s.sent, any_word=True)
            if cand.learned_trigger is None:
                continue
        out.append(cand)
    return sents, out, counts


# Words that report what an event did (its dead, its victims) rather than a second event.
_CONSEQUENCE = re.compile(r"^(?:kill\w*|shot|shoot\w*|attack\w*|dead|wound\w*|injur\w*|fighting|fought|operations?|raids?)$", re.I)
SECONDARY_FACTOR = 0.8  # a second event in a sentence is less sure than its main one


def _secondary(
    doc: Any, text: str, c: _Candidate, main_label: str, main_trigger: TriggerMatch, settings: EventSettings | None = None
) -> list[tuple[TriggerMatch, int, int]]:
    """Other events a sentence reports beside its main one, of another ACLED type: "a
    security operation ... to recover a couple kidnapped last month", "retaliation for the
    US assassination of Soleimani". Each with the character range of its clause (the
    trigger's subtree), where its own place and date are looked for."""
    if doc is None:
        return []
    tax = taxonomy()
    settings = settings or EventSettings()
    main_type = tax[main_label]["type"]
    out: list[tuple[TriggerMatch, int, int]] = []
    seen = {main_label}
    for t in c.all_triggers:
        if t.label in seen or t.label in WEAK_LABELS or tax[t.label]["type"] in (main_type, "Strategic developments", "Outside ACLED"):
            continue
        if t.start < main_trigger.end and main_trigger.start < t.end or _CONSEQUENCE.match(t.text):
            continue
        before = words_before(text, c.sent.start, t)
        if usage_before("irrealis").search(before) or usage_before("generic").search(before):
            continue
        if _names_no_event(text, c.sent, t, settings) or _unreal(doc, text, t) or _names_thing(doc, text, c.sent, t):
            continue
        span = _trigger_span(doc, t)
        if span is None:
            continue
        sub = list(span.root.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if TYPING_CONSTRAINTS:
            # ACLED's constraints on its kind, read in its own clause ("a clash between
            # protesters and police" is a violent demonstration); none that holds: no event.
            where = typing_context(doc, text, c.sent, c.all_triggers, c.triggers)
            where.clause = _fixed_clause(lo, hi)
            kind = allowed(t.label, where)
            if not kind or kind in seen or tax[kind]["type"] in (main_type, "Strategic developments", "Outside ACLED"):
                continue
            t = TriggerMatch(kind, t.start, t.end, t.text)
        seen.add(t.label)
        out.append((t, lo, hi))
    return out


ARGUMENTS_FROM_PARSE = True  # switch: empty actor roles filled from the trigger's parse


def extract_events(
    article: Article,
    doc: Any,
    entity_mentions: Iterable[tuple[int, int, str, str]] | None = None,
    entity_at: Callable[[int, int], str | None] | None = None,
    models: EventModels | None = None,
) -> list[EventMention]:
    """The article's event mentions. ``models``: the detector, sub-type model and precision
    gate to use (default: the package's; evaluations pass models trained on their folds)."""
    models = models if models is not None else shipped_models()
    found = ungated_events(article, doc, entity_mentions, entity_at, models)
    events = [e for e, feats in found if models is None or kept(models, e, feats)]
    if ARGUMENTS_FROM_PARSE and doc is not None:
        # After the gate, which was trained on the alias and entity actors alone.
        for e in events:
            add_arguments(e, doc, entity_at)
    return events


def kept(models: EventModels, event: EventMention, gate_features: list[str]) -> bool:
    """Does an event the stage found pass the precision gate and the confidence floor?
    Sets the event's ``gate_score`` (the gate's probability) when the gate scores it."""
    if event.confidence < models.settings.min_confidence:
        return False
    if models.gate is None:
        return True
    need = gate_threshold(models.settings, event.type)
    if SHORT_TEXT in gate_features:
        need = max(need, models.settings.gate_threshold_short)
    score = models.gate.score(gate_features)
    # Rounded as the confidence is; the thresholds have two decimals, so a kept event's
    # rounded score is still at least its threshold.
    event.gate_score = round(score, 4)
    return score >= need


def gate_threshold(settings: EventSettings, event_type: str) -> float:
    """The gate threshold for an event of this ACLED type: protests, strategic developments
    and events outside ACLED have their own (``gate_threshold_non_violent``), and so do
    battles (``gate_threshold_battles``) and violence against civilians
    (``gate_threshold_civilians``)."""
    if event_type in NOT_VIOLENT:
        return settings.gate_threshold_non_violent
    if event_type == "Violence against civilians":
        return settings.gate_threshold_civilians
    return settings.gate_threshold_battles if event_type == "Battles" else settings.gate_threshold


def ungated_events(
    article: Article,
    doc: Any,
    entity_mentions: Iterable[tuple[int, int, str, str]] | None,
    entity_at: Callable[[int, int], str | None] | None,
    models: EventModels | None,
) -> list[tuple[EventMention, list[str]]]:
    """Every event the detector and sub-type model find, before the precision gate, with
    the gate's features of each (gate.py; training.fit_gate learns from these)."""
    settings = models.settings if models is not None else EventSettings()
    text = article.text
    sents, candidates, label_counts = find_candidates(article, doc, models)
    if not candidates:
        return []
    ents: list[tuple[int, int, str, str]] = (
        list(entity_mentions) if entity_mentions is not None else [e for s in sents for e in s.ents]
    )
    context = _context_countries(text, sents)
    persons = _person_keys(sents)
    prob_rows: list[dict[str, float]]
    if models is not None:
        windows = [window_text(text, sents, c.index, settings.window) for c in candidates]
        window_counts = [_window_counts(label_counts, c.index, settings.window) for c in candidates]
        matrix = models.typer.predict_proba(windows, window_counts)
        prob_rows = [dict(zip(models.typer.labels, map(float, row), strict=True)) for row in matrix]
        prob_rows = _in_article_context(prob_rows, [c.detection for c in candidates], settings.article_weight)
    else:
        prob_rows = [_lexicon_probs(c.triggers) for c in candidates]
    events: list[EventMention] = []
    spans: list[tuple[Any, tuple[TriggerMatch, ...]]] = []  # each event's spaCy sentence and lexicon hits
    previous: tuple[int, Place] | None = None  # the last event's sentence and place
    article_places = placing.ArticlePlaces(
        text, sents, lambda j: _places_in(text, sents[j], context, persons), doc, article.dateline.place if article.dateline else None, context,
        persons,
    )
    for c, probs in zip(candidates, prob_rows, strict=True):
        sent, casualties = c.sent, c.casualties
        lo, hi = max(0, c.index - settings.window), min(len(sents), c.index + settings.window + 1) - 1
        where = typing_context(doc, text, sent, c.all_triggers or c.triggers, c.triggers, (sents[lo].start, sents[hi].end))
        things = frozenset(t.label for t in c.all_triggers if t not in c.triggers and _names_thing(doc, text, sent, t))
        label, label_confidence = _choose_label(probs, c.triggers, casualties, settings, doc, where, things)
        if label == NO_EVENT:
            continue
        anchor = casualties.fatalities.start if casualties.fatalities else None
        trig = _trigger_for(label, c.triggers, anchor) if c.triggers else c.learned_trigger
        assert trig is not None  # find_candidates keeps no candidate without a trigger
        if unplaceable_pattern().search(text, sent.start, sent.end):
            place = _best_place(c.places, trig.start)  # no place from elsewhere
        else:
            place = placing.event_place(article_places, c.index, c.places, trig.start, previous)
        if place is not None:
            previous = (c.index, place)
        sent_ents = [e for e in ents if sent.start <= e[0] < sent.end]
        chunk = text[sent.start : sent.end]
        actors = assign_roles(chunk, sent.start, trig.start, trig.end, sent_ents, entity_at)
        events.append(
            _mention(article, c, label, c.detection * label_confidence, trig, place, nearest_date(c.dates, trig.start), casualties, actors)
        )
        spans.append((c.sent.span, c.all_triggers))
        # The sentence's dead belong to a violent second event when the main one is not
        # violence ("claimed responsibility for the attack that killed 70").
        main_violent = taxonomy()[label]["type"] not in ("Strategic developments", "Outside ACLED")
        for t, lo, hi in _secondary(doc, text, c, label, trig, settings):
            # Its own clause gives its date, and its place when it names one.
            clause_place = _best_place([p for p in c.places if lo <= p[1] < hi], t.start)
            own_place = clause_place or place
            own_date = nearest_date([d for d in c.dates if lo <= d.start < hi], t.start)
            own_actors = assign_roles(chunk, sent.start, t.start, t.end, sent_ents, entity_at)
            confidence = c.detection * label_confidence * SECONDARY_FACTOR  # below the main event's
            own_casualties = Casualties() if main_violent else casualties
            events.append(_mention(article, c, t.label, confidence, t, own_place, own_date, own_casualties, own_actors))
            spans.append((c.sent.span, c.all_triggers))
    whole = article_features(label_counts, len(candidates))
    return [(e, event_features(e, text, span, whole, hits)) for e, (span, hits) in zip(events, spans, strict=True)]


def _mention(
    article: Article,
    c: _Candidate,
    label: str,
    confidence: float,
    trig: TriggerMatch,
    place: Place | None,
    when: EventDate | None,
    casualties: Casualties,
    actors: list[Any],
) -> EventMention:
    tax = taxonomy()
    return EventMention(
        id="ev_" + digest(article.id, c.sent.start, trig.start, label),
        article_id=article.id,
        label=label,
        type=tax[label]["type"],
        subtype=tax[label]["subtype"],
        confidence=round(confidence, 4),
        trigger=Span(trig.text, trig.start, trig.end),
        sentence=Extent(c.sent.start, c.sent.end),
        date=when.date if when else None,
        date_precision=when.precision if when and when.date else None,
        date_partial=when.partial if when else None,
        date_text=when.text if when else None,
        location=Location(place.name, place.country, place.admin1, place.lat, place.lon, place.precision) if place else None,
        actors=[EventActor(a.text, a.entity_id, a.role) for a in actors],
        fatalities=Count(casualties.fatalities.value, casualties.fatalities.text) if casualties.fatalities else None,
        injured=Count(casualties.injured.value, casualties.injured.text) if casualties.injured else None,
        attacker_fatalities=(
            Count(casualties.attacker_fatalities.value, casualties.attacker_fatalities.text)
            if casualties.attacker_fatalities
            else None
        ),
    )
