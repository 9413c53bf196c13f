"""Does a sentence report an event? A logistic model over the sentence's words, its
trigger-lexicon hits and how each trigger is used (tense, modal, negation, determiner, the
verb governing it: "plans to attack", "attacked Machado in tweets"), its anchors (casualty
figures, dates, named places) and whether its neighbours have triggers.

Trained by training.py on CASE 2021 snippets and MUC-4 incident sentences (events) against
sentences of non-conflict news (PolNeAR, SemEval 2023 task 3); stored as a feature list and
a weight vector (.npz) with its settings (JSON); scoring is a dictionary look-up and a sum.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.events.lexicon import TriggerMatch, usage_before

# The label groups a trigger's usage features are tied to (usage means different things
# for "killed" and for "talks").
_GROUP = {
    "SUIC_BOMB": "viol", "CHEM_WEAP": "viol", "GRENADE": "viol", "REM_EXPLOS": "viol", "AIR_STRIKE": "viol",
    "ART_MISS_ATTACK": "viol", "ATTACK": "viol", "ARMED_CLASH": "viol", "SEX_VIOL": "viol", "ABDUCT_DISSAP": "viol",
    "MOB_VIOL": "viol", "FORCE_AGAINST_PROTEST": "protest", "PROTEST_WITH_INTER": "protest", "VIOL_DEMONSTR": "protest",
    "PEACE_PROTEST": "protest", "NATURAL_DISASTER": "disaster", "MAN_MADE_DISASTER": "disaster",
}
_QUOTES = re.compile(r"[\"“”‘’']")


def words_before(text: str, sent_start: int, trig: TriggerMatch) -> str:
    """The sentence's text just before a trigger (up to 40 characters), where the words
    that make it a plan ("vowed to attack") or a generic mention ("several attacks") are."""
    return text[max(sent_start, trig.start - 40) : trig.start]


def _group(label: str) -> str:
    return _GROUP.get(label, "other")


def _len_bucket(n: int) -> str:
    return "len:" + ("s" if n <= 10 else "m" if n <= 25 else "l" if n <= 50 else "xl")


def trigger_usage(trig: TriggerMatch, tokens: Any, text: str, sent_start: int) -> list[str]:
    """How one trigger is used. ``tokens``: the trigger's spaCy span (None without a parse)."""
    g = _group(trig.label)
    out = [f"L:{trig.label}", f"G:{g}"]
    before = words_before(text, sent_start, trig)
    if usage_before("irrealis", strict=False).search(before):
        out.append(f"irr:{g}")
    if usage_before("generic", strict=False).search(before):
        out.append(f"gen:{g}")
    if tokens is None:
        return out
    root = tokens.root
    out += [f"tag:{g}:{root.tag_}", f"dep:{g}:{root.dep_}"]
    head = root.head
    if head is not root and head.pos_ in ("VERB", "AUX", "NOUN"):
        out.append(f"head:{g}:{head.lemma_.lower()}")
    for child in root.children:
        if child.dep_ == "neg":
            out.append(f"neg:{g}")
        elif child.tag_ == "MD":
            out.append(f"mod:{g}:{child.lemma_.lower()}")
        elif child.dep_ == "det":
            out.append(f"det:{g}:{child.lower_}")
        elif child.dep_ == "poss":
            out.append(f"poss:{g}")
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("in", "on", "against", "by", "at", "near"):
            out.append(f"prep:{g}:{child.lower_}")
        elif child.dep_ == "dobj":
            out.append(f"obj:{g}:{child.ent_type_ or child.pos_}")
    for anc in list(root.ancestors)[:3]:
        if anc.tag_ == "MD" or any(c.tag_ == "MD" for c in anc.children if c.dep_ == "aux"):
            out.append(f"modanc:{g}")
            break
    if root.tag_ in ("NN", "NNS") and not any(c.dep_ in ("det", "poss", "nummod") for c in root.children):
        out.append(f"bare:{g}:{root.tag_}")
    return out


def sentence_features(
    sent: Any,
    text: str,
    start: int,
    end: int,
    triggers: Sequence[TriggerMatch],
    trigger_tokens: Sequence[Any],
    anchors: Sequence[str],
    neighbours: Sequence[str],
    entity_labels: Sequence[str] = (),
) -> list[str]:
    """The detector's features of text[start:end]; ``sent`` its spaCy span (None without a
    parse), ``trigger_tokens`` the spans of ``triggers``, ``anchors`` names of the figures
    and dates found in it, ``neighbours`` flags about the sentences around it,
    ``entity_labels`` the labels of the named entities in it."""
    feats: set[str] = set()
    if sent is not None:
        words = [t for t in sent if t.is_alpha]
        lemmas = [t.lemma_.lower() for t in words]
        feats.update(f"w:{lemma}" for t, lemma in zip(words, lemmas, strict=True) if not t.is_stop)
        feats.update(f"e:{label}" for label in entity_labels)
        n_tokens = len(sent)
    else:
        lemmas = re.findall(r"[a-z]+", text[start:end].lower())
        feats.update(f"w:{w}" for w in lemmas)
        n_tokens = len(lemmas)
    feats.update(f"b:{a}_{b}" for a, b in zip(lemmas, lemmas[1:], strict=False))
    feats.add(_len_bucket(n_tokens))
    if not triggers:
        feats.add("notrig")
    for trig, toks in zip(triggers, trigger_tokens, strict=True):
        feats.update(trigger_usage(trig, toks, text, start))
    feats.update(f"a:{a}" for a in anchors)
    feats.update(f"n:{n}" for n in neighbours)
    if _QUOTES.search(text[start:end]):
        feats.add("quote")
    return sorted(feats)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass
class DetectorModel:
    terms: list[str]
    weights: np.ndarray
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)
    index: dict[str, float] = field(default_factory=dict, repr=False)
    _gain: float | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {t: float(w) for t, w in zip(self.terms, self.weights.tolist(), strict=True)}

    def score(self, features: Sequence[str]) -> float:
        """P(the sentence reports an event)."""
        return _sigmoid(self.bias + sum(self.index.get(f, 0.0) for f in features))

    def may_reach(self, threshold: float, features: Sequence[str]) -> bool:
        """Could the sentence score ``threshold`` once its anchor features (casualties,
        dates, places: "a:...") are added? Those patterns are the costly part of a
        sentence's features, so they are looked for only where they can matter."""
        return _sigmoid(self.bias + sum(self.index.get(f, 0.0) for f in features) + self.anchor_gain()) >= threshold

    def anchor_gain(self) -> float:
        """The most the anchor features can add to a sentence's log-odds: casualty
        figures, one date precision and one place precision."""
        if self._gain is None:
            w = self.index
            pos = [max(0.0, w.get(f"a:{a}", 0.0)) for a in ("fatalities", "injured", "attackers")]
            date = max((w.get(f"a:{a}", 0.0) for a in ("day", "date")), default=0.0)
            place = max((v for f, v in w.items() if f.startswith("a:place:")), default=0.0)
            self._gain = sum(pos) + max(0.0, date) + max(0.0, place)
        return self._gain

    def weight(self, feature: str) -> float:
        return self.index.get(feature, 0.0)

    def save(self, folder: Path, name: str = "detector") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / f"{name}.npz", terms=np.asarray(self.terms, dtype=str), weights=self.weights.astype(np.float32)
        )
        settings = {"bias": self.bias, "meta": self.meta}
        (folder / f"{name}.json").write_text(json.dumps(settings, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str = "detector") -> DetectorModel:
        settings = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            terms, weights = [str(t) for t in z["terms"]], np.asarray(z["weights"], dtype=np.float64)
        return cls(terms, weights, float(settings["bias"]), settings.get("meta", {}))
