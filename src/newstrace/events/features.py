"""Features of the sub-type classifier: TF-IDF word and character n-grams plus counts of
trigger-lexicon hits per label (the lexicon carries the ACLED definitions where the 510
CASE snippets are too few to learn them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from newstrace.events.lexicon import compiled_cues, count_by_label, count_cues, cue_names, labels

_TERRITORY_VERB = re.compile(
    r"\b(?:recaptur\w*|retook|retake\w*|regain\w*|recover\w*|liberat\w*|seiz\w*|captur\w*|overran|overrun|"
    r"took control|taken control|take control|established control|controlled|controlling|occupied|entered|took over|taken over)\b",
    re.IGNORECASE,
)
_ACTOR_WINDOW = 80  # characters before a territory verb where its subject usually is


def territory_actor_features(text: str) -> list[float]:
    """[state forces take ground, non-state group takes ground]: the nearest actor cue
    before a territory verb (ACLED's two sub-types differ only by who advances)."""
    cues = dict(compiled_cues())
    state, nonstate = cues.get("STATE_FORCES"), cues.get("NONSTATE_GROUP")
    out = [0.0, 0.0]
    if state is None or nonstate is None:
        return out
    for m in _TERRITORY_VERB.finditer(text):
        window = text[max(0, m.start() - _ACTOR_WINDOW) : m.start()]
        last_state = max((c.end() for c in state.finditer(window)), default=-1)
        last_group = max((c.end() for c in nonstate.finditer(window)), default=-1)
        if last_state > last_group:
            out[0] = 1.0
        elif last_group > last_state:
            out[1] = 1.0
    return out


_PROTEST_CUES = ("FORCE_ON_CROWD", "INTERVENTION", "CROWD_VIOLENCE", "PEACEFUL")
_PROTEST_LABELS = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL")


def protest_features(counts: dict[str, int], cues: dict[str, int]) -> list[float]:
    """For texts about a protest: was the crowd violent, dispersed, or hit by force?"""
    if not any(label in counts for label in _PROTEST_LABELS):
        return [0.0] * len(_PROTEST_CUES)
    return [float(c in cues) for c in _PROTEST_CUES]


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """log(1 + trigger hits) per lexicon label, cue presence, and cue x label conjunctions
    (who seizes a town decides between two ACLED sub-types), scaled by ``weight``."""

    def __init__(
        self,
        weight: float = 1.0,
        cues: bool = True,
        conjunctions: tuple[str, ...] = (),
        territory: float = 0.0,
        protest: float = 0.0,
    ) -> None:
        self.protest = protest
        self.weight = weight
        self.cues = cues
        self.conjunctions = conjunctions
        self.territory = territory

    def fit(self, texts: Iterable[str], y: object = None) -> LexiconFeatures:
        self.labels_ = labels()
        self.cues_ = cue_names()
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        rows = []
        for text in texts:
            counts = count_by_label(text)
            cues = count_cues(text)
            row = [np.log1p(counts.get(label, 0)) for label in self.labels_]
            if self.cues:
                row += [float(cue in cues) for cue in self.cues_]
            row += [float(cue in cues and label in counts) for cue in self.cues_ for label in self.conjunctions]
            if self.territory:
                row += [v * self.territory / self.weight for v in territory_actor_features(text)]
            if self.protest:
                row += [v * self.protest / self.weight for v in protest_features(counts, cues)]
            rows.append(row)
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64) * self.weight)


def make_features(
    lexicon_weight: float = 1.0, cues: bool = True, conjunctions: tuple[str, ...] = ()
) -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(sublinear_tf=True, stop_words="english")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
            ("lexicon", LexiconFeatures(lexicon_weight, cues, conjunctions)),
        ]
    )
