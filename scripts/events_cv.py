"""Cross-validated sweep of the events stage's settings through the product path
(docs/quality-events.md reports its output).

    NEWSTRACE_SHARED=../shared PYTHONPATH=src nice -n 10 python scripts/events_cv.py \
        [--seeds 13,1,2] [--folds 5] [--detector-c 0.3] [--case-weight 3] \
        [--threshold 0.3,0.4,0.5] [--window 0,1] [--article-weight 0,0.2] [--gate-threshold 0,0.6,0.7|none] \\
        [--variants any:0:0:0.25:0,event:1:1:0.25:0] [--gate-case-weight 0.2,1] [--gate-crossfit 3] [--gate-short-weight 0,0.1] [--misses OUT.json]
        [--no-typing-constraints]

For each fold seed, stratified folds of the shared CASE file; for each fold, the detector
the sub-type model and the precision gate are trained on the other folds (plus the fixed MUC-4 / PolNeAR /
SemEval examples) once, then every combination of the runtime settings is scored on the
held-out fold through the events stage. Prints, per combination, mean and spread over the
seeds of weighted F1, macro F1 and the share of snippets with an event, and where the
snippets without one were lost: no event before the gate ("stage") or every event dropped by
the gate ("gate"). Settings chosen
with this script are optimistic on this file (it is also the file they are scored on).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from newstrace.events.casepath import (
    MISS,
    answer,
    case_gate_examples,
    crossfit_case_examples,
    fit_gate,
    load_gate_corpus,
    ordinary_news_rows,
    prepare,
    ungated_of,
)
from newstrace.events.evaluate import scores
from newstrace.events.extract import kept
from newstrace.events.models import EventSettings
from newstrace.events.training import (
    CASE_FILE,
    DetectorConfig,
    GateConfig,
    TyperConfig,
    fit_models,
    load_corpora,
    read_case,
)
from newstrace.nlp.cache import cache_root

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def floats(s: str) -> list[float]:
    return [float(x) for x in s.split(",") if x.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    ap.add_argument("--seeds", default="13,1,2")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--detector-c", type=float, default=DetectorConfig.c)
    ap.add_argument("--case-weight", type=float, default=DetectorConfig.case_weight)
    ap.add_argument("--typer-c", type=float, default=TyperConfig.c)
    ap.add_argument("--threshold", default=str(EventSettings.threshold))
    ap.add_argument("--learned-threshold", default=str(EventSettings.learned_threshold))
    ap.add_argument("--window", default=str(EventSettings.window))
    ap.add_argument("--article-weight", default=str(EventSettings.article_weight))
    ap.add_argument("--trigger-bonus", default=str(EventSettings.trigger_bonus))
    ap.add_argument("--gate-threshold", default=str(EventSettings.gate_threshold),
                    help="precision gate thresholds (0 keeps every event); 'none' trains no gate")
    ap.add_argument("--gate-threshold-non-violent", type=float, default=EventSettings.gate_threshold_non_violent,
                    help="gate threshold for protests, strategic developments and events outside ACLED")
    ap.add_argument("--variants", default="",
                    help="comma-separated LEARNED_WORDS:GATHERINGS:ACTOR_WORDS:GATE:MIN_CONFIDENCE settings scored "
                         "instead of the grid, e.g. any:0:0:0.25:0,event:1:1:0.4:0.05 (learned-trigger words 'any' or "
                         "'event'; the rally rule and the actor-words rule off 0 / on 1; gate threshold; confidence "
                         "floor[:ANY_WORD_FROM]), each with every --threshold and --learned-threshold. Each combination of the settings before the gate runs "
                         "the stage once per snippet; "
                         "the gate and floor filter its events.")
    ap.add_argument("--gate-case-weight", default=str(GateConfig.case_weight),
                    help="weights of a CASE event in the gate's training (GateConfig.case_weight), one gate each")
    ap.add_argument("--gate-crossfit", default=str(GateConfig.crossfit),
                    help="comma-separated K; K > 1: the gate's CASE events are found by models trained on the other K-1 parts of the "
                         "training folds (their confidence as on unseen snippets), not by the fold's own models")
    ap.add_argument("--gate-leave-out", default="",
                    help="'|'-separated variants of the features the gate is not trained on, each comma-separated "
                         "prefixes, 'none' for none (GateConfig.leave_out), e.g. 'none|conf>'")
    ap.add_argument("--gate-threshold-short", default=str(EventSettings.gate_threshold_short),
                    help="gate thresholds for texts under 6 sentences (EventSettings.gate_threshold_short)")
    ap.add_argument("--gate-short-weight", default=str(GateConfig.short_weight),
                    help="weights of the gate's examples from short pieces of the PolNeAR articles (GateConfig.short_weight)")
    ap.add_argument("--misses", type=Path, default=None,
                    help="write each variant's missed snippets with their events before the gate (JSON)")
    ap.add_argument("--no-typing-constraints", action="store_true",
                    help="switch off the ACLED constraints on sub-types (data/events/typing.yaml), to measure them")
    args = ap.parse_args()
    if args.no_typing_constraints:
        from newstrace.events import extract

        extract.TYPING_CONSTRAINTS = False
    from sklearn.model_selection import StratifiedKFold

    t0 = time.time()
    ids, texts, labels = read_case(args.corpora / CASE_FILE)
    snippets = prepare(ids, texts, cache_root() / "events")
    corpora = load_corpora(args.corpora)
    gate_corpus = None if args.gate_threshold == "none" else load_gate_corpus(args.corpora)
    gates = [0.0] if gate_corpus is None else floats(args.gate_threshold)
    extra = ([], []) if gate_corpus is None else ordinary_news_rows(gate_corpus, EventSettings().window)
    print(f"prepared in {time.time() - t0:.0f} s", file=sys.stderr)
    grid = [
        EventSettings(threshold=t, learned_threshold=lt, window=int(w), article_weight=a, trigger_bonus=b, gate_threshold=gt,
                      gate_threshold_non_violent=args.gate_threshold_non_violent, gate_threshold_short=gs)
        for t, lt, w, a, b, gt, gs in itertools.product(
            floats(args.threshold), floats(args.learned_threshold), floats(args.window), floats(args.article_weight),
            floats(args.trigger_bonus), gates, floats(args.gate_threshold_short),
        )
    ]
    if args.variants:
        grid = []
        for v, t, lt in itertools.product(args.variants.split(","), floats(args.threshold), floats(args.learned_threshold)):
            lw, ga, aw, gt, mc, *fb = v.split(":")
            grid.append(EventSettings(learned_words=lw, gatherings=bool(int(ga)), actor_words=bool(int(aw)),
                                      gate_threshold=float(gt), min_confidence=float(mc), threshold=t, learned_threshold=lt,
                                      gate_threshold_non_violent=args.gate_threshold_non_violent,
                                      learned_any_from=float(fb[0]) if fb else 1.0))
    seeds = [int(s) for s in args.seeds.split(",")]
    leave_outs = [tuple(x for x in v.split(",") if x and x != "none") for v in (args.gate_leave_out or ",".join(GateConfig.leave_out) or "none").split("|")]
    weights = [(int(k), w, lo, sw) for k in args.gate_crossfit.split(",") for w in floats(args.gate_case_weight) for lo in leave_outs
               for sw in floats(args.gate_short_weight)]
    product = {(g, w, s): [MISS] * len(labels) for g in grid for w in weights for s in seeds}
    lost = {(g, w, s): {"stage": 0, "gate": 0} for g in grid for w in weights for s in seeds}
    missed: dict[str, list[dict[str, Any]]] = {}
    classifier = {s: [MISS] * len(labels) for s in seeds}
    dconf = DetectorConfig(c=args.detector_c, case_weight=args.case_weight)
    tconf = TyperConfig(c=args.typer_c)
    for seed in seeds:
        cv = StratifiedKFold(args.folds, shuffle=True, random_state=seed)
        for train, test in cv.split(labels, labels):
            models = fit_models(
                [snippets[i].parts for i in train], [snippets[i].docs for i in train], [labels[i] for i in train],
                corpora, None, tconf, dconf, seed, extra,
            )
            gates: dict[tuple[int, float, tuple[str, ...], float], Any] = {kw: None for kw in weights}
            if gate_corpus is not None:
                for k in sorted({k for k, *_ in weights}):
                    case_ex = case_examples_for(models, train, snippets, labels, corpora, tconf, dconf, seed, extra, k)
                    for kw in weights:
                        if kw[0] == k:
                            gates[kw] = fit_gate(models, [snippets[i] for i in train], gate_corpus,
                                                 GateConfig(case_weight=kw[1], leave_out=kw[2], short_weight=kw[3]),
                                                 seed=seed, case_examples=case_ex)
            for i, p in zip(test, models.typer.predict([snippets[i].text for i in test]), strict=True):
                classifier[seed][i] = p
            ungated: dict[tuple[Any, ...], list[list[tuple[Any, list[str]]]]] = {}
            for g, w in itertools.product(grid, weights):
                m = replace(models, settings=g, gate=gates[w])
                # The gate and the confidence floor filter the stage's events: run it once per
                # combination of the settings before them.
                key = tuple(v for k, v in asdict(g).items()
                            if k not in ("gate_threshold", "gate_threshold_non_violent", "gate_threshold_short", "min_confidence"))
                if key not in ungated:
                    ungated[key] = [ungated_of(snippets[i], m) for i in test]
                for i, found in zip(test, ungated[key], strict=True):
                    product[(g, w, seed)][i] = a = answer([e for e, feats in found if kept(m, e, feats)])
                    if a == MISS:
                        lost[(g, w, seed)]["gate" if found else "stage"] += 1
                        missed.setdefault(f"{variant_name(g)} crossfit {w[0]} case-weight {w[1]} leave-out {','.join(w[2])} "
                                          f"short-weight {w[3]} seed {seed}", []).append({
                            "id": ids[i], "gold": labels[i], "text": snippets[i].text,
                            "events": [{"label": e.label, "trigger": e.trigger.text, "confidence": round(e.confidence, 3),
                                        "gate": round(m.gate.score(feats), 3) if m.gate is not None else None}
                                       for e, feats in found]})
        print(f"seed {seed} done at {time.time() - t0:.0f} s", file=sys.stderr)
    print(f"detector C={dconf.c} case_weight={dconf.case_weight}; typer C={tconf.c}; seeds {seeds}, {args.folds} folds")
    cls = [scores(labels, classifier[s]) for s in seeds]
    print(f"classifier only: weighted F1 {statistics.fmean(c['weighted_f1'] for c in cls):.4f} "
          f"(sd {statistics.pstdev(c['weighted_f1'] for c in cls):.4f})")
    for g, cw in itertools.product(grid, weights):
        res = [scores(labels, product[(g, cw, s)]) for s in seeds]
        w = [r["weighted_f1"] for r in res]
        n = len(labels) * len(seeds)
        print(
            f"gate crossfit {cw[0]} case-weight {cw[1]:g} leave-out {','.join(cw[2]) or '-'} short-weight {cw[3]:g} threshold {g.threshold:.2f} learned {g.learned_threshold:.2f} window {g.window} article {g.article_weight:.2f} "
            f"bonus {g.trigger_bonus:.2f} gate {g.gate_threshold:.2f} (non-violent {g.gate_threshold_non_violent:.2f}, "
            f"short {g.gate_threshold_short:.2f}) learned-words {g.learned_words} "
            f"gatherings {int(g.gatherings)} actor-words {int(g.actor_words)} min-confidence {g.min_confidence:.2f} "
            f"any-word-from {g.learned_any_from:.2f}: "
            f"weighted F1 {statistics.fmean(w):.4f} (sd {statistics.pstdev(w):.4f}, min {min(w):.4f}) "
            f"macro {statistics.fmean(r['macro_f1'] for r in res):.4f} "
            f"found {100 * statistics.fmean(r['detected'] for r in res):.1f} % "
            f"(sd {100 * statistics.pstdev(r['detected'] for r in res):.1f}; lost before the gate "
            f"{100 * sum(lost[(g, cw, s)]['stage'] for s in seeds) / n:.1f} %, by the gate "
            f"{100 * sum(lost[(g, cw, s)]['gate'] for s in seeds) / n:.1f} %)"
        )
    if args.misses is not None:
        args.misses.write_text(json.dumps(missed, indent=1, ensure_ascii=False), encoding="utf-8")


def variant_name(g: EventSettings) -> str:
    return (f"{g.learned_words}:{int(g.gatherings)}:{int(g.actor_words)}:{g.gate_threshold:g}:{g.min_confidence:g}"
            f" threshold {g.threshold:g} learned {g.learned_threshold:g}")


def case_examples_for(models: Any, train: Any, snippets: list[Any], labels: list[str], corpora: Any, tconf: Any,
                      dconf: Any, seed: int, extra: Any, k: int) -> Any:
    """The gate's CASE examples for a fold: found by the fold's own models (k < 2), or
    cross-fitted inside the training folds (casepath.crossfit_case_examples)."""
    if k < 2:
        return case_gate_examples([snippets[i] for i in train], replace(models, gate=None))
    return crossfit_case_examples([snippets[i] for i in train], [labels[i] for i in train], corpora, models.settings, k,
                                  seed, tconf, dconf, extra)


if __name__ == "__main__":
    main()
