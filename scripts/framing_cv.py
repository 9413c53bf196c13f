"""Fold-by-fold figures of framing model settings (the spread tables of docs/quality-framing.md).

    python scripts/framing_cv.py genre              # ST1 macro-F1 per fold, settings variants
    python scripts/framing_cv.py roles              # fine-role EMR / main accuracy per fold (mentions given)
    python scripts/framing_cv.py techniques [FOLD]  # ST3 pair micro-F1 of one fold, variants
    python scripts/framing_cv.py st3-folds ['{"C": 0.5}']   # ST3 pair micro-F1 of every fold, decision rules
    python scripts/framing_cv.py st3-rules ['{...}'] # ST3 paragraph decision rules over the same cached scores
    python scripts/framing_cv.py roles-decide       # fine-role EMR per fold, decision rules
    python scripts/framing_cv.py roles-variants     # fine-role EMR per fold, prior correction / softmax
    python scripts/framing_cv.py roles-masked       # fine-role EMR per fold, + a masked-sentence encoder view
    python scripts/framing_cv.py genre-techniques   # ST1 with the article's technique profile
    python scripts/framing_cv.py genre-more         # ST1: more style features, char n-grams, neighbours, SVM
    python scripts/framing_cv.py roles-knn          # fine-role EMR per fold, + nearest training mentions

Each fold is scored by models trained on the other four folds of the training split
(framing/corpus.py), with the training functions of ``newstrace train framing``; settings
are compared on folds 1-4 pooled and fold 0 (the held-out fold) is only reported. The spaCy
parses come from the parse cache ($NEWSTRACE_CACHE/framing), so a rerun costs the fits only.
Development measurements: ``newstrace eval semeval23|semeval25`` gives the product figures.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.framing import labels
from newstrace.framing.corpus import read_semeval23, read_semeval25
from newstrace.framing.dataset import (
    Corpus,
    document_rows,
    gold_pairs,
    prepare_corpus,
    technique_units,
)
from newstrace.framing.evaluate import macro_f1
from newstrace.framing.fit import fit_heads
from newstrace.framing.neighbours import RoleNeighbours
from newstrace.framing.roles import candidates, decide, mention_vectors, mention_views
from newstrace.framing.training import SETTINGS, train_techniques
from newstrace.framing.units import genre_features
from newstrace.nlp.cache import cache_root

CORPORA = Path(os.environ.get("NEWSTRACE_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "corpora"
FOLDS = 5


def _corpus(which: str, parse: bool = True) -> Corpus:
    if which == "semeval23":
        golds: list[Any] = read_semeval23(CORPORA / "semeval2023t3_en", CORPORA / "ptc2020")
    else:
        golds = read_semeval25(CORPORA / "semeval2025t10_en")
    return prepare_corpus(golds, parse=parse, cache_dir=cache_root() / "framing", label=which)


def _line(name: str, per_fold: list[float], pooled: float, extra: str = "") -> None:
    folds = ", ".join(f"{x:.3f}" for x in per_fold)
    print(f"{name:28s} fold 0 {per_fold[0]:.3f} | folds {folds} | mean {np.mean(per_fold):.3f} | folds 1-4 pooled {pooled:.3f} {extra}", flush=True)


def genre() -> None:
    corpus = _corpus("semeval23")
    texts, item = document_rows(corpus, [i for i, p in enumerate(corpus.items) if p.gold.genre])
    names = list(labels.genres())
    y = np.array([names.index(corpus.items[i].gold.genre) for i in item])
    folds = corpus.folds()[np.array(item)]
    base = dict(SETTINGS["genre"])
    variants = {
        "shipped (vector weight 3)": base,
        "no encoder vector": {**base, "vector_weight": None},
        "vector weight 5": {**base, "vector_weight": 5.0},
        "C 0.3": {**base, "C": 0.3},
        "C 3": {**base, "C": 3.0},
    }
    for name, s in variants.items():
        extras = np.vstack([genre_features(t, s.get("vector_weight")) for t in texts])
        pred, per = _genre_folds(texts, y, names, s, extras, folds)
        rest = folds != 0
        _line(name, per, macro_f1([names[k] for k in y[rest]], [names[k] for k in pred[rest]], names))


def _genre_folds(
    texts: list[Any], y: Any, names: list[str], settings: dict[str, Any], extras: Any, folds: Any
) -> tuple[Any, list[float]]:
    """Out-of-fold genre predictions for every article and the macro-F1 of each fold."""
    pred = np.zeros(len(y), int)
    per = []
    for f in range(FOLDS):
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        h = fit_heads([texts[r] for r in tr], y[tr], names, settings, extras[tr], multiclass=True)
        pred[te] = h.scores([texts[r] for r in te], extras[te]).argmax(1)
        per.append(macro_f1([names[k] for k in y[te]], [names[k] for k in pred[te]], names))
    return pred, per


def _role_data() -> tuple[Any, ...]:
    """The gold role mentions as `eval semeval25 --mentions given` sees them: feature texts,
    views' vectors, main index, fine 0/1 rows, fine sets and folds."""
    from newstrace.entities.api import ArticleMention

    corpus = _corpus("semeval25", parse=False)  # the given mentions' features need no parse
    mains, fines = list(labels.roles()), list(labels.fine_roles())
    texts, views, main, fine, item = [], [], [], [], []
    for i, p in enumerate(corpus.items):  # the gold mentions as `eval semeval25 --mentions given` sees them
        for n, g in enumerate(p.gold.mentions):
            where = p.to_article(g.start, g.end)
            if where is None or g.main_role not in mains:
                continue
            k, a, b = where
            art = p.parts[k][0]
            c = candidates(art.text, art.title, [ArticleMention(a, b, art.text[a:b], "GIVEN", f"g{n}")])[0]
            texts.append(c.features)
            views.append(mention_views(art.text, a, b, art.title))
            main.append(mains.index(g.main_role))
            fine.append({f for f in g.fine_roles if f in fines})
            item.append(i)
    y_main = np.array(main)
    y_fine = np.array([[f in fs for f in fines] for fs in fine], np.int8)
    vectors = _cached_vectors(views)
    folds = corpus.folds()[np.array(item)]
    return corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines


def _cached_vectors(views: list[tuple[str, ...]]) -> np.ndarray:
    """roles.mention_vectors of the views, kept in the cache (keyed by the views)."""
    import hashlib
    import json

    key = hashlib.sha256(json.dumps(views).encode()).hexdigest()[:16]
    path = cache_root() / "framing" / f"role-vectors-{key}.npz"
    if path.is_file():
        with np.load(path) as z:
            return np.asarray(z["vectors"])
    vectors = mention_vectors(views)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, vectors=vectors)
    return vectors


def _pick(pm: np.ndarray, score: np.ndarray, pf: np.ndarray, th: np.ndarray) -> tuple[str, set[str]]:
    """roles.decide with the first fine role chosen by ``score`` (p(fine) or a variant of it):
    the pair with the highest p(main) * score; other fine roles of that main role whose p(fine)
    passes their threshold."""
    mains, fines = list(labels.roles()), list(labels.fine_roles())
    of = labels.main_role_of()
    best = max(range(len(fines)), key=lambda j: float(pm[mains.index(of[fines[j]])] * score[j]))
    main = of[fines[best]]
    return main, {fines[best]} | {f for j, f in enumerate(fines) if j != best and of[f] == main and pf[j] >= th[j]}


def _fold_role_scores(
    texts: list[str], y_main: np.ndarray, y_fine: np.ndarray, mains: list[str], fines: list[str],
    s: dict[str, Any], extras: np.ndarray, folds: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold main-role and fine-role probabilities of the linear role models, and each
    row's fine-role thresholds (as training.train_roles: at least 0.9), one fit per fold."""
    n = len(texts)
    pm = np.zeros((n, len(mains)), np.float32)
    pf = np.zeros((n, len(fines)), np.float32)
    th = np.zeros((n, len(fines)), np.float32)
    for f in range(FOLDS):
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        tt, et = [texts[r] for r in tr], [texts[r] for r in te]
        mh = fit_heads(tt, y_main[tr], mains, s, extras[tr], multiclass=True)
        fh = fit_heads(tt, y_fine[tr], fines, s, extras[tr])
        pm[te], pf[te] = mh.scores(et, extras[te]), fh.scores(et, extras[te])
        th[te] = np.maximum(fh.thresholds, np.float32(0.9))
        print(f"fold {f} fitted", flush=True)
    return pm, pf, th


def roles_variants() -> None:
    """Fine-role models and decision rules beside the shipped one (one-vs-rest fine heads,
    joint decision): class-prior correction, a softmax over the first fine role, blends."""
    corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines = _role_data()
    first = np.array([fines.index(next(f for f in g_roles if f in fines)) if g_roles else -1
                      for g_roles in _first_roles(corpus, fines)])
    s = dict(SETTINGS["roles"])
    extras = vectors * s["vector_weight"]
    n = len(texts)
    pm, pf, th = _fold_role_scores(texts, y_main, y_fine, mains, fines, s, extras, folds)
    ps = np.zeros((n, len(fines)), np.float32)
    prior = np.zeros((n, len(fines)), np.float32)
    for f in range(FOLDS):
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        tt, et = [texts[r] for r in tr], [texts[r] for r in te]
        prior[te] = (y_fine[tr].sum(0) + 1) / (len(tr) + len(fines))
        # softmax over the first fine role (classes absent from the training folds get no column)
        present = sorted(set(first[tr].tolist()))
        sh = fit_heads(tt, np.array([present.index(k) for k in first[tr]]), [fines[k] for k in present], s, extras[tr], multiclass=True)
        ps[np.ix_(te, present)] = sh.scores(et, extras[te])
    rules: dict[str, Any] = {"shipped (joint, p(fine))": pf}
    for a in (0.25, 0.5, 0.75, 1.0):
        rules[f"p(fine) / prior ** {a}"] = pf / prior ** a
    rules["softmax first fine role"] = ps
    for a in (0.25, 0.5):
        rules[f"softmax / prior ** {a}"] = ps / prior ** a
    rules["mean of p(fine) and softmax"] = (pf / np.maximum(pf.sum(1, keepdims=True), 1e-9) + ps) / 2
    for name, score in rules.items():
        exact, right = np.zeros(n, bool), np.zeros(n, bool)
        for r in range(n):
            role, chosen = _pick(pm[r], score[r], pf[r], th[r])
            right[r], exact[r] = role == mains[y_main[r]], chosen == fine[r]
        per = [float(exact[folds == f].mean()) for f in range(FOLDS)]
        _line(name, per, float(exact[folds != 0].mean()), f"| main accuracy pooled {right.mean():.3f}")


def roles_knn() -> None:
    """The linear role models blended with the roles of the k most similar training mentions
    (framing/neighbours.py, the shipped blend), and the parts alone; one set of fold models."""
    corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines = _role_data()
    s = {k: v for k, v in SETTINGS["roles"].items()}
    extras = vectors * s["vector_weight"]
    n = len(texts)
    pm, pf, th = _fold_role_scores(texts, y_main, y_fine, mains, fines, s, extras, folds)

    def near(settings: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        km, kf = np.zeros_like(pm), np.zeros_like(pf)
        for f in range(FOLDS):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            nb = RoleNeighbours.build(vectors[tr], y_main[tr], y_fine[tr], mains, fines, settings)
            km[te], kf[te] = nb.probs(vectors[te])
        return km, kf

    shipped = dict(SETTINGS["role_neighbours"] or {"k": 10, "sharpness": 10.0, "weight": 0.5})
    rules: dict[str, tuple[np.ndarray, np.ndarray]] = {"linear models alone (previous)": (pm, pf)}
    for k in (5, 10, 25):
        km, kf = near({**shipped, "k": k})
        rules[f"neighbours alone, k {k}"] = (km, kf)
        for w in (0.3, 0.5, 0.7):
            rules[f"blend k {k}, neighbours weight {w}"] = ((1 - w) * pm + w * km, (1 - w) * pf + w * kf)
    km, kf = near(shipped)
    w = float(shipped["weight"])
    second = {f"shipped blend, second fine role at p >= {t}": t for t in (0.3, 0.5, 0.7)}
    for name in second:
        rules[name] = ((1 - w) * pm + w * km, (1 - w) * pf + w * kf)
    for name, (a, b) in rules.items():
        exact, right = np.zeros(n, bool), np.zeros(n, bool)
        for r in range(n):
            t = np.full(len(fines), second[name], np.float32) if name in second else th[r]
            role, _, chosen = decide(a[r], b[r], t)
            right[r], exact[r] = role == mains[y_main[r]], set(chosen) == fine[r]
        per = [float(exact[folds == f].mean()) for f in range(FOLDS)]
        _line(name, per, float(exact[folds != 0].mean()),
              f"| all pooled {exact.mean():.3f} | main accuracy pooled {right.mean():.3f}, fold 0 {right[folds == 0].mean():.3f}")


def roles_masked() -> None:
    """A sixth encoder view: the mention's sentence with the mention replaced by a neutral
    word (the vector then reads the role the sentence gives, not who the entity is)."""
    from newstrace.framing.roles import _sentence_bounds
    from newstrace.nlp.encoder import encode

    corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines = _role_data()
    masked = []
    for p in corpus.items:
        for g in p.gold.mentions:
            where = p.to_article(g.start, g.end)
            if where is None or g.main_role not in mains:
                continue
            k, a, b = where
            t = p.parts[k][0].text
            s0, e0 = _sentence_bounds(t, a, b)
            masked.append(t[s0:a] + "someone" + t[b:e0])
    assert len(masked) == len(texts), (len(masked), len(texts))
    mv = encode(masked)
    s = dict(SETTINGS["roles"])
    for name, extras in (("shipped (5 views)", vectors * s["vector_weight"]),
                         ("+ masked sentence view", np.hstack([vectors, mv]) * s["vector_weight"]),
                         ("+ masked sentence view x2", np.hstack([vectors, mv * 2]) * s["vector_weight"])):
        exact, right = np.zeros(len(texts), bool), np.zeros(len(texts), bool)
        for f in range(FOLDS):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            tt, et = [texts[r] for r in tr], [texts[r] for r in te]
            mh = fit_heads(tt, y_main[tr], mains, s, extras[tr], multiclass=True)
            fh = fit_heads(tt, y_fine[tr], fines, s, extras[tr])
            th = np.maximum(fh.thresholds, np.float32(0.9))
            for r, pm, pf in zip(te, mh.scores(et, extras[te]), fh.scores(et, extras[te]), strict=True):
                role, _, chosen = decide(pm, pf, th)
                right[r], exact[r] = role == mains[y_main[r]], set(chosen) == fine[r]
        per = [float(exact[folds == f].mean()) for f in range(FOLDS)]
        _line(name, per, float(exact[folds != 0].mean()), f"| main accuracy pooled {right.mean():.3f}")


def _first_roles(corpus: Corpus, fines: list[str]) -> list[tuple[str, ...]]:
    """The gold fine roles of each role row of _role_data, in the annotation's order."""
    out = []
    for p in corpus.items:
        for g in p.gold.mentions:
            if p.to_article(g.start, g.end) is None or g.main_role not in labels.roles():
                continue
            out.append(g.fine_roles)
    return out


def roles() -> None:
    corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines = _role_data()
    base = dict(SETTINGS["roles"])
    variants = {"shipped (C 3, vectors 1)": base, "no vectors": {**base, "vector_weight": None},
                "C 1": {**base, "C": 1.0}, "vectors 2": {**base, "vector_weight": 2.0}}
    for name, s in variants.items():
        extras = vectors * s["vector_weight"] if s.get("vector_weight") else None
        exact, right = np.zeros(len(y_main), bool), np.zeros(len(y_main), bool)
        per = []
        for f in range(FOLDS):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            ex_tr, ex_te = (extras[tr], extras[te]) if extras is not None else (None, None)
            mh = fit_heads([texts[r] for r in tr], y_main[tr], mains, s, ex_tr, multiclass=True)
            fh = fit_heads([texts[r] for r in tr], y_fine[tr], fines, s, ex_tr)
            fh.thresholds = np.maximum(fh.thresholds, np.float32(0.9))  # as training.train_roles
            te_texts = [texts[r] for r in te]
            for r, pm, pf in zip(te, mh.scores(te_texts, ex_te), fh.scores(te_texts, ex_te), strict=True):
                role, _, chosen = decide(pm, pf, fh.thresholds)
                right[r], exact[r] = role == mains[y_main[r]], set(chosen) == fine[r]
            per.append(float(exact[te].mean()))
        rest = folds != 0
        _line(name, per, float(exact[rest].mean()), f"| main accuracy fold 0 {right[folds == 0].mean():.3f}")


def _decide_joint(pm: np.ndarray, pf: np.ndarray, th: np.ndarray, alpha: float) -> tuple[str, list[str]]:
    """Main and fine role together: the pair maximising p(main) * p(fine) ** alpha over the
    fine roles of each main role; other fine roles of that main role above their threshold."""
    mains, fines = list(labels.roles()), list(labels.fine_roles())
    of = labels.main_role_of()
    best = max(range(len(fines)), key=lambda j: pm[mains.index(of[fines[j]])] * pf[j] ** alpha)
    main = of[fines[best]]
    return main, [fines[best]] + [f for j, f in enumerate(fines) if j != best and of[f] == main and pf[j] >= th[j]]


def roles_decide() -> None:
    """Decision rules over one set of fold models (shipped settings): fine EMR per fold."""
    corpus, texts, vectors, y_main, y_fine, fine, folds, mains, fines = _role_data()
    s = dict(SETTINGS["roles"])
    extras = vectors * s["vector_weight"]
    pm_all = np.zeros((len(texts), len(mains)), np.float32)
    pf_all = np.zeros((len(texts), len(fines)), np.float32)
    th = np.zeros((FOLDS, len(fines)), np.float32)
    for f in range(FOLDS):
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        mh = fit_heads([texts[r] for r in tr], y_main[tr], mains, s, extras[tr], multiclass=True)
        fh = fit_heads([texts[r] for r in tr], y_fine[tr], fines, s, extras[tr])
        th[f] = np.maximum(fh.thresholds, np.float32(0.9))
        pm_all[te] = mh.scores([texts[r] for r in te], extras[te])
        pf_all[te] = fh.scores([texts[r] for r in te], extras[te])
    rules: dict[str, Any] = {"shipped: roles.decide (joint)": None}
    rules.update({f"joint, fine ** {a}": a for a in (0.5, 2.0, 4.0)})
    for name, alpha in rules.items():
        exact, right = np.zeros(len(texts), bool), np.zeros(len(texts), bool)
        for r in range(len(texts)):
            t = th[folds[r]]
            if alpha is None:
                role, _, chosen = decide(pm_all[r], pf_all[r], t)
            else:
                role, chosen = _decide_joint(pm_all[r], pf_all[r], t, alpha)
            right[r], exact[r] = role == mains[y_main[r]], set(chosen) == fine[r]
        per = [float(exact[folds == f].mean()) for f in range(FOLDS)]
        rest = folds != 0
        _line(name, per, float(exact[rest].mean()), f"| main accuracy pooled {right.mean():.3f}, fold 0 {right[folds == 0].mean():.3f}")


def techniques(fold: int) -> None:
    corpus = _corpus("semeval23")
    folds = corpus.folds()
    names = list(labels.techniques())
    train = [i for i, f in enumerate(folds) if f != fold]
    test = [i for i, f in enumerate(folds) if f == fold and corpus.items[i].gold.paragraph_labels is not None]
    gold = {(i, no, t) for i in test for no, t in gold_pairs(corpus.items[i])}
    units = technique_units(corpus, test)
    base = dict(SETTINGS["techniques"])
    for name, s in {"shipped": base, "encoder vectors (weight 1)": {**base, "vector_weight": 1.0}}.items():
        t0 = time.process_time()
        heads, report = train_techniques(corpus, train, s)
        h = heads["techniques"]
        p = h.scores(units.texts, units.first_stage_extras(s))
        rows, cols = np.nonzero(p >= h.thresholds)
        pred = {(int(units.item[r]), no, names[c]) for r, c in zip(rows, cols, strict=True) for no in units.paragraphs[r]}
        f1 = 2 * len(pred & gold) / (len(pred) + len(gold))
        print(f"{name:28s} fold {fold} pair micro-F1 {f1:.4f} (out of fold on the others {report['oof_micro_f1']}; {time.process_time() - t0:.0f} CPU s)", flush=True)


def _oof_scores(corpus: Corpus, settings: dict[str, Any]) -> tuple[np.ndarray, Any]:
    """Sentence scores of every training unit from the first-stage model trained on the
    other four folds (one fit per fold), kept in the cache: decision rules over them cost
    no refit."""
    import hashlib
    import json

    units = technique_units(corpus, range(len(corpus.items)), use_ptc=bool(settings.get("use_ptc")))
    folds = corpus.folds()[units.item]
    key = hashlib.sha256(json.dumps([settings, units.texts], sort_keys=True).encode()).hexdigest()[:16]
    path = cache_root() / "framing" / f"st3-oof-{key}.npz"
    if path.is_file():
        with np.load(path) as z:
            return z["scores"], units
    names = list(labels.techniques())
    dense = units.first_stage_extras(settings)
    scores = np.zeros(units.y.shape, np.float32)
    for f in range(FOLDS):
        t0 = time.process_time()
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        h = fit_heads([units.texts[r] for r in tr], units.y[tr], names, settings, dense[tr])
        scores[te] = h.scores([units.texts[r] for r in te], dense[te])
        print(f"fold {f} fitted ({time.process_time() - t0:.0f} CPU s)", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, scores=scores)
    return scores, units


def _tune(p: np.ndarray, g: np.ndarray, n_gold: int, grid: tuple[float, ...]) -> np.ndarray:
    """Per-technique thresholds maximising pair micro-F1 (coordinate ascent, as fit.tune_thresholds)."""
    return np.array([t for _, t in _tune_options([p], g, n_gold, grid)], np.float32)


def st3_folds() -> None:
    """Each fold scored with thresholds tuned on the other folds' out-of-fold scores (the
    models behind those scores saw the scored fold's text, not its threshold choice: a small
    optimism next to the product's nested choice)."""
    from newstrace.framing.fit import GRID

    corpus = _corpus("semeval23")
    names = list(labels.techniques())
    fold_of_item = corpus.folds()
    settings = {**SETTINGS["techniques"], **json_arg()}
    scores, units = _oof_scores(corpus, settings)
    scored = [i for i, p in enumerate(corpus.items) if p.gold.paragraph_labels is not None]
    gold = {(i, no, t) for i in scored for no, t in gold_pairs(corpus.items[i])}
    fine = tuple(round(x, 3) for x in np.arange(0.1, 1.0, 0.025)) + (1.01,)
    for how, grid in (("max", GRID), ("max", fine), ("noisy-or", GRID), ("noisy-or", fine)):
        keys, p = units.paragraph_scores(scores, how)
        g = np.array([[(i, no, t) in gold for t in names] for i, no in keys], bool)
        row_fold = np.array([fold_of_item[i] for i, _ in keys])
        gold_fold = np.array([fold_of_item[i] for i, _, _ in gold])
        per, tps, preds, golds = [], np.zeros(FOLDS), np.zeros(FOLDS), np.zeros(FOLDS)
        for f in range(FOLDS):
            tr, te = row_fold != f, row_fold == f
            th = _tune(p[tr], g[tr], int((gold_fold != f).sum()), grid)
            hit = p[te] >= th
            tps[f], preds[f], golds[f] = (hit & g[te]).sum(), hit.sum(), (gold_fold == f).sum()
            per.append(2 * tps[f] / (preds[f] + golds[f]))
        rest = slice(1, None)
        pooled14 = 2 * tps[rest].sum() / (preds[rest].sum() + golds[rest].sum())
        _line(f"{how} grid {len(grid)}", per, pooled14, f"| all pooled {2 * tps.sum() / (preds.sum() + golds.sum()):.3f}")


def _tune_options(ps: list[np.ndarray], g: np.ndarray, n_gold: int, grid: tuple[float, ...]) -> list[tuple[int, float]]:
    """Per technique, the (paragraph score, threshold) option maximising pair micro-F1 over
    several paragraph scores ``ps`` (coordinate ascent, as _tune)."""
    opts = [(k, t) for k in range(len(ps)) for t in grid]
    table = {(j, o): (int(((ps[o[0]][:, j] >= o[1]) & g[:, j]).sum()), int((ps[o[0]][:, j] >= o[1]).sum()))
             for j in range(g.shape[1]) for o in opts}
    chosen = [(0, 0.5 if 0.5 in grid else grid[0])] * g.shape[1]

    def f1() -> float:
        tp = sum(table[(j, chosen[j])][0] for j in range(g.shape[1]))
        pred = sum(table[(j, chosen[j])][1] for j in range(g.shape[1]))
        return 2 * tp / (pred + n_gold)

    best = f1()
    for _ in range(3):
        for j in range(g.shape[1]):
            for o in opts:
                old, chosen[j] = chosen[j], o
                score = f1()
                if score > best + 1e-9:
                    best = score
                else:
                    chosen[j] = old
    return chosen


def st3_rules() -> None:
    """Paragraph decision rules over the cached out-of-fold sentence scores (settings as
    st3-folds): the noisy-or, a blend with the max, the noisy-or of the best two sentences,
    and a per-technique choice of max or noisy-or; thresholds from the other folds."""
    from newstrace.framing.fit import GRID

    corpus = _corpus("semeval23")
    names = list(labels.techniques())
    fold_of_item = corpus.folds()
    scores, units = _oof_scores(corpus, {**SETTINGS["techniques"], **json_arg()})
    scored = [i for i, p in enumerate(corpus.items) if p.gold.paragraph_labels is not None]
    gold = {(i, no, t) for i in scored for no, t in gold_pairs(corpus.items[i])}
    keys, p_max = units.paragraph_scores(scores, "max")
    _, p_nor = units.paragraph_scores(scores, "noisy-or")
    rows: dict[tuple[int, int], list[int]] = {}
    for u, nos in enumerate(units.paragraphs):
        for no in nos:
            rows.setdefault((int(units.item[u]), no), []).append(u)
    def best(n: int) -> np.ndarray:
        return np.vstack([1 - np.prod(1 - np.sort(scores[rows[k]], axis=0)[-n:].astype(np.float64), axis=0) for k in keys])

    top2, top3 = best(2), best(3)
    g = np.array([[(i, no, t) in gold for t in names] for i, no in keys], bool)
    row_fold = np.array([fold_of_item[i] for i, _ in keys])
    gold_fold = np.array([fold_of_item[i] for i, _, _ in gold])
    variants: dict[str, list[np.ndarray]] = {
        "noisy-or": [p_nor], "max": [p_max], "blend max/noisy-or": [(p_max + p_nor) / 2],
        "noisy-or of best 2": [top2], "noisy-or of best 3": [top3], "per technique max or noisy-or": [p_max, p_nor],
    }
    for name, ps in variants.items():
        per, tps, preds, golds = [], np.zeros(FOLDS), np.zeros(FOLDS), np.zeros(FOLDS)
        for f in range(FOLDS):
            tr, te = row_fold != f, row_fold == f
            chosen = _tune_options([p[tr] for p in ps], g[tr], int((gold_fold != f).sum()), GRID)
            hit = np.column_stack([ps[k][te, j] >= t for j, (k, t) in enumerate(chosen)])
            tps[f], preds[f], golds[f] = (hit & g[te]).sum(), hit.sum(), (gold_fold == f).sum()
            per.append(2 * tps[f] / (preds[f] + golds[f]))
        pooled14 = 2 * tps[1:].sum() / (preds[1:].sum() + golds[1:].sum())
        _line(name, per, pooled14, f"| all pooled {2 * tps.sum() / (preds.sum() + golds.sum()):.3f}")


def genre_techniques() -> None:
    """ST1 per fold with the article's technique profile (mean and max of its sentences'
    out-of-fold technique scores) beside the shipped genre features."""
    corpus = _corpus("semeval23")
    scores, units = _oof_scores(corpus, {**SETTINGS["techniques"], **json_arg()})
    texts, item = document_rows(corpus, [i for i, p in enumerate(corpus.items) if p.gold.genre])
    names = list(labels.genres())
    y = np.array([names.index(corpus.items[i].gold.genre) for i in item])
    folds = corpus.folds()[np.array(item)]
    base = dict(SETTINGS["genre"])
    style = np.vstack([genre_features(t, base.get("vector_weight")) for t in texts])
    profile = np.zeros((len(item), 2 * scores.shape[1]), np.float32)
    for r, i in enumerate(item):
        block = scores[units.item == i]
        if len(block):
            profile[r] = np.concatenate([block.mean(0), block.max(0)])
    for name, w, c in (("shipped", 0.0, 1.0), ("profile x1", 1.0, 1.0), ("profile x3", 3.0, 1.0),
                       ("profile x3 C 0.3", 3.0, 0.3), ("profile x5", 5.0, 1.0)):
        extras = np.hstack([style, profile * w]) if w else style
        s = {**base, "C": c}
        pred, per = _genre_folds(texts, y, names, s, extras, folds)
        rest = folds != 0
        _line(name, per, macro_f1([names[k] for k in y[rest]], [names[k] for k in pred[rest]], names),
              f"| all pooled {macro_f1([names[k] for k in y], [names[k] for k in pred], names):.3f}")


def _more_style(text: str) -> np.ndarray:
    """Stylometric rates beyond units.document_extras (genre-more): lines, sentence length and
    its spread, hedges, modals, intensifiers, third person, the title's shape, a dateline,
    attribution in the opening, links."""
    import re

    word = re.compile(r"\w[\w'’-]*")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    title, body = (lines[0] if lines else ""), "\n".join(lines[1:])
    ws = [w.lower() for w in word.findall(body)]
    n = max(1, len(ws))
    lengths = np.array([len(word.findall(x)) for x in re.split(r"(?<=[.!?])\s+|\n", body) if len(x.strip()) > 2] or [0])
    tw = word.findall(title)

    def rate(vocab: set[str], scale: float) -> float:
        return sum(w in vocab for w in ws) / n * scale

    return np.array([
        np.log1p(len(lines)) / 4, np.log1p(np.mean([len(x) for x in lines]) if lines else 0) / 6,
        lengths.mean() / 30, lengths.std() / 30,
        rate({"may", "might", "could", "reportedly", "allegedly", "perhaps", "possibly", "likely", "apparently"}, 50),
        rate({"must", "should", "need", "needs", "ought"}, 50),
        rate({"very", "really", "totally", "completely", "absolutely", "utterly", "extremely", "so"}, 50),
        rate({"he", "she", "they", "his", "her", "their"}, 10),
        len(tw) / 15, sum(w[:1].isupper() for w in tw) / max(1, len(tw)), float("?" in title), float("!" in title),
        sum(1 for w in tw if len(w) > 2 and w.isupper()) / max(1, len(tw)),
        float("—" in body[:200] or " - " in body[:120]),
        sum(w in {"said", "says", "told", "according", "stated", "announced", "added"} for w in ws[:200]) / 10,
        body.count("http") / n * 100,
    ], dtype=np.float32)


def genre_more() -> None:
    """ST1 settings beside the shipped one: more stylometric features, character n-grams, the
    TF-IDF part weighted up or down, a linear SVM, and a blend with the genres of the most
    similar training articles (encoder vectors); each fold scored by models of the other four."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    from newstrace.framing.units import document_extras, document_vector

    corpus = _corpus("semeval23", parse=False)  # the article-level features need no parse
    texts, item = document_rows(corpus, [i for i, p in enumerate(corpus.items) if p.gold.genre])
    names = list(labels.genres())
    y = np.array([names.index(corpus.items[i].gold.genre) for i in item])
    folds = corpus.folds()[np.array(item)]
    print("articles per fold and genre (reporting, opinion, satire):",
          [np.bincount(y[folds == f], minlength=3).tolist() for f in range(FOLDS)], flush=True)
    base = dict(SETTINGS["genre"])
    style = np.vstack([document_extras(t) for t in texts])
    vec = np.vstack([document_vector(t) for t in texts])
    more = np.vstack([_more_style(t) for t in texts])
    shipped = np.hstack([style, vec * base["vector_weight"]])

    def probs(fit_score: Any) -> np.ndarray:
        out = np.zeros((len(y), len(names)))
        for f in range(FOLDS):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            out[te] = fit_score(tr, te)
        return out

    def heads(settings: dict[str, Any], extras: np.ndarray) -> Any:
        def run(tr: Any, te: Any) -> Any:
            words = not settings.get("dense_only")
            h = fit_heads([texts[r] for r in tr] if words else [], y[tr], names, settings, extras[tr], multiclass=True)
            return h.scores([texts[r] for r in te] if words else [], extras[te])
        return run

    def sk(clf: Any, w: float = 1.0, **tfidf: Any) -> Any:
        def run(tr: Any, te: Any) -> Any:
            v = TfidfVectorizer(**tfidf).fit([texts[r] for r in tr])
            a, b = (hstack([v.transform([texts[r] for r in rows]) * w, csr_matrix(shipped[rows])]).tocsr() for rows in (tr, te))
            c = clf().fit(a, y[tr])
            return c.predict_proba(b) if hasattr(c, "predict_proba") else np.eye(len(names))[c.predict(b)]
        return run

    def show(name: str, p: np.ndarray) -> None:
        pred = p.argmax(1)
        per = [macro_f1([names[k] for k in y[folds == f]], [names[k] for k in pred[folds == f]], names) for f in range(FOLDS)]
        rest = folds != 0
        cls = " ".join(f"{macro_f1([names[k] for k in y], [names[k] for k in pred], [c]):.2f}" for c in names)
        _line(name, per, macro_f1([names[k] for k in y[rest]], [names[k] for k in pred[rest]], names),
              f"| all pooled {macro_f1([names[k] for k in y], [names[k] for k in pred], names):.3f} | per class {cls} | predicted {np.bincount(pred, minlength=3).tolist()}")

    p0 = probs(heads(base, shipped))
    show("shipped", p0)
    show("+ 16 more style rates", probs(heads(base, np.hstack([style, more, vec * base["vector_weight"]]))))
    p_dense = probs(heads({**base, "dense_only": True}, np.hstack([style, more, vec * base["vector_weight"]])))
    show("style + more + vector, no words", p_dense)
    show("  mean with shipped", (p0 + p_dense) / 2)
    lr = lambda: LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")  # noqa: E731
    show("char 2-5 grams instead of words", probs(sk(lr, analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_df=0.9, sublinear_tf=True, max_features=50000)))
    show("words 1-2 grams, sublinear", probs(sk(lr, ngram_range=(1, 2), min_df=2, max_df=0.9, sublinear_tf=True)))
    show("words x2 beside the dense part", probs(sk(lr, 2.0, min_df=2, max_df=0.9)))
    show("words x0.5 beside the dense part", probs(sk(lr, 0.5, min_df=2, max_df=0.9)))
    show("linear SVM, C 0.1", probs(sk(lambda: LinearSVC(C=0.1, class_weight="balanced"), min_df=2, max_df=0.9)))
    # the article's predicted frames: ST2 heads fitted within the training part (its own
    # articles scored out of fold there), the scored fold by heads on the whole training part
    frame_names = list(labels.frames())
    has = np.array([corpus.items[i].gold.frames is not None for i in item])
    fy = np.array([[f in (corpus.items[i].gold.frames or ()) for f in frame_names] for i in item], np.int8)
    fs = dict(SETTINGS["frames"])

    def frame_probs(rows: Any, scored: Any) -> np.ndarray:
        fit_rows = [r for r in rows if has[r]]
        h = fit_heads([texts[r] for r in fit_rows], fy[fit_rows], frame_names, fs)
        return h.scores([texts[r] for r in scored])

    for w in (1.0, 3.0):
        def with_frames(tr: Any, te: Any, w: float = w) -> Any:
            fp = np.zeros((len(y), len(frame_names)), np.float32)
            for g in sorted(set(folds[tr].tolist())):
                inner = tr[folds[tr] == g]
                fp[inner] = frame_probs(tr[folds[tr] != g], inner)
            fp[te] = frame_probs(tr, te)
            extras = np.hstack([shipped, fp * w])
            h = fit_heads([texts[r] for r in tr], y[tr], names, base, extras[tr], multiclass=True)
            return h.scores([texts[r] for r in te], extras[te])
        show(f"+ predicted frame probabilities x{w:g}", probs(with_frames))
    unit = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
    for k in (5, 10, 20):
        def near(tr: Any, te: Any, k: int = k) -> Any:
            idx = np.argsort(-(unit[te] @ unit[tr].T), axis=1)[:, :k]
            prior = np.bincount(y[tr], minlength=len(names)) / len(tr)
            p = np.vstack([np.bincount(y[tr][ii], minlength=len(names)) / k / prior for ii in idx])
            return p / p.sum(axis=1, keepdims=True)
        pk = probs(near)
        show(f"nearest {k} articles (class-balanced)", pk)
        show("  mean with shipped", (p0 + pk) / 2)


def json_arg() -> dict[str, Any]:
    """Settings overrides as a JSON object in the third argument (e.g. '{"C": 0.5}')."""
    import json

    return dict(json.loads(sys.argv[2])) if len(sys.argv) > 2 else {}


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "genre":
        genre()
    elif what == "roles":
        roles()
    elif what == "roles-masked":
        roles_masked()
    elif what == "roles-knn":
        roles_knn()
    elif what == "genre-more":
        genre_more()
    elif what == "roles-variants":
        roles_variants()
    elif what == "roles-decide":
        roles_decide()
    elif what == "genre-techniques":
        genre_techniques()
    elif what == "st3-rules":
        st3_rules()
    elif what == "st3-folds":
        st3_folds()
    elif what == "techniques":
        techniques(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    else:
        sys.exit(__doc__)
