"""Features of the sub-type classifier: TF-IDF word and character n-grams plus counts of
trigger-lexicon hits per label (the lexicon carries the ACLED definitions where the 510
CASE snippets are too few to learn them)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from newstrace.events.lexicon import count_by_label, count_cues, cue_names, labels


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """log(1 + trigger hits) per lexicon label, cue presence, and cue x label conjunctions
    (who seizes a town decides between two ACLED sub-types), scaled by ``weight``."""

    def __init__(self, weight: float = 1.0, cues: bool = True, conjunctions: tuple[str, ...] = ()) -> None:
        self.weight = weight
        self.cues = cues
        self.conjunctions = conjunctions

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
