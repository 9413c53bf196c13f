"""The event sub-type model: which of the 30 CASE 2021 labels a passage reports.

Features: TF-IDF word unigrams, TF-IDF character 2-5-grams and the lexicon features
(features.py); a linear model (trained by training.py as a linear SVM) whose scores become
probabilities by one softmax temperature. Stored as arrays in an .npz file plus a JSON
file of settings, read with ``allow_pickle=False``: evaluating it needs numpy and scipy only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import softmax

from newstrace.events.features import lexicon_row
from newstrace.events.textvec import TfidfBlock


@dataclass
class SubtypeModel:
    words: TfidfBlock
    chars: TfidfBlock
    labels: list[str]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    temperature: float
    lexicon: dict[str, float]  # weight, territory, protest
    meta: dict[str, Any] = field(default_factory=dict)

    def features(self, texts: list[str], counts: Sequence[dict[str, int]] | None = None) -> sparse.csr_matrix:
        """``counts``: each text's lexicon label counts when the caller has them already."""
        lw, tw, pw = self.lexicon["weight"], self.lexicon["territory"], self.lexicon["protest"]
        per_text = counts if counts is not None else [None] * len(texts)
        lex = np.asarray(
            [lexicon_row(t, lw, tw, pw, c) for t, c in zip(texts, per_text, strict=True)], dtype=np.float64
        ).reshape(len(texts), -1)
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts), sparse.csr_matrix(lex)]).tocsr()

    def decision(self, texts: list[str], counts: Sequence[dict[str, int]] | None = None) -> np.ndarray:
        return np.asarray(self.features(texts, counts) @ self.coef.T.astype(np.float64)) + self.intercept

    def predict_proba(self, texts: list[str], counts: Sequence[dict[str, int]] | None = None) -> np.ndarray:
        """(len(texts), len(labels)) probabilities; columns in ``labels`` order."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return np.asarray(softmax(self.decision(texts, counts) * self.temperature, axis=1))

    def predict(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        return [self.labels[i] for i in self.decision(texts).argmax(axis=1)]

    # -- storage --------------------------------------------------------------------------
    def save(self, folder: Path, name: str = "typer") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float64)}
        arrays.update(self.words.arrays("words"))
        arrays.update(self.chars.arrays("chars"))
        np.savez_compressed(folder / f"{name}.npz", **arrays)  # type: ignore[arg-type]
        settings = {
            "labels": self.labels,
            "temperature": self.temperature,
            "lexicon": self.lexicon,
            "words": self.words.settings(),
            "chars": self.chars.settings(),
            "meta": self.meta,
        }
        (folder / f"{name}.json").write_text(json.dumps(settings, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str = "typer") -> SubtypeModel:
        settings = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return cls(
            words=TfidfBlock.load(arrays, "words", settings["words"]),
            chars=TfidfBlock.load(arrays, "chars", settings["chars"]),
            labels=list(settings["labels"]),
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            temperature=float(settings["temperature"]),
            lexicon={k: float(v) for k, v in settings["lexicon"].items()},
            meta=settings.get("meta", {}),
        )
