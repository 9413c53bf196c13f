"""Finding event mentions in one article: candidate sentences (trigger lexicon + an anchor
such as a casualty figure, a date or a place), their sub-type (the shipped classifier,
nudged towards labels whose triggers the sentence contains), then actors, place, date and
casualties. Pure: no store access, bounded work per sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from newstrace.events.actors import assign_roles
from newstrace.events.casualties import Casualties, extract_casualties
from newstrace.events.classifier import shipped_model
from newstrace.events.data import taxonomy
from newstrace.events.dates import EventDate, find_dates, nearest_date
from newstrace.events.geo import PRECISION_RANK, Place, curated_pattern, gazetteer
from newstrace.events.lexicon import TriggerMatch, find_triggers
from newstrace.events.records import Count, EventActor, EventMention, Location
from newstrace.ids import digest
from newstrace.records import Article, Span

MAX_SENTENCE_CHARS = 1500  # longer "sentences" are lists or tables: not read as one event
MAX_SENTENCES = 2000
CONTEXT_SENTENCES = 3  # a place named this many sentences back still counts
TRIGGER_BONUS = 0.15
SPECIFIC_BONUS = 0.1
MIN_CONFIDENCE = 0.25  # below this, a sentence without casualty figures is not reported
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
# Labels whose trigger words alone are too vague to report an event without a figure/date.
WEAK_LABELS = {"DIPLO", "ATTRIB", "CHANGE_TO_GROUP_ACT", "OTHER", "AGREEMENT", "HQ_ESTABLISHED", "ORG_CRIME"}
_IRREALIS = re.compile(
    r"\b(?:will|would|could|might|to|plans?|planning|threaten(?:s|ed)?|vow(?:s|ed)?|seek(?:s|ing)?|if|unless|prevent|risk)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "all of its attacks", "a surge in terror attacks", "several attacks": a generic mention of
# many events, not a report of one (kept only when the sentence gives a casualty figure).
_GENERIC = re.compile(
    r"\b(?:several|many|numerous|all|any|such|series of|surge in|wave of|spate of|repeated|frequent|recent|its|their|future)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
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


def sentences_of(article: Article, doc: Any) -> list[Sentence]:
    text = article.text
    if doc is not None:
        ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        out = []
        for s in list(doc.sents)[:MAX_SENTENCES]:
            out.append(Sentence(s.start_char, s.end_char, tuple(e for e in ents if s.start_char <= e[0] < s.end_char)))
        return out
    # Without a parse (tests, tools): split on sentence punctuation and blank lines.
    out = []
    for m in re.finditer(r"[^\n.!?]+(?:[.!?]+|\n|$)", text):
        if m.group(0).strip():
            out.append(Sentence(m.start(), m.end(), (), parsed=False))
        if len(out) >= MAX_SENTENCES:
            break
    return out


def _places_in(text: str, sent: Sentence, context: frozenset[str]) -> list[tuple[Place, int, int]]:
    gaz = gazetteer()
    spans: list[tuple[int, int, str]] = []
    for m in curated_pattern().finditer(text, sent.start, sent.end):
        spans.append((m.start(), m.end(), m.group(0)))
    names = list(sent.ents) if sent.parsed else _capitalised_names(text, sent)
    for s, e, label, etext in names:
        if label in _GEO_LABELS and not any(s < pe and ps < e for ps, pe, _ in spans):
            spans.append((s, e, etext))
    found = []
    for s, e, name in spans:
        # "Syria's Al-Bukamal": the possessive names the country of a smaller place.
        parts = re.split(r"['’]s\s+", name)
        for i, part in enumerate(parts):
            place = gaz.lookup(part, context)
            if place is not None:
                found.append((place, s if i == 0 else e - len(parts[-1]), e))
    return found


_CAPITALISED = re.compile(r"(?<![\w-])(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3}")


def _capitalised_names(text: str, sent: Sentence) -> list[tuple[int, int, str, str]]:
    """Without a parse: capitalised word runs as place candidates (the gazetteer decides)."""
    return [(m.start(), m.end(), "GPE", m.group(0)) for m in _CAPITALISED.finditer(text, sent.start, sent.end)]


def _best_place(cands: list[tuple[Place, int, int]], anchor: int) -> Place | None:
    if not cands:
        return None
    return min(cands, key=lambda c: (PRECISION_RANK[c[0].precision], abs(c[1] - anchor)))[0]


def _context_countries(text: str, sents: list[Sentence]) -> frozenset[str]:
    gaz = gazetteer()
    out = set()
    for sent in sents:
        for _, _, label, etext in sent.ents:
            if label == "GPE":
                p = gaz.countries.get(_key(etext))
                if p is not None and p.country:
                    out.add(p.country)
    return frozenset(out)


def _key(name: str) -> str:
    from newstrace.events.geo import place_key

    return place_key(name)


def _choose_label(
    probs: dict[str, float], triggers: list[TriggerMatch], casualties: Casualties
) -> tuple[str, float]:
    """The classifier's label, nudged towards labels the sentence has triggers for. With a
    casualty figure and a violent trigger, only violent labels with a trigger compete:
    ACLED codes the attack, not the claim of responsibility or the condemnation."""
    tax = taxonomy()
    with_trigger = {t.label for t in triggers}
    has_figure = casualties.fatalities is not None or casualties.injured is not None
    violent = {label for label in with_trigger if tax[label]["type"] in VIOLENT_TYPES}
    allowed = violent if has_figure and violent else set(probs)
    best, best_score = "", -1.0
    # Lexicon order is specificity order: "suicide attack" before "attack".
    specific = next((t.label for t in triggers if t.label in allowed), None)
    for label, p in probs.items():
        if label not in allowed:
            continue
        score = p + (TRIGGER_BONUS if label in with_trigger else 0.0) + (SPECIFIC_BONUS if label == specific else 0.0)
        if score > best_score:
            best, best_score = label, score
    label = best
    # ACLED: violence against armed men (fighters, soldiers, police) is a battle, not
    # violence against civilians.
    if label == "ATTACK" and casualties.fatalities is not None and _ARMED_VICTIMS.search(casualties.fatalities.who):
        label = "ARMED_CLASH"
    # Confidence: the classifier's probability of the label given the labels the rules let
    # compete (all of them unless a casualty figure narrowed the choice to violent ones).
    mass = sum(probs.get(c, 0.0) for c in allowed)
    return label, probs.get(best, 0.0) / mass if mass > 0 else 0.0


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


def _passage_place(text: str, sents: list[Sentence], i: int, context: frozenset[str]) -> Place | None:
    """No place in the event sentence: the place the preceding sentences name most often
    (ties: the nearest), as in "... in Gaza. ... in the besieged enclave"."""
    counts: dict[str, list[Any]] = {}
    for back in range(i - 1, max(-1, i - 1 - CONTEXT_SENTENCES), -1):
        for place, start, _ in _places_in(text, sents[back], context):
            entry = counts.setdefault(place.name, [place, 0, start])
            entry[1] += 1
            entry[2] = max(entry[2], start)
    if not counts:
        return None
    return max(counts.values(), key=lambda e: (e[1], -PRECISION_RANK[e[0].precision], e[2]))[0]


def _trigger_for(label: str, triggers: list[TriggerMatch], anchor: int | None) -> TriggerMatch:
    same = [t for t in triggers if t.label == label] or triggers
    if anchor is None:
        return same[0]
    return min(same, key=lambda t: abs(t.start - anchor))


def _lexicon_probs(triggers: list[TriggerMatch]) -> dict[str, float]:
    """Without a trained model: the most specific trigger label, at a modest confidence."""
    labels = list(taxonomy())
    first = triggers[0].label
    return {label: (0.5 if label == first else 0.0) for label in labels}


def extract_events(
    article: Article,
    doc: Any,
    entity_mentions: Iterable[tuple[int, int, str, str]] | None = None,
    entity_at: Callable[[int, int], str | None] | None = None,
) -> list[EventMention]:
    text = article.text
    sents = sentences_of(article, doc)
    ents: list[tuple[int, int, str, str]] = (
        list(entity_mentions) if entity_mentions is not None else [e for s in sents for e in s.ents]
    )
    context = _context_countries(text, sents)
    candidates = []
    for i, sent in enumerate(sents):
        if sent.end - sent.start > MAX_SENTENCE_CHARS:
            continue
        triggers = [
            t
            for t in find_triggers(text, sent.start, sent.end)
            if not _IRREALIS.search(text[max(sent.start, t.start - 40) : t.start])
            and not _in_date(doc, t)
        ]
        if len({t.label for t in triggers}) > 1:
            triggers = [t for t in triggers if not _is_background(doc, t)] or triggers
        if not triggers:
            continue
        chunk = text[sent.start : sent.end]
        casualties = extract_casualties(chunk, sent.start)
        if casualties.fatalities is None and casualties.injured is None:
            triggers = [t for t in triggers if not _GENERIC.search(text[max(sent.start, t.start - 40) : t.start])]
            if not triggers:
                continue
        dates = find_dates(chunk, sent.start, article.published, article.published_precision, article.published_partial)
        places = _places_in(text, sent, context)
        has_anchor = bool(casualties.fatalities or casualties.injured or casualties.attacker_fatalities or dates or places)
        if not has_anchor:
            continue
        if all(t.label in WEAK_LABELS for t in triggers) and not (casualties.fatalities or casualties.injured or dates):
            continue
        candidates.append((i, sent, chunk, triggers, casualties, dates, places))
    if not candidates:
        return []
    model = shipped_model()
    prob_rows: list[dict[str, float]]
    if model is not None:
        matrix = model.predict_proba([c[2] for c in candidates])
        prob_rows = [dict(zip(model.labels, map(float, row), strict=True)) for row in matrix]
    else:
        prob_rows = [_lexicon_probs(c[3]) for c in candidates]
    tax = taxonomy()
    events = []
    for (i, sent, chunk, triggers, casualties, dates, places), probs in zip(candidates, prob_rows, strict=True):
        label, confidence = _choose_label(probs, triggers, casualties)
        anchor = casualties.fatalities.start if casualties.fatalities else None
        trig = _trigger_for(label, triggers, anchor)
        place = _best_place(places, trig.start)
        if place is None:
            place = _passage_place(text, sents, i, context)
        if confidence < MIN_CONFIDENCE and casualties.fatalities is None and casualties.injured is None:
            continue
        when: EventDate | None = nearest_date(dates, trig.start)
        actors = assign_roles(chunk, sent.start, trig.start, trig.end, [e for e in ents if sent.start <= e[0] < sent.end], entity_at)
        events.append(
            EventMention(
                id="ev_" + digest(article.id, sent.start, trig.start, label),
                article_id=article.id,
                label=label,
                type=tax[label]["type"],
                subtype=tax[label]["subtype"],
                confidence=round(confidence, 4),
                trigger=Span(trig.text, trig.start, trig.end),
                sentence=(sent.start, sent.end),
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
        )
    return events
