"""ACLED constraints on an event's sub-type, checked after the sub-type model
(data/events/typing.yaml): a protest needs protesters in its sentence, an armed clash an
armed actor and not protesters or police alone on the other side, a weapons test is no
attack, a state taking territory is no non-state actor, a disease is no violence. A label
that fails gives way to the next one the model ranks whose constraints hold (or to the
label a rule names instead; ``NO_EVENT``: the sentence reports no event of these kinds)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newstrace.events.data import load_yaml
from newstrace.events.lexicon import cue_pattern, words_pattern

NO_EVENT = ""  # what a rule with ``instead: none`` gives: no event


def _words(patterns: Iterable[str]) -> re.Pattern[str] | None:
    patterns = list(patterns)
    return words_pattern(patterns) if patterns else None


@dataclass(frozen=True)
class Needs:
    labels: frozenset[str]
    scope: str  # "sentence", or "window": the sentence and the neighbours the model reads
    lexicon: frozenset[str]
    words: re.Pattern[str] | None
    cues: tuple[str, ...]
    # NO_EVENT: when this need fails the sentence reports no event (the model's next label
    # would only be a guess); None: the next label the model ranks is tried.
    otherwise: str | None = None


@dataclass(frozen=True)
class NotWith:
    labels: frozenset[str]
    scope: str  # "sentence" or "clause"
    words: re.Pattern[str] | None
    subject_entities: frozenset[str]  # the trigger's subject is a named entity of one of these kinds
    unless: re.Pattern[str] | None
    unless_cues: tuple[str, ...]
    instead: str | None


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[Needs, ...], tuple[NotWith, ...]]:
    data = load_yaml("typing.yaml")
    needs = tuple(
        Needs(frozenset(r["labels"]), r.get("scope", "sentence"), frozenset(r.get("lexicon", ())), _words(r.get("words", ())),
              tuple(r.get("cues", ())), NO_EVENT if r.get("otherwise") == "none" else None)
        for r in data.get("needs", ())
    )
    not_with = []
    for r in data.get("not_with", ()):
        instead = r.get("instead")
        not_with.append(NotWith(
            frozenset(r["labels"]), r.get("scope", "sentence"), _words(r.get("words", ())),
            frozenset(r.get("subject_entities", ())), _words(r.get("unless", ())), tuple(r.get("unless_cues", ())),
            NO_EVENT if instead == "none" else instead,
        ))
    return needs, tuple(not_with)


def _has_cue(names: Sequence[str], text: str, start: int, end: int) -> bool:
    return any((p := cue_pattern(name)) is not None and p.search(text, start, end) for name in names)


@dataclass
class Context:
    """Where an event is read: its sentence (article offsets), the lexicon labels named in
    it (trigger words that name an event), the same for the window of neighbours the
    sub-type model reads, and the clause of the word naming a label."""

    text: str
    start: int
    end: int
    lexicon: frozenset[str]
    window: tuple[int, int] | None = None
    # The window's lexicon labels, computed when a rule read in the window needs them.
    window_lexicon: Callable[[], frozenset[str]] = frozenset
    clause: Callable[[str], tuple[int, int] | None] = lambda label: None
    # The entity kind (spaCy label) of the subject of the word naming a label, if any.
    subject: Callable[[str], str | None] = lambda label: None


def _needs_hold(label: str, ctx: Context) -> bool:
    return _failed_need(label, ctx) is None


def _failed_need(label: str, ctx: Context) -> Needs | None:
    """The first need of this label that does not hold here."""
    for r in rules()[0]:
        if label not in r.labels:
            continue
        wide = r.scope == "window" and ctx.window is not None
        lo, hi = ctx.window if wide and ctx.window is not None else (ctx.start, ctx.end)
        if r.lexicon and (ctx.window_lexicon() if wide else ctx.lexicon) & r.lexicon:
            continue
        if r.words is not None and r.words.search(ctx.text, lo, hi):
            continue
        if r.cues and _has_cue(r.cues, ctx.text, lo, hi):
            continue
        return r
    return None


def _ruled_out(label: str, ctx: Context) -> NotWith | None:
    """The first not_with rule that rules this label out here."""
    for r in rules()[1]:
        if label not in r.labels:
            continue
        lo, hi = (ctx.clause(label) or (ctx.start, ctx.end)) if r.scope == "clause" else (ctx.start, ctx.end)
        if r.words is not None and not r.words.search(ctx.text, lo, hi):
            continue
        if r.subject_entities and ctx.subject(label) not in r.subject_entities:
            continue
        if r.unless is not None and r.unless.search(ctx.text, lo, hi):
            continue
        if r.unless_cues and _has_cue(r.unless_cues, ctx.text, lo, hi):
            continue
        return r
    return None


def allowed(label: str, ctx: Context) -> str | None:
    """``label`` when its constraints hold here; the label a rule names instead (``NO_EVENT``
    included); else None."""
    rule = _ruled_out(label, ctx)
    if rule is None:
        failed = _failed_need(label, ctx)
        return label if failed is None else failed.otherwise
    if rule.instead == NO_EVENT:
        return NO_EVENT
    if rule.instead is not None and rule.instead != label and _needs_hold(rule.instead, ctx) and _ruled_out(rule.instead, ctx) is None:
        return rule.instead
    return None


def constrained(ranked: Sequence[str], ctx: Context) -> str | None:
    """The first of ``ranked`` (best first) whose constraints hold here, or what a rule puts
    in its place (``NO_EVENT`` included); None when none does."""
    for label in ranked:
        out = allowed(label, ctx)
        if out is not None:
            return out
    return None
