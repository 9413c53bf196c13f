"""Linear heads over TF-IDF features, stored without pickles.

A ``LinearHeads`` is one TF-IDF vocabulary (JSON: term -> column, plus idf) and one weight
row per label (``.npz``: weights, bias, thresholds). It is trained with scikit-learn and
applied with scikit-learn's own ``TfidfVectorizer`` rebuilt from the stored vocabulary, so
training and run time share one featuriser.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


def make_vectorizer(settings: dict[str, Any]) -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True,
        sublinear_tf=True,
        ngram_range=tuple(settings.get("ngram_range", (1, 2))),
        min_df=settings.get("min_df", 2),
        max_df=settings.get("max_df", 1.0),
        max_features=settings.get("max_features"),
        token_pattern=settings.get("token_pattern", r"(?u)\b\w[\w'’-]*\b"),
        dtype=np.float32,
    )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass
class LinearHeads:
    """Scores ``len(labels)`` labels from text (+ optional dense extra features)."""

    labels: list[str]
    vectorizer: TfidfVectorizer | None  # None: dense features only
    weights: np.ndarray  # (labels, features + extras)
    bias: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,)
    settings: dict[str, Any]
    multiclass: bool = False  # softmax over labels (one label) instead of one sigmoid each

    def features(self, texts: Sequence[str], extras: np.ndarray | None = None) -> sparse.csr_matrix:
        dense = sparse.csr_matrix(extras.astype(np.float32)) if extras is not None and extras.shape[1] else None
        if self.vectorizer is None:
            if dense is None:
                raise ValueError("a dense-only model needs its extra features")
            return dense
        x = self.vectorizer.transform(texts)
        return sparse.hstack([x, dense], format="csr") if dense is not None else x.tocsr()

    def scores(self, texts: Sequence[str], extras: np.ndarray | None = None) -> np.ndarray:
        """(n, labels) probabilities."""
        n = len(texts) if self.vectorizer is not None or extras is None else extras.shape[0]
        if not n:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        z = self.features(texts, extras) @ self.weights.T.astype(np.float32) + self.bias
        z = np.asarray(z, dtype=np.float64)
        if self.multiclass:
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return _sigmoid(z).astype(np.float32)

    # -- files -------------------------------------------------------------------------
    def save(self, folder: Path, name: str) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        vec = self.vectorizer
        vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1]) if vec is not None else []
        meta = {
            "labels": self.labels,
            "settings": self.settings,
            "multiclass": self.multiclass,
            "vocabulary": [term for term, _ in vocab] if vec is not None else None,
        }
        js = folder / f"{name}.json"
        js.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        npz = folder / f"{name}.npz"
        with npz.open("wb") as fh:  # a file handle: np.savez would otherwise add ".npz"
            np.savez_compressed(
                fh,
                weights=self.weights.astype(np.float16),
                bias=self.bias.astype(np.float32),
                thresholds=self.thresholds.astype(np.float32),
                idf=vec.idf_.astype(np.float32) if vec is not None else np.zeros(0, np.float32),
            )
        return [js, npz]

    @classmethod
    def load(cls, folder: Path, name: str) -> LinearHeads:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        vec = None
        if meta["vocabulary"] is not None:
            vec = make_vectorizer(meta["settings"])
            vec.vocabulary_ = {term: i for i, term in enumerate(meta["vocabulary"])}
            vec.idf_ = arrays["idf"].astype(np.float32)
        return cls(
            labels=list(meta["labels"]),
            vectorizer=vec,
            weights=arrays["weights"].astype(np.float32),
            bias=arrays["bias"].astype(np.float32),
            thresholds=arrays["thresholds"].astype(np.float32),
            settings=dict(meta["settings"]),
            multiclass=bool(meta.get("multiclass", False)),
        )
