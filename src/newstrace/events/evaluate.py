"""``newstrace eval case FILE.tsv`` and ``newstrace eval muc4 FILE.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from newstrace.events import muc_roles
from newstrace.events.classifier import MODEL_DIR, shipped_model
from newstrace.events.training import (
    MUC_MODEL_FILE,
    cross_validate,
    file_sha1,
    muc_incident_label,
    read_case,
    read_muc,
)


def _fail(message: str) -> None:
    typer.echo(f"newstrace eval: {message}", err=True)
    raise typer.Exit(2)


def _print_scores(gold: list[str], pred: list[str]) -> None:
    labels = sorted(set(gold))
    typer.echo(f"weighted F1 (official metric): {f1_score(gold, pred, average='weighted', zero_division=0):.4f}")
    typer.echo(f"macro F1:                      {f1_score(gold, pred, average='macro', zero_division=0):.4f}")
    typer.echo(f"accuracy:                      {accuracy_score(gold, pred):.4f}")
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    typer.echo(f"\n{'label':32s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}")
    for row in zip(labels, p, r, f, n, strict=True):
        typer.echo(f"{row[0]:32s} {row[1]:6.3f} {row[2]:6.3f} {row[3]:6.3f} {row[4]:4d}")


def eval_case(
    file: Annotated[Path, typer.Argument(help="A CASE 2021 task 2 TSV: id, snippet, label (with a header line).")],
    cv: Annotated[int, typer.Option("--cv", help="Stratified k-fold cross-validation (train on the folds) instead of scoring the shipped model.")] = 0,
) -> None:
    """Event sub-type classification on CASE 2021 task 2 (weighted F1, macro F1, per label)."""
    if not file.is_file():
        _fail(f"{file} not found: pass the CASE TSV (e.g. ../shared/corpora/case2021_t2/test_set_final_release_with_labels.tsv).")
    try:
        _, texts, labels = read_case(file)
    except (ValueError, UnicodeDecodeError) as e:
        _fail(f"cannot read {file}: {e}")
    if not texts or not all(labels):
        _fail(f"{file} has no labelled rows: every row needs id<TAB>snippet<TAB>label.")
    if cv:
        if cv < 2:
            _fail("--cv needs at least 2 folds (5 is how the shared file is reported).")
        smallest = min(labels.count(label) for label in set(labels))
        if smallest < cv:
            _fail(f"--cv {cv} needs at least {cv} rows of every label; the rarest label has {smallest}.")
        typer.echo(f"{file}: {len(texts)} snippets, {len(set(labels))} labels; stratified {cv}-fold cross-validation (seed 13), a fresh model per fold")
        result = cross_validate(texts, labels, folds=cv)
        _print_scores(labels, result["predictions"])
        return
    model = shipped_model()
    if model is None:
        _fail(f"no shipped model in {MODEL_DIR}; train one with 'newstrace train events' or use --cv 5.")
        return
    trained_on = model.meta.get("case", {}).get("sha1")
    typer.echo(f"{file}: {len(texts)} snippets, scored with the shipped model")
    if trained_on == file_sha1(file):
        typer.echo("NOTE: this file is the one the shipped model was trained on: these are TRAINING-set scores, "
                   "not a measure of quality. Use --cv 5 for cross-validated scores.")
    _print_scores(labels, model.predict(texts))


def _role_scores(docs: list[dict], predicted: list[dict[str, set[str]]]) -> dict[str, tuple[float, float, float]]:
    """Per role (P, R, F1): a gold entity is found when any of its mentions was extracted;
    an extracted string is right when it is a mention of some gold entity of that role."""
    out = {}
    for role in muc_roles.ROLES:
        tp_p = n_p = tp_r = n_g = 0
        for d, pred in zip(docs, predicted, strict=True):
            entities = [{muc_roles.norm(m) for m, _ in e} for t in d["templates"] for e in t[role]]
            mentions = set().union(*entities) if entities else set()
            n_p += len(pred[role])
            tp_p += sum(1 for s in pred[role] if s in mentions)
            n_g += len(entities)
            tp_r += sum(1 for e in entities if e & pred[role])
        p = tp_p / n_p if n_p else 0.0
        r = tp_r / n_g if n_g else 0.0
        out[role] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def eval_muc4(
    file: Annotated[Path, typer.Argument(help="MUC-4 documents, one JSON object a line (GTT format: docid, doctext, templates).")],
) -> None:
    """MUC-4 incident type (accuracy, macro F1) and role fillers (P/R/F1 per role)."""
    if not file.is_file():
        _fail(f"{file} not found: pass a MUC-4 JSON Lines file (e.g. ../shared/corpora/muc4/dev.json).")
    try:
        docs = read_muc(file)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        _fail(f"cannot read {file}: {e}")
    if not docs or not all("doctext" in d and "templates" in d for d in docs):
        _fail(f"{file}: every line must be an object with 'doctext' and 'templates'.")
    path = MODEL_DIR / MUC_MODEL_FILE
    if not path.exists():
        _fail(f"no MUC-4 incident model in {MODEL_DIR}; train one with 'newstrace train events'.")
    import joblib

    model = joblib.load(path)  # the package's own file only
    texts = [d["doctext"] for d in docs]
    gold = [muc_incident_label(d) for d in docs]
    pred = [str(p) for p in model.predict(texts)]
    typer.echo(f"{file}: {len(docs)} documents, {sum(g != 'none' for g in gold)} with an incident")
    typer.echo("incident type (first template; 'none' = no incident):")
    typer.echo(f"  accuracy {accuracy_score(gold, pred):.4f}   macro F1 {f1_score(gold, pred, average='macro', zero_division=0):.4f}"
               f"   weighted F1 {f1_score(gold, pred, average='weighted', zero_division=0):.4f}")
    predicted: list[dict[str, set[str]]] = [muc_roles.extract_roles(t) if p != "none" else {r: set() for r in muc_roles.ROLES} for t, p in zip(texts, pred, strict=True)]
    typer.echo("role fillers (document level, any-mention match):")
    for role, (p, r, f) in _role_scores(docs, predicted).items():
        typer.echo(f"  {role:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
