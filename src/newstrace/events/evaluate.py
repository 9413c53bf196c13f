"""``newstrace eval case FILE.tsv`` (the product path, or the sub-type model alone),
``newstrace eval muc4 FILE.json`` and ``newstrace eval events-precision``."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from newstrace.events.models import MODEL_DIR, shipped_models
from newstrace.events.training import SEED, read_case, read_muc

T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    typer.echo(f"newstrace eval: {message}", err=True)
    raise typer.Exit(2)


def _read_labels_or_fail(path: Path, read: Callable[[Path], T], what: str) -> T:
    """A labelled file read with ``read``, or a message for the user when it is missing or
    malformed."""
    if not path.is_file():
        _fail(f"{path} not found: pass the labelled {what} file with --labels.")
    try:
        return read(path)
    except ValueError as e:
        _fail(str(e))


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Weighted / macro F1 over the gold labels (a miss, "", counts against its label),
    accuracy and the share of snippets with an answer."""
    labels = sorted(set(gold))
    return {
        "weighted_f1": float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(gold, pred)),
        "detected": sum(1 for p in pred if p) / len(pred) if pred else 0.0,
    }


def _print_scores(gold: list[str], pred: list[str], per_label: bool = True) -> None:
    s = scores(gold, pred)
    found = sum(1 for p in pred if p)
    typer.echo(f"event found in:                {found} of {len(pred)} ({100 * s['detected']:.1f} %)")
    typer.echo(f"weighted F1 (official metric): {s['weighted_f1']:.4f}")
    typer.echo(f"macro F1:                      {s['macro_f1']:.4f}")
    typer.echo(f"accuracy:                      {s['accuracy']:.4f}")
    if not per_label:
        return
    labels = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    missed = {label: sum(1 for g, q in zip(gold, pred, strict=True) if g == label and not q) for label in labels}
    typer.echo(f"\n{'label':32s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s} {'missed':>6s}")
    for row in zip(labels, p, r, f, n, strict=True):
        typer.echo(f"{row[0]:32s} {row[1]:6.3f} {row[2]:6.3f} {row[3]:6.3f} {row[4]:4d} {missed[row[0]]:6d}")


def _spread(values: list[float]) -> str:
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.4f} ± {sd:.4f} (min {min(values):.4f}, max {max(values):.4f})"


def eval_case(
    file: Annotated[Path, typer.Argument(help="A CASE 2021 task 2 TSV: id, snippet, label (with a header line).")],
    cv: Annotated[int, typer.Option("--cv", help="Stratified k-fold cross-validation: every learned part trained on the other folds.")] = 0,
    seeds: Annotated[str, typer.Option("--seeds", help="Fold seeds for --cv, comma-separated.")] = f"{SEED},1,2",
    classifier_only: Annotated[bool, typer.Option("--classifier-only", help="Score the sub-type model alone on whole snippets (not the product path).")] = False,
    corpora: Annotated[Path | None, typer.Option("--corpora", help="The shared corpora folder, for the detector's other training data with --cv (default: the folder above FILE's).")] = None,
) -> None:
    """CASE 2021 task 2 through the product path (detection rate, weighted/macro F1, per label)."""
    if not file.is_file():
        _fail(f"{file} not found: pass the CASE TSV (e.g. ../shared/corpora/case2021_t2/test_set_final_release_with_labels.tsv).")
    try:
        ids, texts, labels = read_case(file)
    except (ValueError, UnicodeDecodeError) as e:
        _fail(f"cannot read {file}: {e}")
    if not texts or not all(labels):
        _fail(f"{file} has no labelled rows: every row needs id<TAB>snippet<TAB>label.")
    if cv:
        _cross_validate(file, ids, texts, labels, cv, seeds, classifier_only, corpora)
        return
    models = shipped_models()
    if models is None:
        _fail(f"no shipped models in {MODEL_DIR}; train them with 'newstrace train events' or use --cv 5.")
        return
    from newstrace.events.models import sha256_file

    what = "the sub-type model alone on whole snippets" if classifier_only else "the product path (ingest, spaCy, entities, claims, events)"
    typer.echo(f"{file}: {len(texts)} snippets, {what}, shipped models")
    if models.typer.meta.get("data", {}).get("case") == sha256_file(file):
        typer.echo("NOTE: this file is the one the shipped models were trained on: these are TRAINING-set scores, "
                   "not a measure of quality. Use --cv 5 for cross-validated scores.")
    if classifier_only:
        _print_scores(labels, models.typer.predict(texts))
        return
    from newstrace.events.casepath import answers, prepare

    _print_scores(labels, answers(prepare(ids, texts), models))


def _cross_validate(
    file: Path, ids: list[str], texts: list[str], labels: list[str], folds: int, seeds: str,
    classifier_only: bool, corpora: Path | None,
) -> None:
    from newstrace.events.casepath import cross_validate, load_gate_corpus, prepare
    from newstrace.events.training import load_corpora

    if folds < 2:
        _fail("--cv needs at least 2 folds (5 is how the shared file is reported).")
    smallest = min(labels.count(label) for label in set(labels))
    if smallest < folds:
        _fail(f"--cv {folds} needs at least {folds} rows of every label; the rarest label has {smallest}.")
    try:
        seed_list = [int(s) for s in seeds.split(",") if s.strip()]
    except ValueError:
        _fail(f"--seeds takes integers separated by commas, not {seeds!r}.")
    corpus_dir = corpora or file.resolve().parent.parent
    if not (corpus_dir / "polnear").is_dir() or not (corpus_dir / "muc4").is_dir():
        _fail(f"{corpus_dir} lacks polnear/ and muc4/ (the detector's other training data): pass --corpora ../shared/corpora.")
    typer.echo(f"{file}: {len(texts)} snippets, {len(set(labels))} labels; stratified {folds}-fold cross-validation, "
               f"seeds {seed_list}; detector, sub-type model and precision gate trained on the training folds only")
    runs = cross_validate(
        prepare(ids, texts), labels, load_corpora(corpus_dir), seed_list, folds,
        progress=lambda seed, k: typer.echo(f"  seed {seed}: fold {k + 1}/{folds} done", err=True),
        gate_corpus=None if classifier_only else load_gate_corpus(corpus_dir),
    )
    for name, pick in (("product path", lambda r: r.product), ("sub-type model alone (whole snippet)", lambda r: r.classifier)):
        if classifier_only and name == "product path":
            continue
        typer.echo(f"\n== {name}")
        per_seed = [scores(labels, pick(r)) for r in runs]
        for r, s in zip(runs, per_seed, strict=True):
            typer.echo(f"seed {r.seed:3d}: weighted F1 {s['weighted_f1']:.4f}  macro F1 {s['macro_f1']:.4f}  "
                       f"accuracy {s['accuracy']:.4f}  event found {100 * s['detected']:.1f} %")
        for key in ("weighted_f1", "macro_f1", "detected"):
            typer.echo(f"{key:12s} mean ± sd over seeds: {_spread([s[key] for s in per_seed])}")
    typer.echo(f"\nper label (seed {runs[0].seed}, {'sub-type model alone' if classifier_only else 'product path'}):")
    _print_scores(labels, runs[0].classifier if classifier_only else runs[0].product)


def eval_muc4(
    file: Annotated[Path, typer.Argument(help="MUC-4 documents, one JSON object a line (GTT format: docid, doctext, templates).")],
) -> None:
    """MUC-4 templates from the product path's events, scored by GTT-style template matching."""
    if not file.is_file():
        _fail(f"{file} not found: pass a MUC-4 JSON Lines file (e.g. ../shared/corpora/muc4/dev.json).")
    try:
        docs = read_muc(file)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        _fail(f"cannot read {file}: {e}")
    if not docs or not all("doctext" in d and "templates" in d for d in docs):
        _fail(f"{file}: every line must be an object with 'doctext' and 'templates'.")
    from newstrace.events.muc_eval import evaluate_muc, print_muc

    print_muc(file, evaluate_muc(docs))


def eval_events_precision(
    corpus: Annotated[Path, typer.Option("--corpus", help="A PolNeAR split folder (text/ inside) or a folder of .txt articles (e.g. ../shared/seeds).")] = Path("../shared/corpora/polnear/dev"),
    labels: Annotated[Path | None, typer.Option("--labels", help="The labelled events (default: the package's file for the corpus: seeds, the PTC 2020 held-out sample or PolNeAR dev).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N articles in name order (default: all; for PTC 2020 the held-out sample).")] = None,
    no_gate: Annotated[bool, typer.Option("--no-gate", help="Every event before the precision gate (the candidates a labelled file covers).")] = False,
    write_unlabelled: Annotated[Path | None, typer.Option("--write-unlabelled", help="Write events the file has no verdict for here (JSON Lines, verdict '?').")] = None,
) -> None:
    """Precision of the events stage against events labelled right/wrong by hand (ordinary news:
    PolNeAR dev and the PTC 2020 held-out sample; conflict news: the seeds)."""
    from newstrace.events.precision import (
        VERDICTS,
        default_labels,
        find_candidates,
        is_ptc,
        read_labels,
        record,
        split_files,
        wilson,
    )

    default_file, sample = default_labels(corpus)
    held_out = labels is None and is_ptc(corpus)
    labels = labels or default_file
    limit = limit if limit is not None else sample
    known = _read_labels_or_fail(labels, read_labels, "events")
    if not corpus.is_dir() or not split_files(corpus):
        _fail(f"{corpus} has no .txt articles (nor a text/ folder of them): pass a PolNeAR split (e.g. ../shared/corpora/polnear/dev) or a folder of .txt files.")
    files = split_files(corpus, 0, limit)
    candidates = list(find_candidates(corpus, 0, limit))
    found = [f for f, keep in candidates if keep or no_gate]
    verdicts = [known.get(f.key, {}).get("verdict") for f in found]
    judged = [v for v in verdicts if v in VERDICTS]
    right = sum(1 for v in judged if v == "right")
    unlabelled = [f for f, v in zip(found, verdicts, strict=True) if v not in VERDICTS]
    articles = len({f.article for f in found})
    what = "before the gate" if no_gate else "kept"
    typer.echo(f"{corpus}: {len(files)} articles; {len(found)} events {what} in {articles} of them; "
               f"{len(judged)} labelled, {len(unlabelled)} not ({labels.name})")
    if judged:
        low, high = wilson(right, len(judged))
        typer.echo(f"precision: {right}/{len(judged)} = {right / len(judged):.3f} (labelled events only; "
                   f"Wilson 95 % {low:.3f}-{high:.3f})")
        typer.echo(f"\n{'label':32s} {'right':>5s} {'of':>4s} {'P':>6s}")
        for label in sorted({f.label for f, v in zip(found, verdicts, strict=True) if v in VERDICTS}):
            vs = [v for f, v in zip(found, verdicts, strict=True) if f.label == label and v in VERDICTS]
            r = vs.count("right")
            typer.echo(f"{label:32s} {r:5d} {len(vs):4d} {r / len(vs):6.3f}")
    if held_out and not no_gate:
        # Its file labels every candidate (the events before the gate): how many of the right
        # ones the product keeps. Records of events the stage no longer finds are left out.
        right_keys = {f.key for f, _ in candidates if known.get(f.key, {}).get("verdict") == "right"}
        kept = right_keys & {f.key for f in found}
        typer.echo(f"right candidates (events before the gate labelled right): {len(right_keys)}; kept: {len(kept)} "
                   f"({len(kept) / max(1, len(right_keys)):.3f}, a recall proxy)")
    if held_out:
        # Listing its errors (or the scores of unlabelled events) would invite tuning on it
        # and unblind whoever labels the next ones: aggregates only.
        typer.echo("held-out set: events are not listed (--write-unlabelled writes the unlabelled ones, to label blind)")
    for f, v in zip(found, verdicts, strict=True):
        if v == "wrong" and not held_out:
            typer.echo(f"  wrong  {f.confidence:.2f} {f.label:24s} [{f.trigger}] {known[f.key].get('reason', '')}")
    if unlabelled and not held_out:
        typer.echo("not labelled yet (label them: --write-unlabelled FILE, then add them to the labels file):")
        for f in unlabelled:
            typer.echo(f"  ?      {f.confidence:.2f} {f.label:24s} [{f.trigger}] {f.article}: {f.sentence[:160]}")
    if write_unlabelled is not None:
        with write_unlabelled.open("w", encoding="utf-8") as out:
            for f in unlabelled:
                out.write(json.dumps(record(f), ensure_ascii=False) + "\n")
        typer.echo(f"{len(unlabelled)} unlabelled events written to {write_unlabelled}")


def eval_events_places(
    which: Annotated[str, typer.Option("--set", help="The labelled set: dev (PolNeAR dev), train (train articles 300-499) or check (train 500-599, held out from the place rules).")] = "dev",
    corpora: Annotated[Path, typer.Option("--polnear", help="The PolNeAR folder (dev/ and train/ inside).")] = Path("../shared/corpora/polnear"),
    labels: Annotated[Path | None, typer.Option("--labels", help="Another labelled places file (default: the set's).")] = None,
    list_file: Annotated[Path | None, typer.Option("--list", help="Write every kept event here (TSV: labelled and exported place, verdict, sentence); unlabelled ones have '?'.")] = None,
) -> None:
    """Event places on ordinary news: the exported place of each kept event against the place
    the text gives for it (labelled by hand; country / on path / most specific)."""
    from newstrace.events.muc_eval import PLACE_LEVELS
    from newstrace.events.place_check import (
        SETS,
        placed_events,
        read_place_labels,
        rows,
        score,
        tsv,
    )
    from newstrace.events.precision import split_files

    if which not in SETS:
        _fail(f"--set must be one of {', '.join(SETS)}.")
    split, default_file, skip, limit = SETS[which]
    corpus = corpora / split
    labels = labels or default_file
    known = _read_labels_or_fail(labels, read_place_labels, "places")
    if not corpus.is_dir() or not split_files(corpus, skip, limit):
        _fail(f"{corpus} has no .txt articles (nor a text/ folder of them): pass the PolNeAR folder with --polnear (e.g. ../shared/corpora/polnear).")
    events = placed_events(corpus, skip, limit)
    c = score(events, known)
    span = f"articles {skip}-{skip + limit - 1}" if limit is not None else "all articles"
    typer.echo(f"{corpus} ({span}): {c['events']} events kept, {c['labelled']} labelled ({labels.name}, {len(known)} labels)")
    given = max(1, c["given"])
    typer.echo(f"the text gives a place: {c['given']}; exported with a place {c['placed']}")
    for level in PLACE_LEVELS:
        typer.echo(f"  {level.replace('_', ' '):9s} {c[level]:4d} / {c['given']} = {c[level] / given:.3f}")
    typer.echo(f"  wrong place (placed, off the path) {c['off_path']}; no place {c['given'] - c['placed']}")
    typer.echo(f"the text gives none: {c['none_given']}; exported with a place anyway {c['placed_none']}")
    if list_file is not None:
        header = ["article", "label", "trigger", "labelled", "exported", "verdict", "sentence"]
        list_file.write_text(tsv(rows(events, known), header), encoding="utf-8")
        typer.echo(f"{c['events']} events written to {list_file}")
