"""The events precision gate's data and threshold (docs/quality-events.md reports its output).

    PYTHONPATH=src nice -n 10 python scripts/events_gate.py [--skip 300 --limit 200] dump OUT.jsonl [--threshold 0.08] [--corpus semeval]
        events the stage (without the gate, detector threshold --threshold) finds on PolNeAR
        train articles [skip, skip + limit) that data/events/precision_polnear_train.jsonl has
        no verdict for, in its format (verdict "?"): read them, mark each right or wrong with a
        reason, and append them to the file. (The file holds articles 300-499 at threshold
        0.08 and 500-839 at 0.15, training.GATE_PARTS.) --corpus semeval: SemEval 2023 train
        articles instead (default: training.SEMEVAL_GATE_PART, articles 150-299 in name order,
        labelled at 0.15), against data/events/precision_semeval_train.jsonl.
    PYTHONPATH=src nice -n 10 python scripts/events_gate.py cv [--folds 5] [--seeds 13,1,2] [--c 0.3] [--case-weight 0.2] [--semeval-weight 0,1] [--ptc-weight 0,1] [--semeval25-weight 0,1] [--kinds]
        grouped cross-validation of the gate on its training data (CASE snippets' events as
        right, the labelled PolNeAR, SemEval and PTC tuning events), per fold seed and as mean
        and standard deviation over the seeds: per gate threshold (and confidence floor,
        --min-confidence 0,0.05), the held-out precision and right events kept per source:
        PolNeAR (folds over CASE snippets and PolNeAR articles, every other labelled event in
        training; also the share of CASE events kept), SemEval, PTC and SemEval 2025 (folds over
        that source's articles, everything else in training; weight 0: a gate that never saw them).
        Folds are grouped by article across sources: SemEval 2023's English articles are PTC
        2020's, and a PTC article's SemEval copy is never in training while it is held out.
        With --ptc-weight > 0 the SemEval copies of PTC articles weigh 0 (the PTC labels stand
        for them). The PTC figure is the one the gate is tuned on: optimistic for the settings
        chosen with it; the blind held-out PTC sample is never part of this.
        --ctx (not shipped; torch, the `embeddings` extra): in each outer fold also fine-tune
        the event check (scripts/event_check_model.py: all-MiniLM-L6-v2 as a cross-encoder
        "is this a real event of this kind?", on the labelled PolNeAR train records outside
        the fold and all SemEval records) and print, at the first gate threshold, the gate
        alone, the gate and the check (--ctx-thresholds), the check alone, the mean of the
        two, per fold (docs/quality-events.md, "Tried and not kept"). About 3 minutes a fold
        on one shared core; the fold's scores are cached (--ctx-cache).

The shipped detector and sub-type model find the events; the gate is refitted on each
fold's training part. Train the shipped gate with scripts/train_events.py.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.events.casepath import (
    Snippet,
    labelled_events,
    load_gate_corpus,
    load_muc_gate,
    muc_gate_examples,
    prepare,
)
from newstrace.events.data import DATA_DIR
from newstrace.events.detector import DetectorModel
from newstrace.events.gate import NOT_VIOLENT
from newstrace.events.models import EventModels, shipped_models
from newstrace.events.precision import norm, read_labels, split_files
from newstrace.events.training import (
    CASE_FILE,
    GATE_LABELS,
    POLNEAR_ARTICLES,
    POLNEAR_TRAIN,
    SEED,
    SEMEVAL_GATE_LABELS,
    SEMEVAL_GATE_PART,
    SEMEVAL_TRAIN,
    Examples,
    GateConfig,
    fit_detector,
    fit_models,
    load_corpora,
    read_case,
)
from newstrace.nlp.cache import cache_root

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
PACKAGE = REPO / "src" / "newstrace"


def code_digest() -> str:
    """A digest of what the cached gate features are computed from: the events code, its data
    files and shipped models but the gate (the CV refits it; a retrained gate leaves the
    features as they were). A cache written by other code is never reused."""
    h = hashlib.sha256()
    for folder in ("events", "data/events", "models/events"):
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.is_file() and path.suffix != ".pyc" and path.name not in ("gate.npz", "gate.json", "training.json"):
                h.update(path.relative_to(PACKAGE).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:12]


def models_or_fail() -> EventModels:
    models = shipped_models()
    if models is None:
        raise SystemExit("no shipped events models: train them first (scripts/train_events.py)")
    return models


def articles(corpora: Path, corpus: str, skip: int | None, limit: int | None) -> tuple[list[str], list[Snippet]]:
    """Train articles [skip, skip + limit) of PolNeAR or SemEval 2023 in name order (default:
    those after the detector's non-event articles, all of PolNeAR's; SemEval's gate part)."""
    if corpus == "semeval":
        first, count = SEMEVAL_GATE_PART
        skip, limit = (first if skip is None else skip), (count if limit is None else limit)
        folder, label = corpora / SEMEVAL_TRAIN, "semeval-train"
    else:
        skip, limit = (POLNEAR_ARTICLES if skip is None else skip), (200 if limit is None else limit)
        folder, label = corpora / POLNEAR_TRAIN, "polnear-train"
    files = split_files(folder, skip, limit)
    texts = [f.read_text(encoding="utf-8") for f in files]
    names = [f.stem for f in files]
    return names, prepare(names, texts, cache_root() / "events", f"{label}-{skip}-{limit}")


def dump(args: argparse.Namespace) -> None:
    from newstrace.events.casepath import ungated_of

    models = models_or_fail()
    models = EventModels(models.detector, models.typer, replace(models.settings, threshold=args.threshold), None)
    labels_file = DATA_DIR / (SEMEVAL_GATE_LABELS if args.corpus == "semeval" else GATE_LABELS)
    known = read_labels(labels_file) if labels_file.is_file() else {}
    names, snippets = articles(args.corpora, args.corpus, args.skip, args.limit)
    seen = set()
    with args.out.open("w", encoding="utf-8") as out:
        for name, s in zip(names, snippets, strict=True):
            by_id = {a.id: a.text for a in s.parts}
            for e, _ in ungated_of(s, models):
                sentence = norm(by_id[e.article_id][e.sentence.start : e.sentence.end])
                key = (name, sentence, e.label)
                if key in known or key in seen:
                    continue
                seen.add(key)
                out.write(json.dumps({"article": name, "sentence": sentence, "label": e.label, "trigger": e.trigger.text,
                                      "verdict": "?", "reason": ""}, ensure_ascii=False) + "\n")
    print(f"{len(seen)} unlabelled events written to {args.out}")


def gate_data(
    corpora: Path, models: EventModels, crossfit: int = 0
) -> tuple[Examples, list[int], Examples, list[int], list[float], list[float], list[dict[str, str]], list[str]]:
    """(CASE examples, their snippet ids, labelled examples, their article ids, the CASE events'
    confidences, the labelled events' confidences, their records, their corpora): the groups
    keep one snippet's or article's events in one fold. The labelled events are those of the
    gate corpus (casepath.load_gate_corpus): PolNeAR's, then SemEval's ("polnear", "semeval")."""
    from newstrace.events.casepath import ungated_of

    ids, texts, labels = read_case(corpora / CASE_FILE)
    case, case_groups, case_conf = Examples(), [], []
    snippets = prepare(ids, texts, cache_root() / "events", "case")
    # Which models find each snippet's events: the shipped ones (trained on it), or with
    # --crossfit K models trained on the other K-1 parts (as training.GateConfig.crossfit).
    finders = [models] * len(snippets)
    if crossfit > 1:
        from sklearn.model_selection import StratifiedKFold

        fixed = load_corpora(corpora)
        for train, test in StratifiedKFold(crossfit, shuffle=True, random_state=SEED).split(labels, labels):
            inner = fit_models([snippets[i].parts for i in train], [snippets[i].docs for i in train],
                               [labels[i] for i in train], fixed, models.settings)
            for i in test:
                finders[i] = inner
    for i, s in enumerate(snippets):
        for e, feats in ungated_of(s, finders[i]):
            case.add(feats, 1)
            case_groups.append(i)
            case_conf.append(e.confidence)
    gc = load_gate_corpus(corpora)
    pol, pol_groups, pol_conf, pol_records, pol_sources = Examples(), [], [], [], []
    for i, e, feats, record in labelled_events(gc.snippets, gc.names, gc.verdicts, models):
        pol.add(feats, int(record["verdict"] == "right"))
        pol_groups.append(i)
        pol_conf.append(e.confidence)
        pol_records.append({**record, "confidence": round(e.confidence, 3)})
        pol_sources.append(gc.sources[i])
    return case, case_groups, pol, pol_groups, case_conf, pol_conf, pol_records, pol_sources


def short_data(corpora: Path, models: EventModels, paragraphs: int) -> tuple[Examples, list[int]]:
    """The labelled events the stage finds in the gate corpus's articles cut into pieces of
    ``paragraphs`` paragraphs (casepath.load_short_pieces), with each one's article index."""
    from newstrace.events.casepath import load_short_pieces

    cache = cache_root() / "events" / f"gate-short-{models.settings.threshold}-{paragraphs}-{code_digest()}.json"
    if cache.is_file():
        d = json.loads(cache.read_text(encoding="utf-8"))
        return Examples(*d["short"]), d["groups"]
    gc = load_gate_corpus(corpora)
    names, owners, pieces = load_short_pieces(corpora, paragraphs)
    ex, groups = Examples(), []
    for k, _, feats, record in labelled_events(pieces, names, gc.verdicts, models):
        ex.add(feats, int(record["verdict"] == "right"))
        groups.append(owners[k])
    cache.write_text(json.dumps({"short": [ex.features, ex.labels, ex.weights], "groups": groups}), encoding="utf-8")
    return ex, groups



def vec_texts(corpora: Path, case_groups: list[int], pol_records: list[dict[str, str]], window: int) -> list[str]:
    """The text the sentence-vector feature reads for each gate event (CASE first, then
    PolNeAR): its sentence (a CASE event's snippet, which is mostly one sentence), with
    ``window`` > 0 the trigger and that many words either side appended (PolNeAR only: the
    gate cache keeps no CASE trigger offsets)."""
    _, snippets, _ = read_case(corpora / CASE_FILE)
    out = [snippets[g] for g in case_groups]
    for r in pol_records:
        text = r["sentence"]
        if window > 0:
            words = text.split()
            hit = next((k for k, w in enumerate(words) if r["trigger"].split()[0].lower() in w.lower()), None)
            if hit is not None:
                text = text + " | " + " ".join(words[max(0, hit - window) : hit + window + 1])
        out.append(text)
    return out


def vec_scores(x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, train: np.ndarray,
               test: np.ndarray, inner: int, c: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A logistic model over sentence vectors, trained on ``train`` only: (cross-fitted scores
    of the training rows, each from a model that did not see its article or snippet; scores of
    the ``test`` rows from the model of all training rows)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    def fit(rows: np.ndarray) -> LogisticRegression:
        m = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        m.fit(x[rows], y[rows], sample_weight=w[rows])
        return m

    inner_scores = np.zeros(len(train))
    for a, b in GroupKFold(inner, shuffle=True, random_state=seed).split(train, y[train], groups[train]):
        inner_scores[b] = fit(train[a]).predict_proba(x[train[b]])[:, 1]
    return inner_scores, fit(train).predict_proba(x[test])[:, 1]


def vec_buckets(score: float, n: int) -> list[str]:
    """The score's level out of ``n`` equal-width ones."""
    return [f"vec:b{min(int(score * n), n - 1)}"]


def non_violent_rows(data: Examples) -> np.ndarray:
    return np.asarray([any(f"T:{k}" in feats for k in NOT_VIOLENT) for feats in data.features])


def ctx_fold(args: argparse.Namespace, k: int, seed: int, test_records: list[dict[str, str]], rows: np.ndarray) -> np.ndarray:
    """--ctx: the event check (scripts/event_check_model.py) fine-tuned on every labelled
    record (the labels files, not only the events the stage finds now) of the PolNeAR articles
    outside this fold and of all SemEval articles; its scores of the fold's events. Cached in
    --ctx-cache by fold, seed and settings."""
    import event_check_model as ecm

    key = (f"ctx-s{seed}-f{args.folds}-k{k}-e{args.ctx_epochs}-lr{args.ctx_lr:g}-fz{args.ctx_frozen}"
           f"-sem{args.ctx_semeval:g}-{code_digest()}")
    cache = args.ctx_cache / f"{key}.json"
    if cache.is_file():
        return np.asarray(json.loads(cache.read_text())["scores"])
    held = {r["article"] for r in test_records}
    train = [r for r in read_labels(DATA_DIR / GATE_LABELS).values() if r["article"] not in held]
    weights = [1.0] * len(train)
    if args.ctx_semeval > 0:
        sem = list(read_labels(DATA_DIR / SEMEVAL_GATE_LABELS).values())
        train += sem
        weights += [args.ctx_semeval] * len(sem)
    keep = [j for j, r in enumerate(train) if r["verdict"] in ("right", "wrong")]
    train, weights = [train[j] for j in keep], [weights[j] for j in keep]
    print(f"  ctx fold {k}: fine-tuning on {len(train)} labelled events "
          f"({sum(r['verdict'] == 'right' for r in train)} right), scoring {len(rows)}", flush=True)
    model = ecm.fine_tune([ecm.pair(r["label"], r["sentence"], r["trigger"]) for r in train],
                          [int(r["verdict"] == "right") for r in train], weights, epochs=args.ctx_epochs,
                          lr=args.ctx_lr, seed=seed, frozen=args.ctx_frozen)
    scores = ecm.score(model, [ecm.pair(r["label"], r["sentence"], r["trigger"]) for r in test_records])
    args.ctx_cache.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"scores": scores.tolist(), "rows": rows.tolist()}))
    return scores


def ctx_report(args: argparse.Namespace, prob: np.ndarray, ctx: np.ndarray, y: np.ndarray, is_pol: np.ndarray,
               non_violent: np.ndarray, fold_of: np.ndarray) -> None:
    """--ctx: the held-out PolNeAR events at the first gate threshold: the gate alone, the gate
    and the event check at each --ctx-thresholds, per fold; the check alone (AUC, precision
    where it keeps as many right events as the gate)."""
    from sklearn.metrics import roc_auc_score

    t = args.thresholds[0]
    gate = prob >= np.where(non_violent, max(t, args.non_violent), t)
    n_right = int((is_pol & (y == 1)).sum())

    def line(name: str, keep: np.ndarray) -> None:
        keep = keep & is_pol
        right = int((keep & (y == 1)).sum())
        per = []
        for k in range(args.folds):
            kk = keep & (fold_of == k)
            per.append(f"{(kk & (y == 1)).sum() / max(1, kk.sum()):.3f} ({int((kk & (y == 1)).sum())}/{int(kk.sum())})")
        print(f"  {name:22s} {right / max(1, keep.sum()):.3f}  {right:4d}/{n_right}  kept {int(keep.sum()):4d}   "
              + "  ".join(per))

    print(f"event check (--ctx), held-out PolNeAR events, gate threshold {t:g} (non-violent {args.non_violent:g}):")
    print("  what                   precision  right kept  kept   per fold: precision (right/kept)")
    line("gate alone", gate)
    for ct in args.ctx_thresholds:
        line(f"gate and check >= {ct:g}", gate & (ctx >= ct))
    for ct in args.ctx_thresholds:
        line(f"check alone >= {ct:g}", ctx >= ct)
    rows = is_pol
    auc = roc_auc_score(y[rows], ctx[rows])
    gauc = roc_auc_score(y[rows], prob[rows])
    per = [f"{roc_auc_score(y[rows & (fold_of == k)], ctx[rows & (fold_of == k)]):.3f}" for k in range(args.folds)]
    print(f"  AUC: check {auc:.3f} (per fold {' '.join(per)}), gate {gauc:.3f}")
    # The check alone where it keeps as many right events as the gate does.
    gate_right = int((gate & rows & (y == 1)).sum())
    order = np.argsort(-ctx[rows])
    cum = np.cumsum(y[rows][order])
    n = int(np.searchsorted(cum, gate_right) + 1)
    print(f"  check alone at the gate's right kept ({gate_right}): precision {gate_right / n:.3f} ({n} kept, "
          f"score >= {ctx[rows][order][n - 1]:.3f})")
    both = (prob + ctx) / 2
    order = np.argsort(-both[rows])
    cum = np.cumsum(y[rows][order])
    n = int(np.searchsorted(cum, gate_right) + 1)
    print(f"  mean of gate and check at the gate's right kept: precision {gate_right / n:.3f} ({n} kept, "
          f"mean >= {both[rows][order][n - 1]:.3f})")
    for mt in (0.4, 0.45, 0.5):
        line(f"mean >= {mt:g}", both >= mt)
    # A lower gate threshold with the check after it (non-violent kinds 0.10 higher, as shipped).
    for g in (0.2, 0.25, 0.3):
        for ct in args.ctx_thresholds:
            line(f"gate {g:g} and check >= {ct:g}", (prob >= np.where(non_violent, g + 0.1, g)) & (ctx >= ct))


SOURCES = ("polnear", "semeval", "ptc", "semeval25")


def kind_of(record: dict[str, str]) -> str:
    """A wrong event's kind: the PTC labels' "kind", else the first word of the reason."""
    kind = record.get("kind") or (record.get("reason") or "?").split()[0].strip(",.:;").lower()
    return kind or "?"


def load_cv_data(args: argparse.Namespace, models: EventModels) -> dict[str, Any]:
    from newstrace.events import gate

    gate.MASK_NAMES = args.mask_names
    masked = "-masked" if args.mask_names else ""
    cache = cache_root() / "events" / f"gate-data-{models.settings.threshold}-{args.crossfit}-muc-src{masked}-{code_digest()}.json"
    if args.reuse and cache.is_file():
        return dict(json.loads(cache.read_text(encoding="utf-8")))
    case, case_groups, pol, pol_groups, case_conf, pol_conf, pol_records, pol_sources = gate_data(
        args.corpora, models, args.crossfit)
    muc_docs, muc_snippets, _ = load_muc_gate(args.corpora)
    muc = muc_gate_examples(muc_docs, muc_snippets, models)
    d = {"muc": [muc.features, muc.labels, muc.weights], "case": [case.features, case.labels, case.weights],
         "case_groups": case_groups, "pol": [pol.features, pol.labels, pol.weights], "pol_groups": pol_groups,
         "case_conf": case_conf, "pol_conf": pol_conf, "pol_records": pol_records, "pol_sources": pol_sources}
    cache.write_text(json.dumps(d), encoding="utf-8")
    return d


def cv(args: argparse.Namespace) -> None:
    from sklearn.model_selection import GroupKFold

    models = models_or_fail()
    settings = replace(models.settings, threshold=args.detector_threshold or models.settings.threshold)
    models = EventModels(models.detector, models.typer, settings, None)
    d = load_cv_data(args, models)
    case, pol, muc = Examples(*d["case"]), Examples(*d["pol"]), Examples(*d["muc"])
    case_groups, case_conf, pol_conf = d["case_groups"], d["case_conf"], d["pol_conf"]
    pol_records, pol_sources = d["pol_records"], d["pol_sources"]
    short, short_groups = Examples(), []
    if any(w > 0 for w in args.short_weight):
        short, short_groups = short_data(args.corpora, models, args.paragraphs)
    drop = tuple(args.drop.split(",")) if args.drop else ()
    for ex in (case, pol, muc, short):
        ex.features = [[f for f in feats if not f.startswith(drop)] for feats in ex.features] if drop else ex.features
    n_case = len(case.labels)
    # Folds are grouped by CASE snippet and by article: a PTC article and its SemEval copy (the
    # same text, the same name) are one group, so neither is in training when the other is held out.
    keys = [f"case:{g}" for g in case_groups] + [f"art:{r['article']}" for r in pol_records]
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    groups = np.asarray([index[k] for k in keys])
    # short pieces: grouped with their PolNeAR article (gate_data's article index)
    pol_group_of = {g: index[f"art:{r['article']}"] for g, r in zip(d["pol_groups"], pol_records, strict=True)}
    short_g = np.asarray([pol_group_of.get(g, -1) for g in short_groups])
    short_y = np.asarray(short.labels)
    source = np.asarray(["case"] * n_case + list(pol_sources))
    is_case = source == "case"
    is_src = {s: source == s for s in SOURCES}
    is_pol = is_src["polnear"]
    y = np.asarray(case.labels + pol.labels)
    ptc_articles = {r["article"] for r, s in zip(pol_records, pol_sources, strict=True) if s == "ptc"}
    sem_copy = np.asarray([False] * n_case + [s == "semeval" and r["article"] in ptc_articles
                                              for r, s in zip(pol_records, pol_sources, strict=True)])
    print(f"gate data: {n_case} CASE events, " + ", ".join(
        f"{int(is_src[s].sum())} {s} events ({int(y[is_src[s]].sum())} right)" for s in SOURCES)
        + f" ({int(sem_copy.sum())} SemEval events of PTC articles), {len(muc.labels)} MUC-4 events")
    vecs = None
    if args.vec > 1:
        from newstrace.nlp.encoder import encode

        vecs = encode(vec_texts(args.corpora, case_groups, pol_records, args.vec_window))
    non_violent = non_violent_rows(Examples(case.features + pol.features, y.tolist(), [1.0] * len(y)))
    # --battles T: battles need T (EventSettings.gate_threshold_battles), when below t.
    battles = np.asarray([any(f == "T:Battles" for f in feats) for feats in case.features + pol.features], dtype=bool)
    # --civilians T: violence against civilians needs T (EventSettings.gate_threshold_civilians), when above t.
    civilians = np.asarray([any(f == "T:Violence against civilians" for f in feats) for feats in case.features + pol.features], dtype=bool)
    short_nv = np.asarray([any(f"T:{k}" in feats for k in NOT_VIOLENT) for feats in short.features], dtype=bool)
    conf = np.asarray(case_conf + pol_conf)
    # summary[(setting, threshold, floor)][source] -> per fold seed (precision, right kept, kept)
    summary: dict[tuple[str, float, float], dict[str, list[tuple[float, int, int]]]] = {}
    for c, cw, mw, sw, semw, ptcw, s25w in itertools.product(args.c, args.case_weight, args.muc_weight, args.short_weight,
                                                              args.semeval_weight, args.ptc_weight, args.semeval25_weight):
        setting = f"C={c} case {cw:g} MUC-4 {mw:g} short {sw:g} SemEval {semw:g} PTC {ptcw:g} SemEval25 {s25w:g}"
        data = Examples(case.features, case.labels, [cw] * n_case) + pol
        # A source's weight; with PTC events in, the SemEval copies of PTC articles are left out
        # (casepath.weighted_labelled_examples).
        weight = np.asarray(data.weights, dtype=float) * np.select(
            [is_src["semeval"], is_src["ptc"], is_src["semeval25"]], [semw, ptcw, s25w], 1.0)
        if ptcw > 0:
            weight = np.where(sem_copy, 0.0, weight)
        for seed in args.seeds:
            prob = np.zeros(len(y))
            short_prob = np.zeros(len(short_y))

            def fit(rows: np.ndarray, held: set[int], feats: list[list[str]], data: Examples = data,
                    weight: np.ndarray = weight, mw: float = mw, sw: float = sw, c: float = c,
                    seed: int = seed) -> DetectorModel:
                rows = rows[weight[rows] > 0]  # a source weight of 0: none of its events
                rows = rows[~np.isin(groups[rows], list(held))]  # nothing of a held-out article
                if args.min_articles > 1:
                    # --min-articles N: a word of fewer than N training articles (a story's names and
                    # topic words) is no feature.
                    seen: dict[str, set[int]] = {}
                    for i in rows:
                        for f in feats[i]:
                            if f.startswith("w:"):
                                seen.setdefault(f, set()).add(int(groups[i]))
                    rare = {f for f, gs in seen.items() if len(gs) < args.min_articles}
                    feats = [[f for f in fs if f not in rare] for fs in feats]
                sub = Examples([feats[i] for i in rows], [data.labels[i] for i in rows], [float(weight[i]) for i in rows])
                if mw > 0:  # MUC-4's long conflict reports: always training data
                    sub = sub + Examples(muc.features, muc.labels, [mw] * len(muc.labels))
                if sw > 0:  # short copies of the training articles' events
                    inside = [j for j, g in enumerate(short_g) if g not in held]
                    sub = sub + Examples([short.features[j] for j in inside], [short.labels[j] for j in inside], [sw] * len(inside))
                return fit_detector(sub, GateConfig(c=c), seed)

            everything = np.arange(len(y))
            # PolNeAR: folds over the CASE snippets and PolNeAR articles, every other labelled
            # event in training. SemEval, PTC: folds over that source's articles, everything
            # else in training.
            outer = np.flatnonzero(is_case | is_pol)
            fold_of = np.full(len(y), -1)
            ctx = np.full(len(y), np.nan)
            for k, (_tr, te) in enumerate(GroupKFold(args.folds, shuffle=True, random_state=seed).split(
                    outer, y[outer], groups[outer])):
                test = outer[te]
                fold_of[test] = k
                if args.ctx:
                    rows = test[~is_case[test]]
                    ctx[rows] = ctx_fold(args, k, seed, [pol_records[i - n_case] for i in rows], rows)
                feats = data.features
                held = set(groups[test].tolist())
                train = np.setdiff1d(everything, test)
                if vecs is not None:
                    # --vec K: the sentence-vector model sees the training folds only, and the gate
                    # learns its weight from scores cross-fitted in K parts of them.
                    w = weight * np.where(is_case, args.vec_case_weight, 1.0)
                    vtr = train[(w[train] > 0) & ~np.isin(groups[train], list(held))]
                    inner_s, test_s = vec_scores(vecs, y, w, groups, vtr, test, args.vec, args.vec_c, seed)
                    extra = {int(i): vec_buckets(s, args.vec_buckets) for i, s in zip(vtr, inner_s, strict=True)}
                    extra.update({int(i): vec_buckets(s, args.vec_buckets) for i, s in zip(test, test_s, strict=True)})
                    feats = [data.features[i] + extra.get(i, []) for i in range(len(y))]
                gate = fit(train, held, feats)
                prob[test] = [gate.score(feats[i]) for i in test]
                for j, g in enumerate(short_g):
                    if g in held:
                        short_prob[j] = gate.score(short.features[j])
            if args.ctx:
                ctx_report(args, prob, ctx, y, is_pol, non_violent, fold_of)
            for s in ("semeval", "ptc", "semeval25"):  # (without --vec's feature)
                rows = np.flatnonzero(is_src[s])
                if not rows.size:
                    continue
                for _tr, te in GroupKFold(args.folds, shuffle=True, random_state=seed).split(rows, y[rows], groups[rows]):
                    test = rows[te]
                    held = set(groups[test].tolist())
                    gate = fit(np.setdiff1d(everything, test), held, data.features)
                    prob[test] = [gate.score(data.features[i]) for i in test]
            if args.kept is not None:
                # The labelled events the held-out gate keeps at the first threshold, with its score.
                path = args.kept.with_suffix(f".c{c:g}.w{cw:g}.m{mw:g}.s{semw:g}.p{ptcw:g}.s25{s25w:g}.seed{seed}.jsonl")
                with path.open("w", encoding="utf-8") as out:
                    for j, record in enumerate(pol_records):
                        i = n_case + j
                        if prob[i] >= args.thresholds[0]:
                            out.write(json.dumps({**record, "source": pol_sources[j], "gate": round(float(prob[i]), 3)},
                                                 ensure_ascii=False) + "\n")
            if args.scores is not None:
                # Every labelled event's held-out score (thresholds can then be chosen per group
                # without refitting: scripts/events_gate_thresholds.py).
                path = args.scores.with_suffix(f".c{c:g}.w{cw:g}.s{semw:g}.p{ptcw:g}.s25{s25w:g}.seed{seed}.jsonl")
                with path.open("w", encoding="utf-8") as out:
                    for j, record in enumerate(pol_records):
                        i = n_case + j
                        out.write(json.dumps({"source": pol_sources[j], "article": record["article"], "label": record["label"],
                                              "verdict": record["verdict"], "kind": kind_of(record) if record["verdict"] == "wrong" else "",
                                              "gate": round(float(prob[i]), 4)}, ensure_ascii=False) + "\n")
            if args.bypass is not None:
                # Events in articles at least this dense in violent sentences skip the gate.
                dense = np.asarray([f"dens>{args.bypass}" in feats for feats in data.features])
                prob = np.where(dense, 1.0, prob)
            print(f"{setting} crossfit {args.crossfit}, fold seed {seed}")
            print("  threshold  min_conf  case_kept  " + "  ".join(f"{s}: precision (right kept/right, kept)" for s in SOURCES)
                  + ("  short: precision (right kept/kept)" if len(short_y) else ""))
            for t, floor in itertools.product(args.thresholds, args.min_confidence):
                # --non-violent T: protests, strategic developments and events outside ACLED
                # need T (EventSettings.gate_threshold_non_violent), when it is above t.
                need = np.where(non_violent, max(t, args.non_violent), np.where(battles, min(t, args.battles),
                                np.where(civilians, max(t, args.civilians), t)))
                keep = (prob >= need) & (conf >= floor)
                line = f"  {t:9.2f}  {floor:8.2f}  {keep[is_case].mean():9.3f}"
                per = summary.setdefault((setting, t, floor), {})
                for s in SOURCES:
                    rows = is_src[s]
                    if not rows.any():
                        continue
                    kept = keep & rows
                    right = int((kept & (y == 1)).sum())
                    precision = right / max(1, int(kept.sum()))
                    per.setdefault(s, []).append((precision, right, int(kept.sum())))
                    line += f"  {s} {precision:.3f} ({right}/{int((rows & (y == 1)).sum())}, {int(kept.sum())})"
                if len(short_y):
                    sk = short_prob >= np.where(short_nv, max(t, args.non_violent), t)
                    line += f"  short {(sk & (short_y == 1)).sum() / max(1, sk.sum()):.3f} ({int((sk & (short_y == 1)).sum())}/{int(sk.sum())})"
                print(line)
                if args.kinds and t == args.thresholds[0] and floor == args.min_confidence[0]:
                    for s in SOURCES:
                        wrong = [kind_of(pol_records[i - n_case]) for i in np.flatnonzero(keep & is_src[s] & (y == 0))]
                        every = [kind_of(pol_records[i - n_case]) for i in np.flatnonzero(is_src[s] & (y == 0))]
                        if every:
                            kinds = Counter(wrong)
                            print(f"    {s} wrong kept / labelled wrong, by kind: " + ", ".join(
                                f"{kd} {kinds[kd]}/{n}" for kd, n in Counter(every).most_common()))
    if len(args.seeds) > 1:
        print(f"mean ± standard deviation over fold seeds {','.join(map(str, args.seeds))} (precision; right kept; kept):")
        for (setting, t, floor), per in summary.items():
            cells = []
            for s, runs in per.items():
                p = np.asarray([r[0] for r in runs])
                cells.append(f"{s} {p.mean():.3f} ± {p.std(ddof=1):.3f} ({np.mean([r[1] for r in runs]):.0f}; "
                             f"{np.mean([r[2] for r in runs]):.0f})")
            print(f"  {setting} t={t:g} floor={floor:g}: " + "  ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    ap.add_argument("--skip", type=int, default=None, help="dump: first article (default: see articles())")
    ap.add_argument("--limit", type=int, default=None, help="dump: how many articles")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--threshold", type=float, default=0.08)
    d.add_argument("--corpus", choices=("polnear", "semeval"), default="polnear",
                   help="semeval: SemEval 2023 train (training.SEMEVAL_GATE_PART), labels in "
                        "data/events/precision_semeval_train.jsonl")
    c = sub.add_parser("cv")
    c.add_argument("--folds", type=int, default=5)
    c.add_argument("--seeds", type=lambda s: [int(x) for x in s.split(",")], default=[SEED, 1, 2],
                   help="fold seeds (comma-separated); with more than one, mean and spread per source")
    c.add_argument("--seed", type=int, default=None, help="one fold seed (same as --seeds N)")
    c.add_argument("--detector-threshold", type=float, default=None, help="default: the shipped one")
    c.add_argument("--reuse", action="store_true", help="reuse the gate data of the last run (cache)")
    c.add_argument("--drop", default="", help="leave out features with these prefixes (comma-separated)")
    c.add_argument("--case-weight", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.case_weight],
                   help="weights of a CASE event against a PolNeAR one (comma-separated)")
    c.add_argument("--muc-weight", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.muc_weight],
                   help="weights of a MUC-4 event (casepath.muc_gate_examples; 0: none)")
    c.add_argument("--short-weight", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.short_weight],
                   help="weights of the labelled events found in pieces of the PolNeAR articles (0: none); their "
                        "held-out precision is printed (short_precision)")
    c.add_argument("--semeval-weight", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.semeval_weight],
                   help="weights of a labelled SemEval event (0: none); their held-out precision is printed "
                        "(folds over the SemEval articles, every other event in training)")
    c.add_argument("--ptc-weight", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.ptc_weight],
                   help="weights of a labelled PTC tuning event (0: none); their held-out precision is printed "
                        "(folds over the PTC articles, every other event in training)")
    c.add_argument("--semeval25-weight", type=lambda s: [float(x) for x in s.split(",")],
                   default=[GateConfig.semeval25_weight],
                   help="weights of a labelled SemEval 2025 task 10 event (0: none); their held-out precision is "
                        "printed (folds over the SemEval 2025 documents, every other event in training)")
    c.add_argument("--kinds", action="store_true",
                   help="at the first threshold, the held-out wrong events kept per source by kind (PTC: its "
                        "'kind'; PolNeAR, SemEval: the first word of the reason, e.g. 'generic')")
    c.add_argument("--mask-names", action="store_true",
                   help="the sentence's words with names masked by their entity label (gate.MASK_NAMES)")
    c.add_argument("--min-articles", type=int, default=0,
                   help="N > 1: leave out sentence words (w:) found in fewer than N training articles")
    c.add_argument("--scores", type=Path, default=None,
                   help="write every labelled event's held-out gate score per fold seed (JSONL: source, label, verdict, gate)")
    c.add_argument("--paragraphs", type=int, default=2, help="paragraphs per piece (--short-weight)")
    c.add_argument("--bypass", type=int, default=None, help="articles from this density bucket (gate.article_features) skip the gate")
    c.add_argument("--crossfit", type=int, default=0,
                   help="K > 1: the CASE events are found by models trained on the other K-1 parts of CASE")
    c.add_argument("--kept", type=Path, default=None,
                   help="write the PolNeAR events the held-out gate keeps at the first threshold (JSONL, with verdicts)")
    c.add_argument("--vec", type=int, default=0,
                   help="K > 1: add a sentence-vector feature (vec:b0.., a logistic model over the encoded "
                        "sentence, cross-fitted in K parts of the training folds); 0: off (not shipped)")
    c.add_argument("--vec-window", type=int, default=0, help="--vec: also the trigger and this many words either side")
    c.add_argument("--vec-buckets", type=int, default=5, help="--vec: the score's levels (vec:b0.., equal width)")
    c.add_argument("--vec-c", type=float, default=1.0, help="--vec: the vector model's C")
    c.add_argument("--vec-case-weight", type=float, default=1.0,
                   help="--vec: a CASE event's weight in the vector model, times its gate weight (0: PolNeAR only)")
    c.add_argument("--c", type=lambda s: [float(x) for x in s.split(",")], default=[GateConfig.c])
    c.add_argument("--min-confidence", type=lambda s: [float(x) for x in s.split(",")], default=[0.0],
                   help="confidence floors (events below one are dropped whatever the gate says)")
    c.add_argument("--non-violent", type=float, default=0.0,
                   help="threshold for protests, strategic developments and events outside ACLED (when above the threshold)")
    c.add_argument("--civilians", type=float, default=0.0,
                   help="threshold for violence against civilians (when above the threshold; EventSettings.gate_threshold_civilians)")
    c.add_argument("--battles", type=float, default=1.0,
                   help="threshold for battles (when below the threshold; EventSettings.gate_threshold_battles)")
    c.add_argument("--thresholds", type=lambda s: [float(x) for x in s.split(",")],
                   default=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    c.add_argument("--ctx", action="store_true",
                   help="also fine-tune the event check (scripts/event_check_model.py, torch) on each fold's "
                        "labelled PolNeAR and all SemEval events and report it with the gate (not shipped)")
    c.add_argument("--ctx-thresholds", type=lambda s: [float(x) for x in s.split(",")], default=[0.2, 0.3, 0.4, 0.5])
    c.add_argument("--ctx-epochs", type=int, default=3)
    c.add_argument("--ctx-lr", type=float, default=4e-5)
    c.add_argument("--ctx-frozen", type=int, default=3, help="--ctx: the lowest layers left as they are")
    c.add_argument("--ctx-semeval", type=float, default=1.0, help="--ctx: a SemEval event's weight (0: none)")
    c.add_argument("--ctx-cache", type=Path, default=cache_root() / "events" / "ctx")
    args = ap.parse_args()
    if getattr(args, "seed", None) is not None:
        args.seeds = [args.seed]
    dump(args) if args.command == "dump" else cv(args)


if __name__ == "__main__":
    main()
