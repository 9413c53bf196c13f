"""The trained claims tagger, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from newstrace.claims.features import DocFeatures, build_features
from newstrace.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_FILE = "claims.crfsuite"


def packaged_model_path() -> Path:
    return Path(str(resources.files("newstrace").joinpath("models/claims/" + MODEL_FILE)))


class ClaimsTagger:
    """BIO tags (SOURCE / CUE / CONTENT) for every token of a parsed document."""

    def __init__(self, model_path: Path) -> None:
        import pycrfsuite

        if not model_path.is_file():
            raise ModelMissing(
                f"the claims model {model_path} is missing. Train it with "
                "'python scripts/train_claims.py' (see docs/quality-claims.md)."
            )
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    def tag(self, doc: Doc) -> tuple[list[str], DocFeatures]:
        """Viterbi labels per token; ``feats.cue_prob`` gets each token's marginal
        probability of being (part of) a cue, for cues the best path leaves out."""
        feats = build_features(doc)
        labels = ["O"] * len(doc)
        cue_prob = [0.0] * len(doc)
        tagger = self._tagger
        for seq, xseq in zip(feats.sequences, feats.features, strict=True):
            tagger.set(xseq)
            for j, (i, y) in enumerate(zip(seq, tagger.tag(), strict=True)):
                labels[i] = y
                if y[-3:] != "CUE":
                    cue_prob[i] = tagger.marginal("B-CUE", j) + tagger.marginal("I-CUE", j)
        feats.cue_prob = cue_prob
        return labels, feats


@lru_cache(maxsize=1)
def default_tagger() -> ClaimsTagger:
    return ClaimsTagger(packaged_model_path())
