"""Repairs of assembled claims that the parse makes sure of, after the scorer's choice.

- "X quoted Y as saying Z": one claim, cue "quoted", content "Y as saying Z" (PolNeAR's
  convention). The tagger tends to stop the content at the object ("Wassim Bouhlel, a Nice
  native") or to split the sentence into "quoted | a second source" and a second claim cued
  by "source as saying".
- "<clause>, according to X": a tagged content that starts on a wh-word inside the clause
  ("what it calls the Taliban's negligence") gives way to the clause itself.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newstrace.claims.assemble import RawClaim, TokSpan, dependency_content
from newstrace.claims.features import cue_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "where", "when", "how"})


@lru_cache(maxsize=1)
def object_cue_verbs() -> frozenset[str]:
    text = resources.files("newstrace").joinpath("data/claims_object_cues.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def repaired(doc: Doc, claims: list[RawClaim]) -> list[RawClaim]:
    """The claims with both repairs applied (the list may lose claims, never gain)."""
    return _according_clause(doc, _quoted_as_saying(doc, claims))


def _quoted_as_saying(doc: Doc, claims: list[RawClaim]) -> list[RawClaim]:
    verbs = object_cue_verbs()
    speech = cue_lexicon().single
    absorbed: list[tuple[int, int]] = []  # character ranges "<object> as saying"
    quoting: set[int] = set()  # claims cued by a verb of quoting: never absorbed
    for k, r in enumerate(claims):
        span = doc.char_span(r.cue[0], r.cue[1], alignment_mode="expand")
        verb = next((t for t in span or () if t.pos_ == "VERB" and t.lemma_.lower() in verbs), None)
        if verb is None:
            continue
        quoting.add(k)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            continue
        said = _as_speech(verb, obj, speech)
        if said is None:
            continue
        as_token = said.head
        end = as_token.right_edge.i
        while end > obj.i and (doc[end].is_punct or doc[end].is_space):
            end -= 1
        lo = doc[obj.left_edge.i].idx
        hi = doc[end].idx + len(doc[end].text)
        if r.content[0] >= lo:  # the tagger's content after the object may run further
            hi = max(hi, r.content[1])
        r.content = (lo, hi)
        absorbed.append((doc[obj.i].idx, said.idx + len(said.text)))
    if not absorbed:
        return claims
    return [
        r for k, r in enumerate(claims)
        if k in quoting or not any(a <= r.cue[0] < b or a < r.cue[1] <= b for a, b in absorbed)
    ]


def _as_speech(verb: Token, obj: Token, speech: frozenset[str]) -> Token | None:
    """The speech verb of "<verb> <obj> as saying": "as" hangs below the verb or the object."""
    for head in (verb, obj):
        for child in head.children:
            if child.lower_ == "as" and child.i > obj.i:
                said = next((c for c in child.children if c.dep_ in ("pcomp", "pobj")), None)
                if said is not None and said.pos_ == "VERB" and said.lemma_.lower() in speech:
                    return said
    return None


def _according_clause(doc: Doc, claims: list[RawClaim]) -> list[RawClaim]:
    for r in claims:
        span = doc.char_span(r.cue[0], r.cue[1], alignment_mode="expand")
        if span is None or not len(span) or span[0].lower_ != "according":
            continue
        content = doc.char_span(r.content[0], r.content[1], alignment_mode="expand")
        if content is None or not len(content) or content[0].lower_ not in _WH_WORDS:
            continue
        clause = dependency_content(doc, TokSpan("CUE", span.start, span.end), [])
        if clause is None or not (clause.start < content.start and content.end <= clause.end):
            continue
        r.content = (doc[clause.start].idx, doc[clause.end - 1].idx + len(doc[clause.end - 1].text))
    return claims
