"""The event sub-type classifier shipped in the package (models/events/), trained by
training.py on the CASE 2021 task 2 snippets. Only the package's own model file is ever
loaded (joblib/pickle executes code: never point this at a file from elsewhere)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "events"
MODEL_FILE = "case_subtype.joblib"
META_FILE = "meta.json"


@dataclass
class SubtypeModel:
    pipeline: Any
    labels: list[str]
    meta: dict[str, Any]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(len(texts), len(labels)) probabilities; columns in ``labels`` order."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return np.asarray(self.pipeline.predict_proba(texts))

    def predict(self, texts: list[str]) -> list[str]:
        probs = self.predict_proba(texts)
        return [self.labels[i] for i in probs.argmax(axis=1)]


@lru_cache(maxsize=1)
def shipped_model() -> SubtypeModel | None:
    """The package's model, or None (the stage then falls back to the trigger lexicon)."""
    path = MODEL_DIR / MODEL_FILE
    if not path.exists():
        log.warning("events: no trained model at %s; using the trigger lexicon only. "
                    "Train one with 'newstrace train events'.", path)
        return None
    import joblib

    pipeline = joblib.load(path)
    meta_path = MODEL_DIR / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return SubtypeModel(pipeline, [str(c) for c in pipeline.classes_], meta)
