"""``newstrace train framing``: the models in src/newstrace/models/framing/.

Trained on the training folds of the shared corpora (every fold but ``HELDOUT_FOLD``, see
framing/corpus.py); thresholds are chosen on out-of-fold scores within those folds, so the
held-out fold is never seen. Deterministic: fixed folds, liblinear/lbfgs with fixed seeds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.framing import labels
from newstrace.framing.corpus import HELDOUT_FOLD, read_semeval23, read_semeval25
from newstrace.framing.dataset import (
    Corpus,
    RoleRows,
    SalienceRows,
    Units,
    corpus_digest,
    document_rows,
    entity_mentions,
    gold_pairs,
    prepare_corpus,
    role_rows,
    technique_units,
)
from newstrace.framing.fit import GRID, NEVER, fit_heads, out_of_fold, tune_thresholds
from newstrace.framing.linear import LinearHeads
from newstrace.framing.model import META_FILE, NEIGHBOURS, FramingModels, sha256
from newstrace.framing.neighbours import RoleNeighbours
from newstrace.framing.units import context_features, genre_features
from newstrace.nlp.cache import cache_root

# "context": the second technique stage over the sentence scores in their article scored
# below the first stage out of fold (0.323 vs 0.347) and on the held-out fold: off.
# techniques "vector_weight": each sentence's encoder vector beside its words (out of fold
# on folds 1-4: pair micro-F1 0.347 -> 0.378); "aggregate" noisy-or: a paragraph's sentences'
# scores add up (5-fold CV, thresholds from the other folds: folds 1-4 pooled 0.389 -> 0.397,
# fold 0 0.394 -> 0.398; scripts/framing_cv.py st3-folds); "noisy-or-2": the noisy-or of each
# technique's two best sentences of the paragraph (folds 1-4 pooled 0.398 -> 0.401, fold 0
# 0.398 -> 0.404; scripts/framing_cv.py st3-rules '{"use_ptc": true}'); "use_ptc": the PTC 2020
# spans the SemEval-2023 annotation lacks (426 spans, same articles; folds 1-4 pooled 0.397 ->
# 0.398, fold 0 0.398 either way).
SETTINGS: dict[str, dict[str, Any]] = {
    "techniques": {"ngram_range": [1, 2], "min_df": 3, "max_features": 40000, "C": 1.0, "use_ptc": True,
                   "context": False, "context_C": 1.0, "vector_weight": 1.0, "aggregate": "noisy-or-2"},
    # genre and roles: the encoder vectors (weights chosen by 5-fold CV, folds 1-4 pooled:
    # genre macro-F1 0.379 -> 0.516, roles fine EMR 0.15 -> 0.18)
    # genre "news_cues": units.news_cues beside the style rates (dateline, wire credit,
    # attribution per line, quoted share, republished credit, "I", opinion label; pooled
    # out-of-fold macro-F1 over 3 fold seeds 0.451 -> 0.475, fold 0 0.361 -> 0.377;
    # scripts/genre_cv.py, docs/quality-framing.md)
    "genre": {"ngram_range": [1, 1], "min_df": 2, "max_df": 0.9, "C": 1.0, "vector_weight": 3.0, "news_cues": True},
    "frames": {"ngram_range": [1, 1], "min_df": 2, "max_df": 0.9, "C": 1.0},
    # roles "rows": a training row reads the gold mention's own span ("gold", as the mentions
    # are given in SemEval-2025), not the first mention of the entity it falls on
    # ("candidate"); "role_neighbours": the roles of the 10 most similar training mentions,
    # blended half and half with the linear models (framing/neighbours.py; None: off).
    # Together, 5-fold CV through the product path (`newstrace eval semeval25 --cv`), fine
    # EMR mentions given 0.203 -> 0.227 (fold 0 0.233 -> 0.243), end to end 0.134 -> 0.144;
    # chosen among 6 combinations on the same folds, so optimistic, and inside the noise.
    "roles": {"ngram_range": [1, 1], "min_df": 1, "token_pattern": r"\S+", "C": 3.0, "class_weight": None,
              "vector_weight": 1.0, "rows": "gold"},
    "role_neighbours": {"k": 10, "sharpness": 10.0, "weight": 0.5},
    "salience": {"ngram_range": [1, 1], "min_df": 2, "token_pattern": r"\S+", "C": 1.0, "beta": 2.0},
}


def _log(msg: str) -> None:
    print(f"[train framing] {msg}", flush=True)


# -- techniques ---------------------------------------------------------------------------
def _pair_counter(corpus: Corpus, units: Units, scores: np.ndarray, how: str) -> Callable[[int, float], tuple[int, int]]:
    """(true positives, predicted) paragraph/technique pairs of technique ``j`` when
    paragraphs whose combined score (``how``: max or noisy-or of their units) is at least
    ``t`` are marked."""
    names = labels.techniques()
    gold = {(i, no, t) for i in set(units.item.tolist()) for no, t in gold_pairs(corpus.items[i])}
    keys, para = units.paragraph_scores(scores, how)

    def counts(j: int, t: float) -> tuple[int, int]:
        hit = np.flatnonzero(para[:, j] >= t)
        return sum((*keys[r], names[j]) in gold for r in hit), len(hit)

    return counts


def train_techniques(corpus: Corpus, train: Sequence[int], settings: dict[str, Any]) -> tuple[dict[str, LinearHeads], dict[str, Any]]:
    """Sentence scores from words (``techniques``), then, when ``context`` is set, a second
    stage over those scores in their article (``techniques_context``, stacked on
    out-of-fold scores). Thresholds maximise paragraph/technique micro-F1 out of fold, over
    each paragraph's combined score (``aggregate``: max or noisy-or of its sentences)."""
    units = technique_units(corpus, train, use_ptc=settings.get("use_ptc", False))
    names = list(labels.techniques())
    folds = corpus.folds()[units.item]
    n_gold = sum(len(gold_pairs(corpus.items[i])) for i in set(units.item.tolist()))

    first = units.first_stage_extras(settings)

    def fit(rows: np.ndarray) -> LinearHeads:
        return fit_heads([units.texts[r] for r in rows], units.y[rows], names, settings, first[rows])

    oof = out_of_fold(folds, fit, lambda h, rows: h.scores([units.texts[r] for r in rows], first[rows]))
    how = settings.get("aggregate", "max")
    thresholds, oof_f1 = tune_thresholds(_pair_counter(corpus, units, oof, how), len(names), n_gold)
    report = {"units": len(units.texts), "oof_micro_f1": round(oof_f1, 4)}
    heads = {"techniques": fit(np.arange(len(units.texts)))}
    # the tuned thresholds, except for techniques too rare to learn (never predicted)
    heads["techniques"].thresholds = np.where(heads["techniques"].thresholds >= NEVER, NEVER, thresholds).astype(np.float32)
    if settings.get("context"):
        ctx = context_features(oof, units.extras, units.group)
        dense = {"dense_only": True, "C": settings.get("context_C", 1.0)}

        def fit2(rows: np.ndarray) -> LinearHeads:
            return fit_heads([], units.y[rows], names, dense, ctx[rows])

        oof2 = out_of_fold(folds, fit2, lambda h, rows: h.scores([], ctx[rows]))
        thresholds2, oof2_f1 = tune_thresholds(_pair_counter(corpus, units, oof2, how), len(names), n_gold)
        heads["techniques_context"] = fit2(np.arange(len(units.texts)))
        heads["techniques_context"].thresholds = np.maximum(thresholds2, heads["techniques_context"].thresholds)
        report["context_oof_micro_f1"] = round(oof2_f1, 4)
    return heads, report


# -- genre and frames -------------------------------------------------------------------------
def train_genre(corpus: Corpus, train: Sequence[int], settings: dict[str, Any]) -> LinearHeads:
    texts, item = document_rows(corpus, [i for i in train if corpus.items[i].gold.genre])
    names = list(labels.genres())
    y = np.array([names.index(corpus.items[i].gold.genre) for i in item])
    extras = np.vstack([genre_features(t, settings.get("vector_weight"), bool(settings.get("news_cues"))) for t in texts])
    return fit_heads(texts, y, names, settings, extras, multiclass=True)


def train_frames(corpus: Corpus, train: Sequence[int], settings: dict[str, Any]) -> tuple[LinearHeads, dict[str, Any]]:
    texts, item = document_rows(corpus, [i for i in train if corpus.items[i].gold.frames is not None])
    names = list(labels.frames())
    y = np.array([[f in corpus.items[i].gold.frames for f in names] for i in item], np.int8)
    folds = corpus.folds()[np.array(item)]

    def fit(rows: np.ndarray) -> LinearHeads:
        return fit_heads([texts[r] for r in rows], y[rows], names, settings)

    oof = out_of_fold(folds, fit, lambda h, rows: h.scores([texts[r] for r in rows]))
    thresholds, oof_f1 = tune_thresholds(
        lambda j, t: (int(((oof[:, j] >= t) & (y[:, j] == 1)).sum()), int((oof[:, j] >= t).sum())),
        len(names), int(y.sum()),
    )
    heads = fit(np.arange(len(texts)))
    heads.thresholds = np.maximum(thresholds, heads.thresholds)
    return heads, {"articles": len(texts), "oof_micro_f1": round(oof_f1, 4)}


# -- roles ----------------------------------------------------------------------------------
def train_roles(rows: RoleRows, settings: dict[str, Any]) -> tuple[LinearHeads, LinearHeads]:
    extras = rows.vectors * settings["vector_weight"] if settings.get("vector_weight") else None
    main = fit_heads(rows.texts, rows.main, list(labels.roles()), settings, extras, multiclass=True)
    fine = fit_heads(rows.texts, rows.fine, list(labels.fine_roles()), settings, extras)
    # a second fine role is added only when very likely (most mentions have one)
    fine.thresholds = np.maximum(fine.thresholds, np.float32(0.9))
    return main, fine


def role_neighbours(rows: RoleRows, settings: dict[str, Any] | None) -> RoleNeighbours | None:
    """The training mentions' vectors and roles for the nearest-neighbour blend (None when
    the settings turn it off)."""
    if not settings:
        return None
    return RoleNeighbours.build(rows.vectors, rows.main, rows.fine, list(labels.roles()), list(labels.fine_roles()), settings)


def train_salience(rows: SalienceRows, folds: np.ndarray, settings: dict[str, Any]) -> tuple[LinearHeads, dict[str, Any]]:
    """Which entities of an article get a role. The threshold maximises F-beta (beta from
    the settings: recall weighs more, a missed role costs the role measures directly)."""
    texts, y = rows.texts, rows.y

    def fit(r: np.ndarray) -> LinearHeads:
        return fit_heads([texts[k] for k in r], y[r, None], ["role_bearing"], settings)

    oof = out_of_fold(folds[rows.item], fit, lambda h, r: h.scores([texts[k] for k in r]))
    beta = float(settings.get("beta", 1.0))
    best = max(GRID[:-1], key=lambda t: _fbeta(oof[:, 0] >= t, y == 1, beta))
    heads = fit(np.arange(len(texts)))
    heads.thresholds = np.array([best], np.float32)
    kept = oof[:, 0] >= best
    return heads, {"entities": len(texts), "positives": int(y.sum()), "threshold": best,
                   "oof_recall": round(float((kept & (y == 1)).sum() / max(1, y.sum())), 4),
                   "oof_kept": round(float(kept.mean()), 4)}


def _fbeta(pred: np.ndarray, gold: np.ndarray, beta: float) -> float:
    tp = int((pred & gold).sum())
    b2 = beta * beta
    denom = b2 * int(gold.sum()) + int(pred.sum())
    return (1 + b2) * tp / denom if denom else 0.0


# -- everything ----------------------------------------------------------------------------
def train_models(
    c23: Corpus | None, c25: Corpus | None, train23: Sequence[int], train25: Sequence[int],
    settings: dict[str, dict[str, Any]] | None = None,
) -> tuple[FramingModels, dict[str, Any]]:
    """The framing models from the given training items: SemEval-2023 ones from ``c23``,
    role ones from ``c25`` (either may be None). Used by the training command and by
    cross-validation in the evaluations."""
    s = settings or SETTINGS
    report: dict[str, Any] = {}
    heads: dict[str, LinearHeads] = {}
    neighbours = None
    t0 = time.perf_counter()
    if c23 is not None:
        heads["genre"] = train_genre(c23, train23, s["genre"])
        heads["frames"], report["frames"] = train_frames(c23, train23, s["frames"])
        _log(f"genre and frames trained ({time.perf_counter() - t0:.0f} s)")
        tech, report["techniques"] = train_techniques(c23, train23, s["techniques"])
        heads.update(tech)
        _log(f"techniques trained ({time.perf_counter() - t0:.0f} s)")
    if c25 is not None:
        roles, salience = role_rows(c25, train25, entity_mentions(c25, train25), s["roles"].get("rows", "candidate"))
        heads["main_role"], heads["fine_roles"] = train_roles(roles, s["roles"])
        neighbours = role_neighbours(roles, s.get("role_neighbours"))
        heads["salience"], report["salience"] = train_salience(salience, c25.folds(), s["salience"])
        _log(f"roles trained ({time.perf_counter() - t0:.0f} s)")
    return FramingModels(heads, neighbours=neighbours), report


ROLE_FILES = ("main_role", "fine_roles", "salience", NEIGHBOURS)  # what ``only="roles"`` rewrites
# part -> (the model files it rewrites, its SETTINGS keys, its trained_on keys)
PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "roles": (ROLE_FILES, ("roles", "salience", "role_neighbours"), ("semeval2025t10_en", "role_documents")),
    "genre": (("genre",), ("genre",), ("semeval2023t3_en", "articles")),
}


def train(corpora: Path, out: Path, cache_dir: Path | None = None, only: str | None = None) -> dict[str, Any]:
    """Train on the training folds of the shared corpora and write the model files. The
    spaCy parses are kept in ``cache_dir`` (default $NEWSTRACE_CACHE/framing) between runs.
    ``only``: retrain one part alone and keep the other models already in ``out``, with their
    training record: "roles" (the role models, SemEval-2025) or "genre" (the genre model,
    SemEval-2023 subtask 1; needs no parse)."""
    if only not in (None, *PARTS):
        raise ValueError(f"unknown part {only!r} to train: use {' or '.join(repr(p) for p in PARTS)} or nothing (everything)")
    sem23, ptc, sem25 = corpora / "semeval2023t3_en", corpora / "ptc2020", corpora / "semeval2025t10_en"
    t0 = time.perf_counter()
    old: dict[str, Any] = {}
    if only:
        if not (out / META_FILE).is_file():
            raise ValueError(f"no trained models in {out} to keep: run 'newstrace train framing' without --only first")
        old = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    cache_dir = cache_dir if cache_dir is not None else cache_root() / "framing"
    golds23 = read_semeval23(sem23, ptc) if only in (None, "genre") else []
    golds25 = read_semeval25(sem25) if only in (None, "roles") else []
    c23 = prepare_corpus(golds23, parse=only is None, cache_dir=cache_dir, label="semeval23") if only in (None, "genre") else None
    c25 = prepare_corpus(golds25, cache_dir=cache_dir, label="semeval25") if only in (None, "roles") else None
    _log(f"{len(golds23)} + {len(golds25)} documents ingested and parsed ({time.perf_counter() - t0:.0f} s)")
    train23 = [i for i, f in enumerate(c23.folds()) if f != HELDOUT_FOLD] if c23 is not None else []
    train25 = [i for i, f in enumerate(c25.folds()) if f != HELDOUT_FOLD] if c25 is not None else []
    if only == "genre":
        assert c23 is not None
        models = FramingModels({"genre": train_genre(c23, train23, SETTINGS["genre"])})
        report: dict[str, Any] = {}
        _log(f"genre trained ({time.perf_counter() - t0:.0f} s)")
    else:
        models, report = train_models(c23, c25, train23, train25)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for name, h in models.heads.items():
        files += h.save(out, name)
    if models.neighbours is not None:
        files += models.neighbours.save(out, NEIGHBOURS)
    rewrites = PARTS[only][0] if only else ()
    for name in rewrites:  # the files of this part the previous training wrote and this one does not
        for f in (out / f"{name}.json", out / f"{name}.npz"):
            if f not in files and f.is_file():
                f.unlink()
    data_files = [g.path for g in golds23] + [g.path for g in golds25]
    label_files: list[Path] = []
    if c23 is not None:
        label_files += sorted(sem23.glob("train/train-labels-subtask-*.txt"))
        if only is None:
            label_files += sorted((sem23 / "train" / "train-labels-subtask-3-spans").glob("*.txt"))
    if c25 is not None:
        label_files.append(sem25 / "subtask-1-annotations.txt")
    trained_on = {
        "semeval2023t3_en": corpus_digest([f for f in data_files + label_files if sem23 in f.parents], sem23),
        "semeval2025t10_en": corpus_digest([f for f in data_files + label_files if sem25 in f.parents], sem25),
        "ptc2020_used": SETTINGS["techniques"]["use_ptc"],
        "ptc2020": corpus_digest(sorted((ptc / "train-labels-task2-technique-classification").glob("*.labels")), ptc)
        if SETTINGS["techniques"]["use_ptc"] else None,
        "split": f"folds != {HELDOUT_FOLD} of sha1(id) % 5 (framing/corpus.py)",
        "articles": len(train23), "role_documents": len(train25),
    }
    settings = SETTINGS
    kept: dict[str, str] = {}
    if only:  # the other parts as the previous training recorded them
        files_of, settings_of, trained_of = PARTS[only]
        prev = old.get("trained_on", {})
        trained_on = {**prev, **{k: trained_on[k] for k in trained_of}}
        if only == "genre":  # the subtask-1 labels and texts alone: recorded beside the full digest
            trained_on["semeval2023t3_en"] = prev.get("semeval2023t3_en")
            trained_on["semeval2023t3_en_genre"] = corpus_digest([f for f in data_files + label_files if sem23 in f.parents], sem23)
        settings = {**old.get("settings", {}), **{k: v for k, v in SETTINGS.items() if k in settings_of}}
        report = {**old.get("report", {}), **report}
        written = {f.name for f in files}
        kept = {n: h for n, h in old.get("files", {}).items()
                if n not in written and n.rsplit(".", 1)[0] not in files_of}
    meta = {
        "trained_on": trained_on,
        "settings": settings,
        "report": report,
        "seconds": round(time.perf_counter() - t0, 1),
        "files": {**kept, **{f.name: sha256(f) for f in sorted(files)}},
    }
    if only:
        retrained = dict(old.get("retrained") or {})
        if "part" in retrained:  # the earlier single-part record (roles) under its part's name
            retrained = {retrained.pop("part"): retrained}
        retrained[only] = {"seconds": meta["seconds"], "seconds_before": old.get("seconds")}
        meta["retrained"] = retrained
        meta["seconds"] = old.get("seconds")
    (out / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta
