"""Fast what-ifs for the events stage on one CASE fold seed (docs/quality-events.md, "What
else was tried for precision"): the expensive part (fold models, the stage run once at low
thresholds) is collected once; detector / learned-trigger / gate thresholds are then scored
from the collected events without rerunning the stage.

    NEWSTRACE_SHARED=../shared PYTHONPATH=src nice -n 10 python scripts/events_variants.py \
        collect OUT.json [--seed 13] [--ordinary-news]
    PYTHONPATH=src python scripts/events_variants.py score OUT.json \
        [--threshold 0.15] [--learned 0.3,0.15] [--gate 0.25] [--gate-non-violent 0.4,0.5]

collect: for each of 5 stratified folds, the detector and sub-type model are trained on the
other folds (``--ordinary-news``: the sub-type model also on the PolNeAR train events marked
right); every event the held-out snippets give at detector threshold 0.08 (learned-trigger
threshold 0.1) is kept with its detection score and the gate's features, as are the events of
the training snippets (the gate's positives) and, once, the events of the gate's PolNeAR train
articles with their verdicts (with ``--ordinary-news`` the sub-type model for those is
cross-fitted: trained without the article's fold).

score: per setting, the gate is trained per fold as the product trains it and the held-out
CASE answers are scored (weighted F1, share of snippets with an event); precision on the
labelled PolNeAR train events comes from a 5-fold CV grouped by article. Approximations
against ``newstrace eval case --cv``: lower thresholds are emulated by filtering, and the
article-level gate features count the events found at the low thresholds. Settings chosen
with it are optimistic on CASE (the file they are scored on).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

import newstrace.events.extract as extract
from newstrace.events.casepath import (
    GateCorpus,
    Snippet,
    load_gate_corpus,
    ordinary_news_rows,
    prepare,
    ungated_of,
)
from newstrace.events.data import taxonomy
from newstrace.events.evaluate import scores
from newstrace.events.models import EventModels
from newstrace.events.precision import norm
from newstrace.events.training import (
    CASE_FILE,
    Examples,
    GateConfig,
    TyperConfig,
    fit_detector,
    fit_models,
    fit_typer,
    load_corpora,
    read_case,
)
from newstrace.nlp.cache import cache_root

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
NON_VIOLENT = ("Strategic developments", "Outside ACLED", "Protests")

# Each event's detection score and whether a learned trigger names it (not on EventMention).
_DETECTION: dict[str, tuple[float, bool]] = {}
_mention = extract._mention


def _recording_mention(article: Any, c: Any, *args: Any, **kwargs: Any) -> Any:
    e = _mention(article, c, *args, **kwargs)
    _DETECTION[e.id] = (c.detection, c.learned_trigger is not None)
    return e


extract._mention = _recording_mention  # type: ignore[assignment]


def _events(s: Snippet, models: EventModels) -> list[dict[str, Any]]:
    texts = {a.id: a.text for a in s.parts}
    out = []
    for e, feats in ungated_of(s, models):
        det, learned = _DETECTION[e.id]
        sentence = norm(texts[e.article_id][e.sentence.start : e.sentence.end])
        out.append({"label": e.label, "conf": e.confidence, "det": det, "learned": learned, "feats": feats, "sent": sentence})
    return out


def collect(args: argparse.Namespace) -> None:
    from sklearn.model_selection import StratifiedKFold

    corpora_dir = args.corpora
    _, texts, labels = read_case(corpora_dir / CASE_FILE)
    snippets = prepare([str(i) for i in range(len(texts))], texts, cache_root() / "events")
    corpora = load_corpora(corpora_dir)
    gc = load_gate_corpus(corpora_dir).only("polnear")  # (the gate corpus also holds the SemEval part)
    tconf = TyperConfig(ordinary_news=args.ordinary_news)
    extra = ordinary_news_rows(gc, 1) if args.ordinary_news else ([], [])
    folds: list[dict[str, Any]] = []
    pol: list[dict[str, Any]] | None = None
    cv = StratifiedKFold(5, shuffle=True, random_state=args.seed)
    for train, test in cv.split(labels, labels):
        m = fit_models([snippets[i].parts for i in train], [snippets[i].docs for i in train], [labels[i] for i in train],
                       corpora, None, tconf, None, args.seed, extra)
        low = replace(m.settings, threshold=0.08, learned_threshold=0.1)
        held = {int(i): _events(snippets[i], EventModels(m.detector, m.typer, low)) for i in test}
        in_fold = {int(i): _events(snippets[i], EventModels(m.detector, m.typer, m.settings)) for i in train}
        if pol is None:
            pol = _polnear_events(gc, m, low, [" ".join(a.text for a in snippets[i].parts) for i in train],
                                  [labels[i] for i in train], args)
        folds.append({"held": held, "in_fold": in_fold})
        print(f"fold {len(folds)} done", file=sys.stderr)
    args.out.write_text(json.dumps({"seed": args.seed, "labels": labels, "folds": folds, "pol": pol}), encoding="utf-8")


def _polnear_events(gc: GateCorpus, m: EventModels, low: Any, case_texts: list[str], case_labels: list[str],
                    args: argparse.Namespace) -> list[dict[str, Any]]:
    part = {a: k % 5 for k, a in enumerate(np.random.RandomState(7).permutation(len(gc.names)).tolist())}
    out = []
    for k in range(5):
        typer = m.typer
        if args.ordinary_news:
            others = [a for a in range(len(gc.names)) if part[a] != k]
            rows = ordinary_news_rows(GateCorpus([gc.names[a] for a in others], [gc.snippets[a] for a in others], gc.verdicts, {}), 1)
            typer = fit_typer(case_texts + rows[0], case_labels + rows[1], TyperConfig(ordinary_news=True), args.seed)
        for a in (a for a in range(len(gc.names)) if part[a] == k):
            for ev in _events(gc.snippets[a], EventModels(m.detector, typer, low)):
                verdict = gc.verdicts.get((gc.names[a], ev["sent"], ev["label"]), {}).get("verdict")
                out.append({**ev, "article": gc.names[a], "verdict": verdict})
    return out


def _fit_gate(case_events: list[dict[str, Any]], pol: list[dict[str, Any]], seed: int) -> Any:
    ex = Examples()
    for ev in case_events:
        ex.add(ev["feats"], 1, GateConfig.case_weight)
    for ev in pol:
        ex.add(ev["feats"], int(ev["verdict"] == "right"))
    return fit_detector(ex, GateConfig(), seed)


def score(args: argparse.Namespace) -> None:
    d = json.loads(args.data.read_text(encoding="utf-8"))
    labels, folds, seed = d["labels"], d["folds"], d["seed"]
    tax = taxonomy()
    print("threshold learned gate gate_non_violent  weighted_F1 found  polnear_precision (right/kept, unlabelled)")
    for t in args.threshold:
        for lt in args.learned:
            for gt in args.gate:
                for gnv in args.gate_non_violent or [gt]:
                    def found(ev: dict[str, Any], t: float = t, lt: float = lt) -> bool:
                        return bool(ev["det"] >= (max(lt, t) if ev["learned"] else t))

                    def keep(ev: dict[str, Any], p: float, gt: float = gt, gnv: float = gnv) -> bool:
                        return p >= (gnv if tax[ev["label"]]["type"] in NON_VIOLENT else gt)

                    pol = [ev for ev in d["pol"] if ev["verdict"] in ("right", "wrong") and found(ev)]
                    unlabelled = sum(1 for ev in d["pol"] if ev["verdict"] is None and found(ev))
                    pred = [""] * len(labels)
                    for f in folds:
                        gate = _fit_gate([ev for evs in f["in_fold"].values() for ev in evs], pol, seed)
                        for i, evs in f["held"].items():
                            kept = [ev for ev in evs if found(ev) and keep(ev, gate.score(ev["feats"]))]
                            pred[int(i)] = max(kept, key=lambda e: e["conf"])["label"] if kept else ""
                    s = scores(labels, pred)
                    articles = sorted({ev["article"] for ev in pol})
                    group = {a: k % 5 for k, a in enumerate(np.random.RandomState(13).permutation(articles).tolist())}
                    case_events = [ev for evs in folds[0]["in_fold"].values() for ev in evs]
                    right = kept_n = 0
                    for k in range(5):
                        gate = _fit_gate(case_events, [ev for ev in pol if group[ev["article"]] != k], seed)
                        for ev in (ev for ev in pol if group[ev["article"]] == k):
                            if keep(ev, gate.score(ev["feats"])):
                                kept_n += 1
                                right += ev["verdict"] == "right"
                    precision = right / kept_n if kept_n else float("nan")
                    print(f"{t:9.2f} {lt:7.2f} {gt:4.2f} {gnv:16.2f}  {s['weighted_f1']:11.4f} {100 * s['detected']:5.1f}"
                          f"  {precision:.3f} ({right}/{kept_n}, {unlabelled})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("out", type=Path)
    c.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    c.add_argument("--seed", type=int, default=13)
    c.add_argument("--ordinary-news", action="store_true")
    s = sub.add_parser("score")
    s.add_argument("data", type=Path)

    def floats(x: str) -> list[float]:
        return [float(v) for v in x.split(",")]

    s.add_argument("--threshold", type=floats, default=[0.15])
    s.add_argument("--learned", type=floats, default=[0.15])
    s.add_argument("--gate", type=floats, default=[0.25])
    s.add_argument("--gate-non-violent", type=floats, default=None)
    args = ap.parse_args()
    collect(args) if args.command == "collect" else score(args)


if __name__ == "__main__":
    main()
