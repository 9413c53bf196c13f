"""Entity roles from the most similar training mentions (k nearest neighbours).

The role models (framing/training.py ``train_roles``) read a mention through TF-IDF and the
encoder vectors of its five views (roles.mention_vectors). This component keeps the training
mentions' view vectors with their gold roles and, for a new mention, averages the roles of
its ``k`` most similar training mentions (cosine over the concatenated views, weighted by
``exp(sharpness * similarity)``). The stage blends these probabilities with the linear
models' (``weight``: the share of the neighbours). With the role rows read at the gold
mention (training.SETTINGS), 5-fold CV through the product path (``newstrace eval semeval25
--mentions given --cv``): fine-role exact match 0.205 -> 0.227 (fold 0 0.243 either way), inside
the noise of about 100 mentions a fold; ``python scripts/framing_cv.py roles-knn`` compares k
and the weight on one set of fold models.

Stored as NAME.npz (float16 unit vectors, int8 labels) and NAME.json (settings, labels):
no pickles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

DEFAULTS: dict[str, Any] = {"k": 10, "sharpness": 10.0, "weight": 0.5}


def _unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _similarities(queries: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Cosine of each query row with each training row, one query at a time with numpy's own
    sum: a BLAS matrix product rounds differently with its thread count and the batch size,
    so the same article would get other scores on a Dask worker (one BLAS thread) or in a
    batch of another size, and the runs would not export the same roles."""
    return np.stack([(train * q).sum(axis=1) for q in queries])


@dataclass
class RoleNeighbours:
    vectors: np.ndarray  # (mentions, dim) unit rows
    main: np.ndarray  # (mentions,) main role index
    fine: np.ndarray  # (mentions, fine roles) 0/1
    main_labels: list[str]
    fine_labels: list[str]
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))

    @classmethod
    def build(cls, vectors: np.ndarray, main: np.ndarray, fine: np.ndarray, main_labels: list[str],
              fine_labels: list[str], settings: dict[str, Any] | None = None) -> RoleNeighbours:
        if len(vectors) == 0:
            raise ValueError("role neighbours need at least one training mention")
        s = {**DEFAULTS, **(settings or {})}
        return cls(_unit_rows(vectors).astype(np.float16), np.asarray(main, np.int8),
                   np.asarray(fine, np.int8), list(main_labels), list(fine_labels), s)

    def _train_rows(self) -> np.ndarray:
        rows = self.__dict__.get("_rows32")
        if rows is None:
            rows = self.__dict__["_rows32"] = self.vectors.astype(np.float32)
        return rows

    @property
    def weight(self) -> float:
        return float(self.settings["weight"])

    def probs(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(main role probabilities, fine role shares) of each row of ``vectors`` (the
        mention vectors as roles.mention_vectors gives them; any scale)."""
        n = len(vectors)
        pm = np.zeros((n, len(self.main_labels)), np.float32)
        pf = np.zeros((n, len(self.fine_labels)), np.float32)
        if n == 0:
            return pm, pf
        sim = _similarities(_unit_rows(vectors), self._train_rows())
        k = min(int(self.settings["k"]), sim.shape[1])
        idx = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        w = np.exp(float(self.settings["sharpness"]) * (np.take_along_axis(sim, idx, 1) - 1.0))
        w /= w.sum(axis=1, keepdims=True)
        for r in range(n):
            pm[r] = np.bincount(self.main[idx[r]], weights=w[r], minlength=len(self.main_labels))
            pf[r] = w[r] @ self.fine[idx[r]]
        return pm, pf

    def save(self, folder: Path, name: str) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        js, npz = folder / f"{name}.json", folder / f"{name}.npz"
        meta = {"main_labels": self.main_labels, "fine_labels": self.fine_labels, "settings": self.settings}
        js.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        with npz.open("wb") as fh:  # a file handle: np.savez would otherwise add ".npz"
            np.savez_compressed(fh, vectors=self.vectors, main=self.main, fine=self.fine)
        return [js, npz]

    @classmethod
    def load(cls, folder: Path, name: str) -> RoleNeighbours:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            return cls(z["vectors"], z["main"], z["fine"], meta["main_labels"], meta["fine_labels"], meta["settings"])
