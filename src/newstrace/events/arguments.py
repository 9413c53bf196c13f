"""Who did it and to whom, read off the dependency parse around an event's trigger.

The alias list and named entities (``actors.py``) find the groups a text names; they miss
the actors most conflict reports give as plain nouns or personal names ("guerrillas
attacked the farm", "unidentified individuals killed luis carlos galan", "a peasant was
killed by the rebels"). Here the trigger's grammatical roles decide: the subject of an
active trigger verb or the "by" agent of a passive one did it (agent); its object, the
subject of a passive, or what follows "attack on" was acted on (patient). A phrase counts
only when its head can name an actor: a person or group noun (WordNet first sense,
``data/events/actor_nouns.tsv``), a person, group or organisation entity, or any noun
after a verb of harm ("killed galan").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from newstrace.events.data import DATA_DIR, load_yaml
from newstrace.events.records import EventActor, EventMention

_NAME_ENTS = frozenset({"PERSON", "NORP", "ORG"})
_SUBJECTS = ("nsubj",)
_PASSIVE_SUBJECTS = ("nsubjpass",)
_OBJECTS = ("dobj",)
_MODIFIER_DEPS = frozenset({"det", "predet", "punct"})


@dataclass(frozen=True, slots=True)
class Argument:
    text: str
    start: int  # character offsets in the article text
    end: int
    role: str  # "agent" | "patient"


@cache
def actor_nouns() -> frozenset[str]:
    lines = (DATA_DIR / "actor_nouns.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


@cache
def _lists() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in load_yaml("arguments.yaml").items()}


def event_arguments(doc: Any, start: int, end: int) -> list[Argument]:
    """Agents and patients of the event whose trigger is at [start, end) of the doc's text."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    t = span.root
    lists = _lists()
    found: list[tuple[Any, str, bool]] = []  # (head token, role, after a verb of harm)
    if t.pos_ == "VERB":
        found += _verb_roles(t, lists)
    else:
        found += _noun_roles(t, lists)
    # "attacked the farm, killing a peasant": a verb of harm hanging below the trigger.
    for child in t.children:
        if child.dep_ in ("advcl", "conj", "xcomp") and child.pos_ == "VERB" and child.lemma_.lower() in lists["harm_verbs"]:
            found += [(h, "patient", True) for h in _kids(child, _OBJECTS + _PASSIVE_SUBJECTS)]
    out: list[Argument] = []
    seen: set[int] = set()
    for head, role, harmed in found:
        for h in (head, *_conjuncts(head)):
            if h.i in seen or not _can_be_actor(h, harmed):
                continue
            seen.add(h.i)
            lo, hi = _phrase(h, lists)
            # The phrase's own tokens: doc.text would join the whole document on every call.
            phrase = doc.char_span(lo, hi, alignment_mode="expand")
            out.append(Argument(phrase.text if phrase is not None else "", lo, hi, role))
    return out


def _verb_roles(t: Any, lists: dict[str, frozenset[str]]) -> list[tuple[Any, str, bool]]:
    harm = t.lemma_.lower() in lists["harm_verbs"]
    out: list[tuple[Any, str, bool]] = []
    subjects = _kids(t, _SUBJECTS)
    if not subjects and t.dep_ in ("conj", "xcomp") and t.head.pos_ in ("VERB", "AUX"):
        subjects = _kids(t.head, _SUBJECTS)  # "guerrillas attacked the farm and burned it"
    if t.dep_ == "relcl" and any(k.dep_ == "nsubj" and k.tag_ in ("WP", "WDT") for k in t.children):
        subjects = [t.head]  # "the guerrillas who attacked the farm"
    out += [(s, "agent", False) for s in subjects]
    out += [(o, "patient", harm) for o in _kids(t, _OBJECTS + _PASSIVE_SUBJECTS)]
    if t.dep_ == "acl" and t.tag_ == "VBN":
        out.append((t.head, "patient", harm))  # "a peasant killed by the rebels"
    for agent in _kids(t, ("agent",)):
        out += [(p, "agent", False) for p in _kids(agent, ("pobj",))]
    return out


def _noun_roles(t: Any, lists: dict[str, frozenset[str]]) -> list[tuple[Any, str, bool]]:
    out: list[tuple[Any, str, bool]] = []
    for prep in t.children:
        if prep.dep_ != "prep":
            continue
        word = prep.lower_
        role = "patient" if word in lists["target_preps"] else "agent" if word in lists["agent_preps"] else None
        if role is not None:
            out += [(p, role, False) for p in _kids(prep, ("pobj",))]
    owner = "patient" if t.lemma_.lower() in lists["patient_nouns"] else "agent"
    out += [(p, owner, owner == "patient") for p in _kids(t, ("poss",))]
    head = t.head
    if t.dep_ == "dobj" and head.lemma_.lower() in lists["doing_verbs"]:
        out += [(s, "agent", False) for s in _kids(head, _SUBJECTS)]
    if t.dep_ == "nsubj" and head.lemma_.lower() in lists["result_verbs"]:
        out += [(o, "patient", True) for o in _kids(head, _OBJECTS)]
    # "a bombing that left 23 security forces dead", "an attack killing five people"
    for rel in _kids(t, ("relcl", "acl")):
        if rel.lemma_.lower() in lists["result_verbs"]:
            out += [(o, "patient", True) for o in _kids(rel, _OBJECTS)]
    return out


def _kids(t: Any, deps: tuple[str, ...]) -> list[Any]:
    return [c for c in t.children if c.dep_ in deps]


def _conjuncts(h: Any) -> list[Any]:
    return [c for c in h.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def _can_be_actor(h: Any, harmed: bool) -> bool:
    if h.pos_ not in ("NOUN", "PROPN") or h.like_num:
        return False
    if h.ent_type_ in _NAME_ENTS or _is_actor_noun(h):
        return True
    if h.ent_type_:  # a place, date or quantity entity
        return False
    # After a verb of harm any name or noun is a person ("killed galan").
    return harmed


def _is_actor_noun(t: Any) -> bool:
    return any(w in actor_nouns() for w in _singulars(t))


def _singulars(h: Any) -> list[str]:
    """The head's lemma, and singulars of its lower-cased form: the parser takes plurals in
    lower-cased text for proper nouns and leaves them unlemmatised ("guerrillas")."""
    word = h.lower_
    out = [h.lemma_.lower(), word]
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _phrase(h: Any, lists: dict[str, frozenset[str]]) -> tuple[int, int]:
    """The head's noun phrase: its pre-modifiers without a leading article, plus the "of"
    phrase of a group head ("members of the camilist union")."""
    lo = h.left_edge.i
    while lo < h.i and h.doc[lo].dep_ in _MODIFIER_DEPS:
        lo += 1
    if not _is_actor_noun(h):
        # A name: the titles and descriptions before it are not part of it ("his companion
        # gilda flores", "retired general gustavo alvarez martinez").
        cut = [t.i for t in h.doc[lo : h.i] if _is_actor_noun(t) or t.lower_.rstrip(".") in lists["titles"] or t.tag_ in ("PRP$", "POS")]
        if cut:
            lo = cut[-1] + 1
    hi = h.i
    if h.lemma_.lower() in lists["of_heads"]:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                hi = max(hi, prep.right_edge.i)
    doc = h.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def add_arguments(event: EventMention, doc: Any, entity_at: Callable[[int, int], str | None] | None) -> None:
    """Give the event the actors its trigger's parse names: an agent is actor1, a patient
    actor2 (ACLED has one of each; further ones are associated). The parse outranks the
    alias list's roles, mostly guessed from word order ("..., police said" after the trigger
    is no target): the actor the alias list gave that role moves to associated. A phrase
    that repeats an actor already listed changes nothing."""
    found = event_arguments(doc, event.trigger.start, event.trigger.end)
    if not found:
        return
    known = [a.text.lower() for a in event.actors]
    taken: set[str] = set()
    for arg in found:
        low = arg.text.lower()
        if any(low in k or k in low for k in known):
            continue
        role = "actor1" if arg.role == "agent" else "actor2"
        if role in taken:
            role = "associated"
        else:
            event.actors[:] = [EventActor(a.text, a.entity_id, "associated") if a.role == role else a for a in event.actors]
        taken.add(role)
        known.append(low)
        eid = entity_at(arg.start, arg.end) if entity_at is not None else None
        event.actors.append(EventActor(arg.text, eid, role))
