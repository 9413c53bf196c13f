"""Fitting ``LinearHeads`` with scikit-learn (training only) and choosing thresholds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from newstrace.framing.linear import LinearHeads, make_vectorizer

NEVER = 1.01  # threshold of a label with too few examples to learn: never predicted
MIN_POSITIVES = 5


def fit_heads(
    texts: Sequence[str],
    y: np.ndarray,
    labels: Sequence[str],
    settings: dict[str, Any],
    extras: np.ndarray | None = None,
    multiclass: bool = False,
) -> LinearHeads:
    """One logistic regression per label (``y``: (n, labels) 0/1), or one multinomial
    regression (``y``: (n,) label indices) when ``multiclass``."""
    vec = None
    if not settings.get("dense_only"):
        vec = make_vectorizer(settings)
        vec.fit(texts)
    heads = LinearHeads(
        list(labels), vec, np.zeros((0, 0), np.float32), np.zeros(0, np.float32),
        np.full(len(labels), 0.5, np.float32), dict(settings), multiclass,
    )
    x = heads.features(texts, extras)
    c = float(settings.get("C", 1.0))
    weight = settings.get("class_weight", "balanced")
    if multiclass:
        clf = LogisticRegression(C=c, max_iter=5000, class_weight=weight, random_state=0).fit(x, y)
        if len(clf.classes_) != len(labels):
            raise ValueError(f"multiclass training needs examples of every label; got classes {clf.classes_}")
        heads.weights, heads.bias = clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
        heads.thresholds = np.zeros(len(labels), np.float32)
        return heads
    w = np.zeros((len(labels), x.shape[1]), np.float32)
    b = np.full(len(labels), -30.0, np.float32)  # never fires unless trained
    for j in range(len(labels)):
        if y[:, j].sum() < MIN_POSITIVES:
            heads.thresholds[j] = NEVER
            continue
        clf = LogisticRegression(C=c, solver="liblinear", class_weight=weight, random_state=0)
        clf.fit(x, y[:, j])
        w[j], b[j] = clf.coef_[0], clf.intercept_[0]
    heads.weights, heads.bias = w, b
    return heads


def out_of_fold(
    groups: np.ndarray, fit: Callable[[np.ndarray], LinearHeads], score: Callable[[LinearHeads, np.ndarray], np.ndarray]
) -> np.ndarray:
    """Scores of every row from a model trained without its group (cross-validation by the
    corpus folds)."""
    out: np.ndarray | None = None
    for g in sorted(set(groups.tolist())):
        test = np.where(groups == g)[0]
        train = np.where(groups != g)[0]
        s = score(fit(train), test)
        if out is None:
            out = np.zeros((len(groups), s.shape[1]), np.float32)
        out[test] = s
    assert out is not None
    return out


GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, NEVER)


def tune_thresholds(
    counts: Callable[[int, float], tuple[int, int]], n_labels: int, n_gold: int, rounds: int = 3
) -> tuple[np.ndarray, float]:
    """Per-label thresholds maximising micro-F1. ``counts(label, threshold)`` gives that
    label's (true positives, predictions) at that threshold; ``n_gold`` is the number of
    gold labels overall. Coordinate ascent over ``GRID``."""
    table = {(j, t): counts(j, t) for j in range(n_labels) for t in GRID}
    chosen = [0.5] * n_labels

    def f1() -> float:
        tp = sum(table[(j, chosen[j])][0] for j in range(n_labels))
        pred = sum(table[(j, chosen[j])][1] for j in range(n_labels))
        return 2 * tp / (pred + n_gold) if pred + n_gold else 0.0

    best = f1()
    for _ in range(rounds):
        for j in range(n_labels):
            for t in GRID:
                old = chosen[j]
                chosen[j] = t
                score = f1()
                if score > best + 1e-9:
                    best = score
                else:
                    chosen[j] = old
    return np.array(chosen, np.float32), best
