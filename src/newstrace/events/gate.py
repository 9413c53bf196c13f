"""The precision gate: is an event the stage found (sentence, trigger, sub-type) a real
event of that kind, or a figurative "attacked Clinton", a campaign rally read as a
protest, a generic mention, a real event typed as another kind?

A logistic model (stored like the detector: a feature list and weights) over the event's
sub-type, its trigger word and how it is used (tag, dependency, governing verb, modal,
determiner, its subject and objects and their entity kinds), whether the lexicon backs the
sub-type, the sentence's named-entity labels and anchors, the event's confidence, and how
much of its article is about conflict at all (the share and number of sentences with a
violent trigger, how many events the article has), and the words of the sentence (lemmas,
"w:"): with the PTC tuning labels in training they raise the held-out PTC and SemEval
precision by about 0.06 at the same threshold (docs/quality-events.md); on PolNeAR alone
they had added nothing.

Trained by casepath.fit_gate on the events the stage finds on CASE 2021 snippets (right)
and on PolNeAR train and PTC 2020 tuning articles, each labelled right or wrong by a person
(data/events/precision_polnear_train.jsonl, precision_ptc_tune_*.jsonl). The event's confidence is in-sample on the
CASE snippets the models were trained on, so the gate's CV figures for CASE are optimistic;
`eval case --cv` trains the gate inside each fold and shows the real cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from newstrace.events.data import load_yaml, taxonomy
from newstrace.events.detector import trigger_usage
from newstrace.events.lexicon import TriggerMatch
from newstrace.events.records import EventMention

NOT_VIOLENT = ("Strategic developments", "Outside ACLED", "Protests")
# Data files only the gate's features read (the detector's and sub-type model's are
# models.FEATURE_DATA; none yet) and the version of the gate's feature code: the gate's
# metadata records both (models.gate_data_hashes), a test fails when they drift.
GATE_DATA: tuple[str, ...] = ()
GATE_FEATURE_VERSION = 2  # 1: the sentence's words; 2: the event's own place (placing.event_place)


def _levels(name: str, x: float, edges: Sequence[float]) -> list[str]:
    """``x`` as the cumulative levels it reaches ("dens>1" and "dens>2" for a value past two
    edges): one weight per step, so the model's response to more conflict is ordered."""
    return [f"{name}>{i}" for i, e in enumerate(edges, start=1) if x >= e] or [f"{name}>0"]


# Articles with fewer sentences give no article context: one feature, "art:short". The CASE
# snippets the gate learns its conflict events from have 1-5 sentences; with the density
# levels of their own one or two sentences (every sentence violent) the gate learnt that
# conflict events sit in articles with few violent sentences, and held articles dense in
# violence (conflict news as users bring it, the Orlando coverage) against their events.
SHORT_ARTICLE = 6
SHORT_TEXT = "art:short"  # the one article feature of such a text


def article_features(counts: Sequence[Counter[str]], n_events: int) -> list[str]:
    """How much of the article is about conflict: ``counts`` the lexicon labels of each of
    its sentences, ``n_events`` the events the stage found in it."""
    if len(counts) < SHORT_ARTICLE:
        return [SHORT_TEXT]
    tax = taxonomy()
    violent = sum(1 for c in counts if any(tax[label]["type"] not in NOT_VIOLENT for label in c))
    any_trigger = sum(1 for c in counts if c)
    n = max(1, len(counts))
    return [
        *_levels("dens", violent / n, (0.05, 0.1, 0.2, 0.35, 0.6)),
        *_levels("trig", any_trigger / n, (0.05, 0.1, 0.2, 0.35, 0.6)),
        *_levels("nviol", violent, (1, 2, 3, 5, 8)),
        *_levels("nev", n_events, (2, 3, 5, 8)),
    ]


@lru_cache(maxsize=1)
def _planning() -> frozenset[str]:
    return frozenset(load_yaml("usage.yaml")["planning"])


def clause_features(root: Any, kind: str) -> list[str]:
    """The clause a trigger token is in: the tag of the verb that governs it (past "VBD",
    present, base form ...), that verb's modal ("will", "could") and whether a verb of
    planning or expecting governs it ("brace for protests", "protests are planned")."""
    verb = root if root.pos_ in ("VERB", "AUX") else next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return [f"clause:none|T:{kind}"]
    out = [f"clause:{verb.tag_}|T:{kind}"]
    out += [f"clause:md:{c.lemma_.lower()}|T:{kind}" for c in verb.children if c.tag_ == "MD"]
    planning = _planning()
    if verb.lemma_.lower() in planning or any(a.lemma_.lower() in planning for a in list(verb.ancestors)[:2]):
        out.append(f"clause:plan|T:{kind}")
    return out


# Switch (measured by scripts/events_gate.py cv --mask-names): a name in the sentence's words
# stands as its entity label ("w:<GPE>"), a proper noun outside an entity as "w:<PROPN>".
MASK_NAMES = False
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


def _word(tok: Any) -> str:
    """A token as one of the sentence's words (``w:``): its lower-cased lemma."""
    if MASK_NAMES:
        if tok.ent_type_ in NAME_LABELS:
            return f"<{tok.ent_type_}>"
        if tok.pos_ == "PROPN":
            return "<PROPN>"
    return str(tok.lemma_.lower())


def _kind(tok: Any) -> str:
    """A token as an argument: its entity label, or "pron" / its part of speech."""
    return tok.ent_type_ or ("pron" if tok.pos_ == "PRON" else tok.pos_)


def event_features(
    event: EventMention, text: str, sent: Any, article: Sequence[str], triggers: Sequence[TriggerMatch]
) -> list[str]:
    """The gate's features of one event; ``sent`` its sentence's spaCy span (None without a
    parse), ``article`` the article's features (``article_features``), ``triggers`` the
    lexicon's hits in its sentence (as the detector found them)."""
    tax = taxonomy()
    label, lo, hi = event.label, event.trigger.start, event.trigger.end
    kind = tax[label]["type"]
    feats = {f"L:{label}", f"T:{kind}", *article, *(f"{a}|T:{kind}" for a in article)}
    trig = TriggerMatch(label, lo, hi, event.trigger.text)
    span = None
    if sent is not None:
        span = sent.doc.char_span(lo, hi, alignment_mode="expand")
    feats.update(trigger_usage(trig, span, text, event.sentence.start))
    if span is not None and len(span):
        root = span.root
        lemma = root.lemma_.lower()
        feats.update((f"t:{lemma}", f"t:{lemma}|{label}"))
        clause = clause_features(root, kind)
        feats.update(clause)
        # ... and the same without the type: a plan or a modal makes any kind of event unreal
        feats.update("u" + f.split("|")[0] for f in clause)
        feats.update(f"e:{e.label_}" for e in sent.ents)
        # The sentence's words: "sonic", "theories", "embassy", "denied", "every year" ... tell
        # talk about violence from a report of it better than the trigger's use alone.
        feats.update(f"w:{_word(t)}" for t in sent if t.is_alpha and not t.is_stop)
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent"):
                feats.add(f"arg:{c.dep_}:{_kind(c)}")
            elif c.dep_ == "prep":
                feats.update(f"arg:{c.lower_}:{_kind(g)}" for g in c.children if g.dep_ == "pobj")
    else:
        feats.add(f"t:{event.trigger.text.lower()}")
    # Does the lexicon back the sub-type? (The Orlando shooting typed as a protest: no word
    # of the sentence is a protest word.)
    own = {t.label for t in triggers if lo <= t.start and t.end <= hi}
    in_sentence = {t.label for t in triggers}
    feats.add("lex:trigger" if label in own else "lex:sentence" if label in in_sentence else "lex:none")
    if event.fatalities or event.injured:
        feats.add("a:casualties")
    if event.date_precision:
        feats.add(f"a:date:{event.date_precision}")
    if event.location:
        feats.add(f"a:place:{event.location.precision}")
    feats.add(f"a:actors:{min(len(event.actors), 3)}")
    feats.update(_levels("conf", event.confidence, (0.2, 0.35, 0.5, 0.65, 0.8)))
    return sorted(feats)
