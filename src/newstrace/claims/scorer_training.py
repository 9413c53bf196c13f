"""Train the claim scorer (``scorer.py``) on PolNeAR train, out of fold.

1. K fold taggers (``folds.py``): each train article is tagged by a CRF that never saw it.
2. Every candidate claim of every train article gets its features and a label: does it
   match a gold relation under the ``eval polnear`` rule (cue overlap, content IoU >= 0.5)?
3. Gradient-boosted trees (scikit-learn, only needed here) are fitted on every content
   variant of every candidate; the keep threshold is chosen by cross-validation over the
   same folds, maximising relation F1 on train with the evaluation's one-to-one matching.
4. The trees go to ``scorer.json``; dev (if present) is scored with the tagger.

The test split is never read.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.claims.evaluate import candidate_pairs
from newstrace.claims.folds import fold_models
from newstrace.claims.model import ClaimsTagger
from newstrace.claims.scorer import SCORER_FILE, featurize
from newstrace.claims.stage import candidate_claims
from newstrace.claims.training import parse_articles

log = logging.getLogger(__name__)

THRESHOLDS = tuple(round(0.2 + 0.02 * i, 2) for i in range(26))  # 0.20 .. 0.70
MIN_FEATURE_COUNT = 20  # rarer feature strings are noise to the trees
# Train-CV relation F1 0.655 against 0.650 for a logistic regression on the same features.
GBDT_PARAMS: dict[str, Any] = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "random_state": 0}


@dataclass(slots=True)
class ArticleCandidates:
    """One train article's candidate claims: a row per content variant of each claim."""

    fold: int
    gold: int
    rows: list[tuple[int, list[str], dict[str, float]]] = field(default_factory=list)  # (claim, features, numeric)
    pairs: list[tuple[float, int, int]] = field(default_factory=list)  # (iou, row, gold), best first

    def label(self, row: int) -> bool:
        return any(r == row for _, r, _ in self.pairs)

    def matched(self, chosen: set[int]) -> int:
        """One-to-one greedy matching by overlap of the chosen rows, as ``evaluate.score_article``."""
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in self.pairs:
            if i in chosen and i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
        return len(used_p)

    def choose(self, probs: list[float], threshold: float) -> set[int]:
        """Per claim the most likely row, if it reaches the threshold (``ClaimScorer.choose``)."""
        best: dict[int, int] = {}
        for row, (claim, _, _) in enumerate(self.rows):
            if claim not in best or probs[row] > probs[best[claim]]:
                best[claim] = row
        return {row for row in best.values() if probs[row] >= threshold}


def collect(corpus_dir: Path, cache_dir: Path, k: int = 4, params: dict[str, Any] | None = None) -> list[ArticleCandidates]:
    articles, docs, fold, paths = fold_models(corpus_dir, cache_dir, k, params=params)
    out: list[ArticleCandidates] = []
    for f, path in enumerate(paths):
        tagger = ClaimsTagger(path)
        for art, doc, g in zip(articles, docs, fold, strict=True):
            if g != f:
                continue
            item = ArticleCandidates(f, len(art.relations))
            found = candidate_claims(art.text, doc, tagger)
            if found is not None:
                raw, ctx = found
                spans = []
                for n, variants in enumerate(featurize(ctx, raw)):
                    for _, chars, feats, numeric in variants:
                        item.rows.append((n, feats, numeric))
                        spans.append((raw[n].cue, chars))
                item.pairs = candidate_pairs(art.text, art.relations, spans)
            out.append(item)
    return out


def _f1(items: list[ArticleCandidates], probs: list[list[float]], threshold: float) -> tuple[float, float, float]:
    gold = pred = matched = 0
    for item, p in zip(items, probs, strict=True):
        chosen = item.choose(p, threshold)
        gold += item.gold
        pred += len(chosen)
        matched += item.matched(chosen)
    prec = matched / pred if pred else 0.0
    rec = matched / gold if gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def _vocabulary(items: list[ArticleCandidates]) -> dict[str, int]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for item in items:
        for _, feats, _ in item.rows:
            counts.update(set(feats))
    names = sorted(n for n, c in counts.items() if c >= MIN_FEATURE_COUNT)
    return {n: i for i, n in enumerate(names)}


def _matrix(items: list[ArticleCandidates], vocab: dict[str, int]) -> tuple[Any, Any]:
    import numpy as np

    n = sum(len(item.rows) for item in items)
    x = np.zeros((n, len(vocab)), dtype=np.float32)
    y = np.zeros(n, dtype=np.int8)
    r = 0
    for item in items:
        for i, (_, feats, numeric) in enumerate(item.rows):
            for name in feats:
                col = vocab.get(name)
                if col is not None:
                    x[r, col] = numeric.get(name, 1.0)
            y[r] = item.label(i)
            r += 1
    return x, y


def _fit(items: list[ArticleCandidates], vocab: dict[str, int]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    x, y = _matrix(items, vocab)
    return HistGradientBoostingClassifier(**GBDT_PARAMS).fit(x, y)


def _predict(model: Any, items: list[ArticleCandidates], vocab: dict[str, int]) -> list[list[float]]:
    x, _ = _matrix(items, vocab)
    flat = model.predict_proba(x)[:, 1] if x.shape[0] else []
    out, k = [], 0
    for item in items:
        n = len(item.rows)
        out.append([float(v) for v in flat[k : k + n]])
        k += n
    return out


def export(model: Any, vocab: dict[str, int], threshold: float) -> dict[str, Any]:
    """The fitted trees as plain data for ``ClaimScorer``: per node (feature, threshold,
    left, right, leaf value or None); leaf values already include the learning rate."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for node in predictor.nodes:
            leaf = bool(node["is_leaf"])
            nodes.append([
                0 if leaf else int(node["feature_idx"]),
                0.0 if leaf else float(node["num_threshold"]),
                int(node["left"]),
                int(node["right"]),
                float(node["value"]) if leaf else None,
            ])
        trees.append(nodes)
    return {
        "threshold": threshold,
        "baseline": float(model._baseline_prediction.ravel()[0]),
        "features": sorted(vocab, key=vocab.__getitem__),
        "trees": trees,
    }


def _check_export(path: Path, model: Any, items: list[ArticleCandidates], vocab: dict[str, int]) -> None:
    """The shipped evaluator must give scikit-learn's probabilities."""
    from newstrace.claims.scorer import ClaimScorer

    scorer = ClaimScorer(path)
    sample = items[:50]
    expected = [p for ps in _predict(model, sample, vocab) for p in ps]
    got = [scorer.probability(feats, numeric) for item in sample for _, feats, numeric in item.rows]
    worst = max((abs(a - b) for a, b in zip(expected, got, strict=True)), default=0.0)
    if worst > 1e-4:
        raise RuntimeError(f"exported scorer differs from the fitted model by {worst:.2g}")


def train_scorer(
    corpus_dir: Path,
    out_dir: Path,
    cache_dir: Path,
    k: int = 4,
    params: dict[str, Any] | None = None,
    tagger_path: Path | None = None,
) -> dict[str, Any]:
    """Fit the scorer from out-of-fold candidates (fold taggers trained with ``params``),
    write it to ``out_dir``, and score dev with the tagger at ``tagger_path`` (default: the
    shipped one) with and without it."""
    t0 = time.perf_counter()
    items = collect(corpus_dir, cache_dir, k, params)
    t_collect = time.perf_counter() - t0
    # Without the scorer: every claim, as assembled.
    asis = [[1.0 if "v=asis" in feats else 0.0 for _, feats, _ in i.rows] for i in items]
    base = _f1(items, asis, 0.5)
    # Cross-validation over the folds: the keep threshold maximising train relation F1.
    probs: list[list[float]] = [[] for _ in items]
    for f in range(k):
        fit_items = [i for i in items if i.fold != f]
        vocab = _vocabulary(fit_items)
        model = _fit(fit_items, vocab)
        held = [n for n, i in enumerate(items) if i.fold == f]
        for n, p in zip(held, _predict(model, [items[n] for n in held], vocab), strict=True):
            probs[n] = p
    grid = {t: _f1(items, probs, t) for t in THRESHOLDS}
    t_best = max(grid, key=lambda t: grid[t][2])
    vocab = _vocabulary(items)
    model = _fit(items, vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = export(model, vocab, t_best)
    (out_dir / SCORER_FILE).write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    _check_export(out_dir / SCORER_FILE, model, items, vocab)
    summary: dict[str, Any] = {
        "folds": k,
        "train_claims": sum(len({c for c, _, _ in i.rows}) for i in items),
        "train_rows": sum(len(i.rows) for i in items),
        "train_positive_rows": sum(i.label(n) for i in items for n in range(len(i.rows))),
        "train_oof_f1_without_scorer": [round(v, 4) for v in base],
        "train_cv_with_scorer": [round(v, 4) for v in grid[t_best]],
        "params": GBDT_PARAMS,
        "threshold": t_best,
        "features": len(vocab),
        "tree_nodes": sum(len(t) for t in data["trees"]),
        "collect_seconds": round(t_collect, 1),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    log.info("scorer thresholds (train CV P, R, F1): %s", grid)
    if (corpus_dir / "dev").is_dir():
        from newstrace.claims.evaluate import score_split
        from newstrace.claims.model import packaged_model_path
        from newstrace.claims.polnear import read_split
        from newstrace.claims.scorer import ClaimScorer

        tagger = ClaimsTagger(tagger_path or packaged_model_path())
        dev = list(read_split(corpus_dir / "dev"))
        dev_docs = parse_articles(dev, cache_dir, "dev")
        scorer = ClaimScorer(out_dir / SCORER_FILE)
        summary["dev_without_scorer"] = score_split(dev, dev_docs, tagger, scorer=False).as_dict()
        summary["dev"] = score_split(dev, dev_docs, tagger, scorer=scorer).as_dict()
    (out_dir / "scorer-training.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
