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
# Each token takes its most probable label (posterior decoding) instead of the best path:
# more claims found, which the claim scorer then filters.
POSTERIOR = True
O_WEIGHT = 1.0  # < 1 favours the claim labels over O in posterior decoding


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
        self._labels = list(self._tagger.labels())

    def tag(self, doc: Doc) -> tuple[list[str], DocFeatures]:
        """Viterbi labels per token; ``feats.cue_prob`` / ``content_prob`` get each token's
        marginal probability of being (part of) a cue / a content: cues the best path
        leaves out, and the tagger's confidence in the claims it assembles."""
        feats = build_features(doc)
        labels = ["O"] * len(doc)
        cue_prob = [0.0] * len(doc)
        content_prob = [0.0] * len(doc)
        tagger = self._tagger
        marginal = tagger.marginal
        names = self._labels
        for seq, xseq in zip(feats.sequences, feats.features, strict=True):
            tagger.set(xseq)
            path = tagger.tag() if not POSTERIOR else None
            for j, i in enumerate(seq):
                probs = {y: marginal(y, j) for y in names}
                if path is not None:
                    labels[i] = path[j]
                else:
                    probs_o = probs.get("O", 0.0)
                    probs["O"] = probs_o * O_WEIGHT
                    labels[i] = max(probs, key=probs.__getitem__)
                    probs["O"] = probs_o
                cue_prob[i] = probs.get("B-CUE", 0.0) + probs.get("I-CUE", 0.0)
                content_prob[i] = probs.get("B-CONTENT", 0.0) + probs.get("I-CONTENT", 0.0)
        feats.cue_prob = cue_prob
        feats.content_prob = content_prob
        return labels, feats


@lru_cache(maxsize=1)
def default_tagger() -> ClaimsTagger:
    return ClaimsTagger(packaged_model_path())
