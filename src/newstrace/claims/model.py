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
# recall 0.655 instead of 0.641 on PolNeAR dev at about the same F1, and the claim
# scorer then removes most of the extra false positives.
POSTERIOR = True


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
        """Labels per token (each token's most probable label, or the best path when
        ``POSTERIOR`` is off); ``feats.cue_prob`` / ``content_prob`` get each token's
        marginal probability of being (part of) a cue / a content: cues the best path
        leaves out, and the tagger's confidence in the claims the scorer judges."""
        feats = build_features(doc)
        labels = ["O"] * len(doc)
        cue_prob = [0.0] * len(doc)
        content_prob = [0.0] * len(doc)
        tagger = self._tagger
        marginal = tagger.marginal
        names = self._labels
        cue = [k for k, y in enumerate(names) if y.endswith("-CUE")]
        content = [k for k, y in enumerate(names) if y.endswith("-CONTENT")]
        rank = range(len(names))
        for seq, xseq in zip(feats.sequences, feats.features, strict=True):
            tagger.set(xseq)
            path = None if POSTERIOR else tagger.tag()
            for j, i in enumerate(seq):
                probs = [marginal(y, j) for y in names]
                labels[i] = names[max(rank, key=probs.__getitem__)] if path is None else path[j]
                cue_prob[i] = sum(probs[k] for k in cue)
                content_prob[i] = sum(probs[k] for k in content)
        feats.cue_prob = cue_prob
        feats.content_prob = content_prob
        return labels, feats


@lru_cache(maxsize=1)
def default_tagger() -> ClaimsTagger:
    return ClaimsTagger(packaged_model_path())
