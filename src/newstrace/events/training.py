"""Training the event sub-type classifier (``newstrace train events`` or
``scripts/train_events.py``).

Data: the CASE 2021 task 2 snippets (corpora/case2021_t2, 510 labelled rows: all there is,
so quality is reported by stratified 5-fold cross-validation with a fixed seed) and, for
the MUC-4 incident-type model used by ``eval muc4``, corpora/muc4/train.json.
Model: TF-IDF word unigrams + character 2-5-grams + trigger-lexicon counts + two context
features (who takes territory; how a protest went), a linear SVM
with class-balanced weights; one softmax temperature fitted on cross-validated scores
turns its scores into a confidence (calibration.py). Settings were chosen by
5-fold cross-validation on the CASE file (docs/quality-events.md lists the runs).
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from newstrace.events import muc_roles
from newstrace.events.calibration import TemperatureSVC
from newstrace.events.classifier import META_FILE, MODEL_FILE
from newstrace.events.features import LexiconFeatures

SEED = 13
CASE_FILE = Path("case2021_t2") / "test_set_final_release_with_labels.tsv"
MUC_TRAIN = Path("muc4") / "train.json"
MUC_MODEL_FILE = "muc4_incident.joblib"
LEXICON_WEIGHT = 0.4
TERRITORY_WEIGHT = 1.5  # who takes ground (features.territory_actor_features)
PROTEST_WEIGHT = 0.4  # how a protest went (features.protest_features)
CHAR_MAX_FEATURES = 20_000  # keeps the shipped weights small (a few MB)


def file_sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def read_case(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(ids, snippets, labels) of a CASE task 2 TSV (header: id, snippet, label)."""
    ids, texts, labels = [], [], []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path} is empty: expected a TSV with columns id, snippet, label")
        for n, row in enumerate(reader, start=2):
            if not row or not any(row):
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{n}: expected id<TAB>snippet[<TAB>label], got {len(row)} column(s)")
            ids.append(row[0])
            texts.append(row[1])
            labels.append(row[2].strip() if len(row) > 2 else "")
    return ids, texts, labels


def make_pipeline_for_case() -> Pipeline:
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(sublinear_tf=True, stop_words="english")),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=CHAR_MAX_FEATURES
                ),
            ),
            ("lexicon", LexiconFeatures(LEXICON_WEIGHT, False, (), TERRITORY_WEIGHT, PROTEST_WEIGHT)),
        ]
    )
    return make_pipeline(features, TemperatureSVC(C=3.0, class_weight="balanced", random_state=SEED))


def cross_validate(texts: list[str], labels: list[str], folds: int = 5) -> dict[str, Any]:
    """Stratified k-fold predictions of a fresh pipeline (trained on the other folds only)."""
    cv = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    pred = cross_val_predict(make_pipeline_for_case(), texts, labels, cv=cv)
    return {
        "predictions": [str(p) for p in pred],
        "weighted_f1": float(f1_score(labels, pred, average="weighted")),
        "macro_f1": float(f1_score(labels, pred, average="macro")),
    }


def read_muc(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def muc_incident_label(doc: dict[str, Any]) -> str:
    """The document's first incident type ("bombing / attack" -> "bombing"), or "none"."""
    if not doc["templates"]:
        return "none"
    return str(doc["templates"][0]["incident_type"]).split("/")[0].strip()


def make_muc_pipeline() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, max_features=20_000),
        LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced"),
    )


def train(corpus_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Train both models from the shared corpora folder into ``out_dir``; returns a report."""
    import joblib

    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    case_path = corpus_dir / CASE_FILE
    if not case_path.exists():
        raise FileNotFoundError(f"{case_path} not found: pass the shared corpora folder (../shared/corpora)")
    t0 = time.time()
    _, texts, labels = read_case(case_path)
    cv = cross_validate(texts, labels)
    model = make_pipeline_for_case().fit(texts, labels)
    out_dir.mkdir(parents=True, exist_ok=True)
    _shrink(model)
    joblib.dump(model, out_dir / MODEL_FILE, compress=3)
    report: dict[str, Any] = {
        "case": {
            "file": str(case_path),
            "rows": len(texts),
            "labels": len(set(labels)),
            "cv5_weighted_f1": round(cv["weighted_f1"], 4),
            "cv5_macro_f1": round(cv["macro_f1"], 4),
            "seed": SEED,
            "sha1": file_sha1(case_path),
        }
    }
    muc_path = corpus_dir / MUC_TRAIN
    if muc_path.exists():
        docs = read_muc(muc_path)
        muc = make_muc_pipeline().fit([d["doctext"] for d in docs], [muc_incident_label(d) for d in docs])
        joblib.dump(muc, out_dir / MUC_MODEL_FILE, compress=3)
        roles = muc_roles.learn(docs)
        muc_roles.save(roles, out_dir)
        report["muc4"] = {"file": str(muc_path), "docs": len(docs), "role_lexicon_entries": len(roles)}
    report["seconds"] = round(time.time() - t0, 1)
    (out_dir / META_FILE).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def _shrink(model: Pipeline) -> None:
    """Drop what prediction does not need (stop-word lists learnt by TF-IDF), store
    coefficients as float32: the shipped file stays a few MB."""
    for step in model.steps:
        est = step[1]
        if isinstance(est, FeatureUnion):
            for _, tr in est.transformer_list:
                if isinstance(tr, TfidfVectorizer):
                    tr.stop_words_ = None
        if isinstance(est, TemperatureSVC):
            est.svm_.coef_ = est.svm_.coef_.astype(np.float32)
