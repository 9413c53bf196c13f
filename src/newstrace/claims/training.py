"""Train the claims tagger on PolNeAR: token-level BIO tags for SOURCE / CUE / CONTENT with a
linear-chain CRF (python-crfsuite) over spaCy features (``features.py``).

Nested attributions (a relation inside another one's content) are flattened with the
inner one winning: CUE > SOURCE > CONTENT. Training uses the train split only; the dev
split, if present beside it, is scored afterwards with the relation metric of
``newstrace eval polnear``. Run it with ``scripts/train_claims.py``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newstrace.claims.features import build_features
from newstrace.claims.polnear import GoldArticle, GoldRelation, read_split
from newstrace.nlp.cache import cache_root, parse_cache_key, parse_cached  # noqa: F401 (parse_cache_key re-exported)

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

MODEL_FILE = "claims.crfsuite"
_PRIORITY = {"CUE": 3, "SOURCE": 2, "CONTENT": 1}
CRF_PARAMS = {
    # Strong L1 (few, general features) and up to 150 L-BFGS iterations: dev F1 0.686,
    # against 0.684 at c1 1.0, 0.679 at c1 0.1 / c2 1.0, and the old c1 0.05 / c2 0.01
    # which overfits (0.629 at 150 iterations, 0.653 when stopped at 60). See
    # docs/quality-claims.md.
    "c1": 2.0,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 3,
}


def token_labels(doc: Doc, relations: list[GoldRelation]) -> list[str]:
    """BIO labels per token; a token belongs to a span when its characters overlap it."""
    n = len(doc)
    best: list[tuple[int, str, int]] = [(0, "O", -1)] * n  # (priority, label, span key)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]
    key = 0
    from bisect import bisect_left, bisect_right

    for rel in relations:
        for label, frags in (("CONTENT", rel.content), ("SOURCE", rel.source), ("CUE", rel.cue)):
            if not frags:
                continue
            key += 1
            for a, b in frags:
                lo = max(0, bisect_right(ends, a))
                hi = bisect_left(starts, b)
                for i in range(lo, min(hi, n)):
                    if doc[i].is_space:
                        continue
                    if _PRIORITY[label] > best[i][0]:
                        best[i] = (_PRIORITY[label], label, key)
    labels = []
    prev_key = -1
    for i in range(n):
        _, label, k = best[i]
        if label == "O":
            labels.append("O")
        else:
            labels.append(("I-" if k == prev_key else "B-") + label)
        if not doc[i].is_space:
            prev_key = k
    return labels


def default_cache_dir() -> Path:
    """Where parses of the training corpus are kept between runs (outside the repo)."""
    return cache_root() / "claims"


def parse_articles(articles: list[GoldArticle], cache_dir: Path | None = None, label: str = "split") -> list[Doc]:
    """spaCy parses of the articles, cached on disk as a DocBin keyed by the texts and
    the model version (``cache_dir``; None parses without caching)."""
    return parse_cached([a.text for a in articles], cache_dir, label)


def training_sequences(
    articles: list[GoldArticle], docs: list[Doc]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    for article, doc in zip(articles, docs, strict=True):
        labels = token_labels(doc, article.relations)
        feats = build_features(doc)
        for seq, seq_feats in zip(feats.sequences, feats.features, strict=True):
            yield seq_feats, [labels[i] for i in seq]


def train(
    corpus_dir: Path,
    out_dir: Path,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    params: dict[str, Any] | None = None,
    with_scorer: bool = True,
) -> dict[str, Any]:
    """Train on ``corpus_dir/train``, write the model to ``out_dir``, score ``corpus_dir/dev``;
    then train the claim scorer (``scorer_training.py``) unless ``with_scorer`` is False.

    ``corpus_dir`` is the PolNeAR folder (with ``train/`` and optionally ``dev/``).
    ``cache_dir`` keeps the spaCy parses between runs (default ``default_cache_dir()``;
    ``use_cache=False`` parses afresh without writing). Returns a summary.
    """
    import pycrfsuite

    if use_cache and cache_dir is None:
        cache_dir = default_cache_dir()
    elif not use_cache:
        cache_dir = None

    t0 = time.perf_counter()
    articles = list(read_split(corpus_dir / "train"))
    docs = parse_articles(articles, cache_dir, "train")
    t_parse = time.perf_counter() - t0
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = 0
    for xseq, yseq in training_sequences(articles, docs):
        trainer.append(xseq, yseq)
        n_seq += 1
        n_tok += len(yseq)
    trainer.set_params({**CRF_PARAMS, **(params or {})})
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_FILE
    t1 = time.perf_counter()
    trainer.train(str(model_path))
    t_train = time.perf_counter() - t1
    summary: dict[str, Any] = {
        "train_articles": len(articles),
        "train_sequences": n_seq,
        "train_tokens": n_tok,
        "params": {**CRF_PARAMS, **(params or {})},
        "parse_seconds": round(t_parse, 1),
        "train_seconds": round(t_train, 1),
        "model_bytes": model_path.stat().st_size,
    }
    if (corpus_dir / "dev").is_dir():
        from newstrace.claims.evaluate import score_split
        from newstrace.claims.model import ClaimsTagger

        tagger = ClaimsTagger(model_path)
        dev = list(read_split(corpus_dir / "dev"))
        dev_docs = parse_articles(dev, cache_dir, "dev")
        summary["dev_without_scorer"] = score_split(dev, dev_docs, tagger, scorer=False).as_dict()
    (out_dir / "training.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if with_scorer:
        # The claim scorer learns from out-of-fold taggers with these same parameters.
        from newstrace.claims.scorer_training import train_scorer

        summary["scorer"] = train_scorer(
            corpus_dir, out_dir, cache_dir or default_cache_dir(), params=params, tagger_path=model_path
        )
    return summary
