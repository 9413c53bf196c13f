"""Trigger lexicon: which words report which kind of event (data/events/triggers.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from newstrace.events.data import load_yaml


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    label: str
    start: int
    end: int
    text: str


def words_pattern(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` as whole words (a hyphen
    counts as part of a word: "anti-war" holds no "war")."""
    alternation = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def compiled() -> list[tuple[str, re.Pattern[str]]]:
    """(label, one alternation pattern) in file order (earlier labels are more specific)."""
    return [(label, words_pattern(patterns)) for label, patterns in load_yaml("triggers.yaml").items()]


@lru_cache(maxsize=1)
def compiled_cues() -> list[tuple[str, re.Pattern[str]]]:
    """Context cues (data/events/cues.yaml): features only, never triggers."""
    return [(name, words_pattern(patterns)) for name, patterns in load_yaml("cues.yaml").items()]


@cache
def cue_pattern(name: str) -> re.Pattern[str] | None:
    """The context cue of that name, if cues.yaml has one."""
    return dict(compiled_cues()).get(name)


def cue_names() -> list[str]:
    return [name for name, _ in compiled_cues()]


def count_cues(text: str) -> dict[str, int]:
    return {name: n for name, p in compiled_cues() if (n := sum(1 for _ in p.finditer(text)))}


def labels() -> list[str]:
    return [label for label, _ in compiled()]


@lru_cache(maxsize=1)
def any_trigger() -> re.Pattern[str]:
    """One pattern matching wherever some label's pattern matches (the union of their
    alternations): most sentences hold no trigger, and one scan tells so instead of 30."""
    return words_pattern(p for patterns in load_yaml("triggers.yaml").values() for p in patterns)


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[TriggerMatch]:
    """Every trigger in text[start:end], in lexicon order (most specific labels first)."""
    end = len(text) if end is None else end
    found: list[TriggerMatch] = []
    if any_trigger().search(text, start, end) is None:
        return found
    for label, pattern in compiled():
        for m in pattern.finditer(text, start, end):
            found.append(TriggerMatch(label, m.start(), m.end(), m.group(0)))
    return found


def count_by_label(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for label, pattern in compiled():
        n = sum(1 for _ in pattern.finditer(text))
        if n:
            counts[label] = n
    return counts


@cache
def usage_before(kind: str, strict: bool = True) -> re.Pattern[str]:
    """Words just before a trigger that make it a plan or hypothetical (``kind``
    "irrealis") or a generic mention ("generic"), data/events/usage.yaml. ``strict``: only
    the words the stage drops a trigger for; otherwise also the weaker ones the detector
    uses as features. Matched against ``detector.words_before``."""
    entry = load_yaml("usage.yaml")[kind]
    words = entry["drop"] + ([] if strict else entry["feature"])
    return re.compile(rf"\b(?:{'|'.join(words)})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def verbal_usage() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a sentence pattern for an attack made of words, "in early-morning tweets"; the
    trigger words it rules out), data/events/usage.yaml."""
    v = load_yaml("usage.yaml")["verbal"]
    alt = "|".join
    dets = "".join(f"{d} |" for d in v["determiners"]).rstrip("|")
    sentence = re.compile(
        rf"\b(?:{alt(v['prepositions'])}) (?:{dets})?(?:[\w-]+ )?(?:{alt(v['media'])})\b", re.IGNORECASE
    )
    return sentence, re.compile(v["trigger"], re.IGNORECASE)


@lru_cache(maxsize=1)
def verbal_kinds() -> re.Pattern[str]:
    """The words just before an attack word that make it one of words ("personal attacks",
    "a line of attack"), data/events/usage.yaml; matched against ``detector.words_before``."""
    kinds = load_yaml("usage.yaml")["verbal"]["kinds"]
    return re.compile(rf"\b(?:{'|'.join(kinds)})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def gathering_usage() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the trigger words that name a mere gathering unless their sentence says what it is
    for or against, "rally"; the words that make it a protest), data/events/naming.yaml."""
    g = load_yaml("naming.yaml")["gatherings"]
    cues = words_pattern(g["cues"])
    return re.compile(rf"(?:{g['trigger']})$", re.IGNORECASE), cues


@lru_cache(maxsize=1)
def actor_words() -> re.Pattern[str]:
    """Trigger words that name who or what, never an event on their own ("ambassador",
    "diplomatic"), data/events/naming.yaml."""
    return re.compile(rf"(?:{'|'.join(load_yaml('naming.yaml')['actor_words'])})$", re.IGNORECASE)


@lru_cache(maxsize=1)
def idioms() -> re.Pattern[str]:
    """Idioms whose violent word reports no violence ("stabbed ... in the back", "a long
    shot"), data/events/naming.yaml."""
    return words_pattern(load_yaml("naming.yaml")["idioms"])


@lru_cache(maxsize=1)
def generic_subject() -> re.Pattern[str]:
    """A generic subject just before a trigger ("when you attack him"), data/events/naming.yaml;
    matched against ``detector.words_before``."""
    words = load_yaml("naming.yaml")["generic_subjects"]
    return re.compile(rf"\b(?:{'|'.join(words)})\s+(?:[\w'’-]+\s+){{0,2}}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def unreal_usage() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(lemmas of the verbs whose object is no real event, "threatening an attack"; nouns of
    risk or likelihood, "the possibility of another attack"; determiners that negate an event
    noun, "no arrests"; verbs of vanishing, which need a person or group as subject),
    data/events/naming.yaml."""
    u = load_yaml("naming.yaml")["unreal"]
    return frozenset(u["governing_verbs"]), frozenset(u["nouns"]), frozenset(u["negators"]), frozenset(u["vanishing"])


@lru_cache(maxsize=1)
def personal_attacks() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """(the trigger words, the possessive pronouns that make an attack one of words on a
    person, the violent words that keep it an attack), data/events/naming.yaml."""
    p = load_yaml("naming.yaml")["personal_attacks"]
    possessors = frozenset(w.lower() for w in p["possessors"])
    return re.compile(rf"(?:{p['trigger']})$", re.IGNORECASE), possessors, frozenset(w.lower() for w in p["violent"])


@dataclass(frozen=True)
class ThingUsage:
    """How a trigger word names a thing rather than an event, data/events/naming.yaml
    (``names``, ``objects``)."""

    name_kinds: frozenset[str]  # entity kinds a trigger may sit in as part of a name
    titles: re.Pattern[str]  # words before a name that name an event ("Hurricane Katrina")
    products: frozenset[str]  # entity kinds that are things even after a title ("Storm Shadow")
    heads: frozenset[str]  # nouns a trigger modifying them names hardware ("missile defence systems")
    weapons: re.Pattern[str]  # the trigger words the object rules read
    verbs: frozenset[str]  # verbs whose object is a thing ("produce shells")
    subject_verbs: frozenset[str]  # verbs whose subject is a thing ("missiles arrived")
    nouns: frozenset[str]  # nouns whose complement is a thing ("production of shells")
    attack: frozenset[str]  # verbs of use that keep a weapon word an event
    ambiguous: re.Pattern[str]  # weapon words that also name other things ("sea shells") ...
    military: re.Pattern[str]  # ... and the words that make them weapons


@lru_cache(maxsize=1)
def thing_usage() -> ThingUsage:
    u = load_yaml("naming.yaml")
    names, objects = u["names"], u["objects"]

    def whole(patterns: Iterable[str]) -> re.Pattern[str]:
        return re.compile(rf"(?:{'|'.join(patterns)})$", re.IGNORECASE)

    return ThingUsage(
        frozenset(names["kinds"]), whole(names["titles"]), frozenset(names["products"]),
        frozenset(objects["heads"]), whole(objects["weapons"]), frozenset(objects["verbs"]),
        frozenset(objects["subject_verbs"]), frozenset(objects["nouns"]), frozenset(objects["attack"]),
        whole(objects["ambiguous"]), words_pattern(objects["military"]),
    )
