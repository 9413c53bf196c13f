"""``newstrace eval semeval23 PATH`` and ``newstrace eval semeval25 PATH``.

Both run the product path: every corpus file is read and cleaned by the ingest code of
``analyze``, parsed once, and run through the registered per-article stages up to and
including framing; the scores are computed from the stage's output, carried back to the
corpus files' offsets. Official measures:

- SemEval-2023 task 3: subtask 1 (genre) macro-F1 over the three genres; subtask 2
  (frames) micro-F1; subtask 3 micro-F1 over (paragraph, technique) pairs, the pairs
  derived from the predicted spans (a span marks every paragraph it overlaps).
- SemEval-2025 task 10 subtask 1: exact match ratio of the fine-role sets and main-role
  accuracy over the gold mentions; a gold mention the pipeline gave no role counts wrong.

Spread: ``--split heldout`` (default) scores the shipped models on the held-out fold, with
a bootstrap interval over documents; ``--cv`` trains a fresh set of models per fold on the
other four folds (the training code of ``newstrace train framing``) and reports the folds'
mean and standard deviation.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from newstrace.errors import NewstraceError
from newstrace.framing import labels
from newstrace.framing.corpus import FOLDS, in_split, read_semeval23, read_semeval25
from newstrace.framing.dataset import Corpus, gold_pairs, main_part, predicted_pairs, prepare_corpus
from newstrace.framing.model import FramingModels
from newstrace.framing.records import ArticleFraming, EntityRole
from newstrace.nlp.cache import cache_root
from newstrace.pipeline.stages import ArticleContext

BOOTSTRAP = 1000
SEED = 13


# -- running the pipeline ----------------------------------------------------------------------
def run_upstream(corpus: Corpus) -> list[list[ArticleContext]]:
    """The per-article stages before framing, as ``analyze`` runs them, once per article."""
    from newstrace.pipeline import registry

    stages = [s for s in registry.article_stages_up_to("FramingStage") if s.name != "framing"]
    out = []
    for i, p in enumerate(corpus.items):
        ctxs = []
        for k, (article, _) in enumerate(p.parts):
            ctx = ArticleContext(article)
            for stage in stages:
                ctx.outputs[stage.name] = stage.run(article, corpus.docs[i][k], ctx)
            ctxs.append(ctx)
        out.append(ctxs)
    return out


def given_mentions(corpus: Corpus, ctxs: list[list[ArticleContext]]) -> list[list[ArticleContext]]:
    """Contexts whose entities are the gold mentions (each its own entity): the official
    SemEval-2025 setting, where the mentions are given and only their roles are predicted."""
    from newstrace.entities.api import ArticleEntities, ArticleMention

    out = []
    for i, p in enumerate(corpus.items):
        given: list[list[ArticleMention]] = [[] for _ in p.parts]
        for n, m in enumerate(p.gold.mentions):
            where = p.to_article(m.start, m.end)
            if where is not None:
                k, a, b = where
                given[k].append(ArticleMention(a, b, p.parts[k][0].text[a:b], "GIVEN", f"gold{n}"))
        row = []
        for k, ctx in enumerate(ctxs[i]):
            c = ArticleContext(ctx.article)
            c.outputs.update(ctx.outputs)
            c.outputs["entities"] = ArticleEntities(sorted(given[k], key=lambda m: m.start))
            row.append(c)
        out.append(row)
    return out


def run_given_roles(corpus: Corpus, ctxs: list[list[ArticleContext]], models: FramingModels | None, items: Sequence[int]) -> dict[int, list[ArticleFraming]]:
    """Roles of the given (gold) mentions, with the role models and decision of the stage."""
    from newstrace.framing.analyse import assign_roles
    from newstrace.framing.model import shipped_models

    m = models or shipped_models()
    out: dict[int, list[ArticleFraming]] = {}
    for i in items:
        out[i] = []
        for k, (article, _) in enumerate(corpus.items[i].parts):
            mentions = ctxs[i][k].outputs["entities"].mentions
            out[i].append(ArticleFraming(article.id, roles=assign_roles(article, mentions, m, given=True)))
    return out


def run_framing(corpus: Corpus, ctxs: list[list[ArticleContext]], models: FramingModels | None, items: Sequence[int]) -> dict[int, list[ArticleFraming]]:
    from newstrace.framing.stage import FramingStage

    stage = FramingStage(models)
    out = {}
    for i in items:
        out[i] = [
            stage.run(article, corpus.docs[i][k], ctxs[i][k])
            for k, (article, _) in enumerate(corpus.items[i].parts)
        ]
    return out


# -- scores ------------------------------------------------------------------------------------
def _f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def macro_f1(gold: Sequence[str], pred: Sequence[str], names: Sequence[str]) -> float:
    out = []
    for n in names:
        tp = sum(g == n and p == n for g, p in zip(gold, pred, strict=True))
        out.append(_f1(tp, sum(p == n for p in pred), sum(g == n for g in gold)))
    return float(np.mean(out))


def semeval23_counts(corpus: Corpus, framing: dict[int, list[ArticleFraming]]) -> dict[int, dict[str, Any]]:
    """Per document: what each measure needs (so that bootstrap resamples documents)."""
    out = {}
    for i, outs in framing.items():
        p = corpus.items[i]
        k = main_part(p)
        main = outs[k] if k >= 0 else ArticleFraming("")
        spans = [(part, t.technique, t.start, t.end) for part, o in enumerate(outs) for t in o.techniques]
        pred_pairs = predicted_pairs(p, spans) if p.gold.paragraph_labels is not None else set()
        gp = gold_pairs(p)
        out[i] = {
            "genre": (p.gold.genre, main.genre or "none"),
            "frames": (set(p.gold.frames), set(main.frames)) if p.gold.frames is not None else None,
            "st3": (gp, pred_pairs) if p.gold.paragraph_labels is not None else None,
            "spans": span_overlap(
                [(t, *p.to_file(part, a, b)) for part, t, a, b in spans],
                [(g.technique, g.start, g.end) for g in p.gold.spans],
            ) if p.gold.paragraph_labels is not None else None,
        }
    return out


def span_overlap(pred: Sequence[tuple[str, int, int]], gold: Sequence[tuple[str, int, int]]) -> tuple[float, int, float, int]:
    """SemEval-2020 task 11 style span credit (same technique): (sum over predicted spans of
    the share of each covered by gold spans, predicted spans, the same for gold, gold spans)."""
    def share(x: tuple[str, int, int], ys: Sequence[tuple[str, int, int]]) -> float:
        covered = sum(max(0, min(x[2], y[2]) - max(x[1], y[1])) for y in ys if y[0] == x[0])
        return min(1.0, covered / max(1, x[2] - x[1]))

    return sum(share(x, gold) for x in pred), len(pred), sum(share(y, pred) for y in gold), len(gold)


def semeval23_scores(counts: dict[int, dict[str, Any]], docs: Sequence[int] | None = None) -> dict[str, float]:
    docs = list(counts) if docs is None else docs
    genres = [counts[i]["genre"] for i in docs if counts[i]["genre"][0]]
    frames = [counts[i]["frames"] for i in docs if counts[i]["frames"] is not None]
    st3 = [counts[i]["st3"] for i in docs if counts[i]["st3"] is not None]
    return {
        "st1_macro_f1": macro_f1([g for g, _ in genres], [p for _, p in genres], labels.genres()),
        "st2_micro_f1": _f1(sum(len(g & p) for g, p in frames), sum(len(p) for _, p in frames), sum(len(g) for g, _ in frames)),
        "st3_micro_f1": _f1(sum(len(g & p) for g, p in st3), sum(len(p) for _, p in st3), sum(len(g) for g, _ in st3)),
        "st3_span_f1": _span_f1([counts[i]["spans"] for i in docs if counts[i].get("spans") is not None]),
    }


def _span_f1(rows: Sequence[tuple[float, int, float, int]]) -> float:
    """Not an official SemEval-2023 measure: how well the spans' extent matches the gold
    spans' (precision and recall of span_overlap, pooled over documents)."""
    p = sum(r[0] for r in rows) / max(1, sum(r[1] for r in rows))
    r = sum(r[2] for r in rows) / max(1, sum(r[3] for r in rows))
    return 2 * p * r / (p + r) if p + r else 0.0


def per_technique(counts: dict[int, dict[str, Any]]) -> dict[str, dict[str, float]]:
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for c in counts.values():
        if c["st3"] is None:
            continue
        g, p = c["st3"]
        gold.update(t for _, t in g)
        pred.update(t for _, t in p)
        tp.update(t for _, t in g & p)
    return {
        t: {"f1": round(_f1(tp[t], pred[t], gold[t]), 4), "predicted": pred[t], "gold": gold[t]}
        for t in labels.techniques() if gold[t] or pred[t]
    }


def roles_counts(
    corpus: Corpus, ctxs: list[list[ArticleContext]], framing: dict[int, list[ArticleFraming]]
) -> dict[int, list[tuple[bool, bool, bool]]]:
    """Per document, per gold mention: (has a predicted role, main role right, fine roles
    exact). A gold mention gets the role of the entity whose mention it overlaps (roles are
    given per entity and article)."""
    out: dict[int, list[tuple[bool, bool, bool]]] = {}
    for i, outs in framing.items():
        p = corpus.items[i]
        by_part = [{r.entity_id: r for r in o.roles} for o in outs]
        rows = []
        for m in p.gold.mentions:
            where = p.to_article(m.start, m.end)
            found: EntityRole | None = None
            if where is not None:
                k, a, b = where
                by_entity = by_part[k]
                entities = ctxs[i][k].outputs.get("entities")
                for em in getattr(entities, "mentions", []):
                    if em.start < b and a < em.end and em.entity_id in by_entity:
                        found = by_entity[em.entity_id]
                        break
            rows.append((
                found is not None,
                found is not None and found.main_role == m.main_role,
                found is not None and set(found.fine_roles) == set(m.fine_roles),
            ))
        out[i] = rows
    return out


def roles_scores(counts: dict[int, list[tuple[bool, bool, bool]]], docs: Sequence[int] | None = None) -> dict[str, float]:
    rows = [r for i in (list(counts) if docs is None else docs) for r in counts[i]]
    found = [r for r in rows if r[0]]
    n = max(1, len(rows))
    return {
        "fine_emr": sum(r[2] for r in rows) / n,
        "main_accuracy": sum(r[1] for r in rows) / n,
        "coverage": len(found) / n,
        "fine_emr_found": sum(r[2] for r in found) / max(1, len(found)),
        "main_accuracy_found": sum(r[1] for r in found) / max(1, len(found)),
    }


def bootstrap(docs: Sequence[int], score: Callable[[Sequence[int]], dict[str, float]]) -> dict[str, list[float]]:
    """95% interval of each measure over documents resampled with replacement (seeded)."""
    rng = random.Random(SEED)
    samples: dict[str, list[float]] = {}
    for _ in range(BOOTSTRAP):
        for k, v in score([rng.choice(docs) for _ in docs]).items():
            samples.setdefault(k, []).append(v)
    return {k: [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)] for k, v in samples.items()}


def _cv_models(c23: Corpus | None, c25: Corpus | None, fold: int) -> FramingModels:
    from newstrace.framing.training import train_models

    train23 = [i for i, f in enumerate(c23.folds()) if f != fold] if c23 else []
    train25 = [i for i, f in enumerate(c25.folds()) if f != fold] if c25 else []
    models, _ = train_models(c23, c25, train23, train25)
    return models


def _summarise(per_fold: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    return {
        k: {"mean": round(float(np.mean([f[k] for f in per_fold])), 4),
            "std": round(float(np.std([f[k] for f in per_fold])), 4),
            "folds": [round(f[k], 4) for f in per_fold]}  # type: ignore[dict-item]
        for k in per_fold[0]
    }


def _fail(message: str) -> None:
    typer.echo(f"newstrace eval: {message}", err=True)
    raise typer.Exit(2)


def _load(read: Callable[[], list[Any]]) -> list[Any]:
    try:
        return read()
    except NewstraceError as e:
        _fail(str(e))
    return []


def _golds(read: Callable[[Path], list[Any]], path: Path, split: str, cv: bool, limit: int | None, what: str) -> list[Any]:
    """The corpus documents of the split (all of them for ``--cv``), the first ``limit``."""
    golds = _load(lambda: [g for g in read(path) if cv or in_split(g.id, split)])
    golds = golds[:limit] if limit else golds
    if not golds:
        _fail(f"no {what} found in {path} for split {split!r}")
    return golds


def _ptc_beside(path: Path) -> Path | None:
    """The PTC 2020 folder next to the SemEval-2023 one (``--cv`` trains the technique model
    with its spans, as ``newstrace train framing --corpora`` does), or None."""
    for root in (path.parent, path.parent.parent):
        if (root / "ptc2020" / "train-labels-task2-technique-classification").is_dir():
            return root / "ptc2020"
    return None


def _cross_validate(corpus: Corpus, score_fold: Callable[[int, list[int]], dict[str, float]]) -> dict[str, Any]:
    """``score_fold(fold, test documents)`` for every fold, summarised."""
    folds = corpus.folds()
    per_fold = [score_fold(fold, [i for i, f in enumerate(folds) if f == fold]) for fold in range(FOLDS)]
    return {"mode": f"{FOLDS}-fold cross-validation", "scores": _summarise(per_fold)}


SplitOpt = Annotated[str, typer.Option("--split", help="heldout (the fixed held-out fold of train, default), train (the folds the shipped models learned from: optimistic) or all.")]
CvOpt = Annotated[bool, typer.Option("--cv", help=f"{FOLDS}-fold cross-validation over all of train: a fresh model set per fold, trained on the other folds; mean and spread.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N documents of the split (a quick look).")]


def eval_semeval23(
    path: Annotated[Path, typer.Argument(help="The SemEval-2023 task 3 English corpus folder (e.g. ../shared/corpora/semeval2023t3_en).")],
    split: SplitOpt = "heldout",
    cv: CvOpt = False,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Genre (ST1 macro-F1), frames (ST2 micro-F1) and persuasion techniques (ST3 micro-F1 over paragraph/technique pairs)."""
    t0 = time.perf_counter()
    golds = _golds(lambda p: read_semeval23(p, _ptc_beside(p)), path, split, cv, limit, "labelled articles")
    corpus = prepare_corpus(golds, cache_dir=cache_root() / "framing", label="semeval23")
    ctxs = run_upstream(corpus)
    result: dict[str, Any] = {"corpus": str(path), "documents": len(golds)}
    if cv:
        result.update(_cross_validate(corpus, lambda fold, test: semeval23_scores(
            semeval23_counts(corpus, run_framing(corpus, ctxs, _cv_models(corpus, None, fold), test))
        )))
    else:
        items = list(range(len(golds)))
        counts = semeval23_counts(corpus, run_framing(corpus, ctxs, None, items))
        result.update({
            "mode": f"shipped models, split {split}",
            "scores": {k: round(v, 4) for k, v in semeval23_scores(counts).items()},
            "bootstrap_95": bootstrap(items, lambda d: semeval23_scores(counts, d)),
            "techniques": per_technique(counts),
        })
    result["seconds"] = round(time.perf_counter() - t0, 1)
    _print(result, as_json)


def eval_semeval25(
    path: Annotated[Path, typer.Argument(help="The SemEval-2025 task 10 English corpus folder (e.g. ../shared/corpora/semeval2025t10_en).")],
    split: SplitOpt = "heldout",
    cv: CvOpt = False,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    mentions: Annotated[str, typer.Option("--mentions", help="found: roles on the entities the pipeline finds (end to end, default); given: the gold mentions are given, as in the official task.")] = "found",
) -> None:
    """Entity roles: exact match ratio of fine roles and main-role accuracy over the gold mentions."""
    if mentions not in ("found", "given"):
        _fail(f"unknown --mentions {mentions!r}: use found or given")
    t0 = time.perf_counter()
    golds = _golds(read_semeval25, path, split, cv, limit, "annotated documents")
    corpus = prepare_corpus(golds, cache_dir=cache_root() / "framing", label="semeval25")
    ctxs = run_upstream(corpus)
    run = run_framing
    if mentions == "given":
        ctxs, run = given_mentions(corpus, ctxs), run_given_roles
    result: dict[str, Any] = {"corpus": str(path), "documents": len(golds), "gold_mentions": sum(len(g.mentions) for g in golds), "mentions": mentions}
    if cv:
        result.update(_cross_validate(corpus, lambda fold, test: roles_scores(
            roles_counts(corpus, ctxs, run(corpus, ctxs, _cv_models(None, corpus, fold), test))
        )))
    else:
        items = list(range(len(golds)))
        counts = roles_counts(corpus, ctxs, run(corpus, ctxs, None, items))
        result.update({
            "mode": f"shipped models, split {split}",
            "scores": {k: round(v, 4) for k, v in roles_scores(counts).items()},
            "bootstrap_95": bootstrap(items, lambda d: roles_scores(counts, d)),
        })
    result["seconds"] = round(time.perf_counter() - t0, 1)
    _print(result, as_json)


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, indent=1))
        return
    typer.echo(f"{result['corpus']}: {result['documents']} documents; {result['mode']}")
    for k, v in result["scores"].items():
        if isinstance(v, dict):
            typer.echo(f"  {k:24s} {v['mean']:.4f} ± {v['std']:.4f}   folds {v['folds']}")
        else:
            ci = result.get("bootstrap_95", {}).get(k)
            typer.echo(f"  {k:24s} {v:.4f}" + (f"   95% bootstrap [{ci[0]:.4f}, {ci[1]:.4f}]" if ci else ""))
    for t, s in result.get("techniques", {}).items():
        typer.echo(f"    {t:36s} F1 {s['f1']:.3f}  predicted {s['predicted']:4d}  gold {s['gold']:4d}")
    typer.echo(f"  ({result['seconds']:.0f} s)")
