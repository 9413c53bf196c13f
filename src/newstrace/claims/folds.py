"""Out-of-fold claims taggers on PolNeAR train, for training the claim scorer.

The scorer (``scorer.py``) learns which assembled claims to keep from the tagger's own
output. Trained on the tagger's output for articles the tagger was trained on, it would
learn an over-confident tagger; so train is cut into K folds and each fold's articles are
tagged by a CRF fitted on the other folds. Fold models are cached on disk (they cost a
CRF fit each), keyed by the fold's article names and the CRF parameters.
"""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newstrace.claims.polnear import GoldArticle, read_split
from newstrace.claims.training import CRF_PARAMS, parse_articles, training_sequences

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


def fold_of(names: list[str], k: int) -> list[int]:
    """Fold number per article: by position in name order, so the cut is reproducible."""
    order = sorted(range(len(names)), key=lambda i: names[i])
    fold = [0] * len(names)
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def _fold_key(train_names: list[str], params: dict[str, Any]) -> str:
    h = hashlib.sha256(json.dumps([sorted(train_names), params], sort_keys=True).encode())
    return h.hexdigest()[:16]


def _fit(corpus_dir: str, cache_dir: str, train_names: list[str], params: dict[str, Any], out: str) -> str:
    """Fit one fold's CRF (runs in a worker process)."""
    import pycrfsuite

    articles = list(read_split(Path(corpus_dir) / "train"))
    docs = parse_articles(articles, Path(cache_dir), "train")
    keep = set(train_names)
    pairs = [(a, d) for a, d in zip(articles, docs, strict=True) if a.name in keep]
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in training_sequences([a for a, _ in pairs], [d for _, d in pairs]):
        trainer.append(xseq, yseq)
    trainer.set_params(params)
    tmp = out + ".tmp"
    trainer.train(tmp)
    Path(tmp).replace(out)
    return out


def fold_models(
    corpus_dir: Path, cache_dir: Path, k: int = 4, workers: int = 2, params: dict[str, Any] | None = None
) -> tuple[list[GoldArticle], list[Doc], list[int], list[Path]]:
    """Train (or reuse) K fold taggers; returns train articles, their parses, their fold,
    and the model per fold."""
    params = {**CRF_PARAMS, **(params or {})}
    articles = list(read_split(corpus_dir / "train"))
    docs = parse_articles(articles, cache_dir, "train")  # parsed (and cached) before the workers read it
    names = [a.name for a in articles]
    fold = fold_of(names, k)
    paths: list[Path] = []
    jobs = []
    for f in range(k):
        train_names = [n for n, g in zip(names, fold, strict=True) if g != f]
        path = cache_dir / f"fold{f}of{k}-{_fold_key(train_names, params)}.crfsuite"
        paths.append(path)
        if not path.exists():
            jobs.append((str(corpus_dir), str(cache_dir), train_names, params, str(path)))
    if jobs:
        log.info("fitting %d fold taggers (%d workers)", len(jobs), workers)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for done in pool.map(_fit, *zip(*jobs, strict=True)):
                log.info("fold tagger written: %s", done)
    return articles, docs, fold, paths
