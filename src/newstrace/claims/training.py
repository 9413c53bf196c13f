"""Train the claims tagger on PolNeAR: token-level BIO tags for SOURCE / CUE / CONTENT with a
linear-chain CRF (python-crfsuite) over spaCy features (``features.py``).

Nested attributions (a relation inside another one's content) are flattened with the
inner one winning: CUE > SOURCE > CONTENT. Training uses the train split only; the dev
split, if present beside it, is scored afterwards with the relation metric of
``newstrace eval polnear``. Run it with ``scripts/train_claims.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newstrace.claims.features import build_features
from newstrace.claims.polnear import GoldArticle, GoldRelation, read_split

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
    root = os.environ.get("NEWSTRACE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "newstrace")
    return Path(root) / "claims"


def parse_cache_key(texts: list[str]) -> str:
    """A key for one set of texts under the installed spaCy model: a different model
    version or any edited text gives a different key, so a stale parse is never reused."""
    import spacy

    from newstrace.nlp.model import MAX_NLP_CHARS, MODEL_NAME, load_nlp

    nlp = load_nlp()
    h = hashlib.sha256()
    h.update(f"{MODEL_NAME}|{nlp.meta.get('version')}|spacy {spacy.__version__}|{MAX_NLP_CHARS}".encode())
    for t in texts:
        h.update(hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()[:24]


def parse_articles(articles: list[GoldArticle], cache_dir: Path | None = None, label: str = "split") -> list[Doc]:
    """spaCy parses of the articles, cached on disk as a DocBin keyed by the texts and
    the model version (``cache_dir``; None parses without caching)."""
    from spacy.tokens import DocBin

    from newstrace.nlp import load_nlp, parse_texts

    nlp = load_nlp()
    texts = [a.text for a in articles]
    cache = cache_dir / f"{label}-{parse_cache_key(texts)}.spacy" if cache_dir is not None else None
    if cache is not None and cache.exists():
        try:
            docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        except (OSError, ValueError) as e:  # a truncated or foreign file: parse again
            log.warning("ignoring unreadable parse cache %s: %s", cache, e)
            docs = []
        if len(docs) == len(texts) and all(t.startswith(d.text) for d, t in zip(docs, texts, strict=True)):
            log.info("parses of %d articles read from %s", len(docs), cache)
            return docs
    log.info("parsing %d articles with spaCy (cached afterwards: %s)", len(texts), cache)
    docs = list(parse_texts(texts, batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        tmp = cache.with_suffix(".tmp")
        db.to_disk(tmp)
        tmp.replace(cache)  # atomic: an interrupted run leaves no half-written cache
    return docs


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
