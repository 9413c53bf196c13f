"""The shipped events models: plain arrays, tied to the data they were trained with."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from newstrace.events.casepath import ptc_gate_label_files
from newstrace.events.data import DATA_DIR
from newstrace.events.models import (
    MODEL_DIR,
    EventModels,
    feature_data_hashes,
    gate_data_hashes,
    sha256_file,
    shipped_models,
)
from newstrace.events.textvec import TfidfBlock
from newstrace.events.training import CASE_FILE, GATE_LABELS, SEMEVAL_GATE_LABELS

SNIPPETS = [
    "A suicide bomber blew himself up at a checkpoint, killing nine soldiers.",
    "Police arrested 30 people suspected of links to the militant group.",
    "A magnitude 6.1 earthquake struck the region, destroying hundreds of homes.",
    "Thousands marched peacefully through the capital demanding the minister's resignation.",
]


def test_model_files_hold_no_pickles() -> None:
    files = sorted(MODEL_DIR.iterdir())
    assert {f.suffix for f in files} <= {".npz", ".json"}, files
    for f in files:
        if f.suffix == ".npz":
            with zipfile.ZipFile(f) as z:
                for name in z.namelist():
                    with z.open(name) as member:
                        header = member.read(128)
                    assert b"'descr': '|O'" not in header, f"{f}:{name} stores Python objects"


def test_models_were_trained_on_the_live_lexicon() -> None:
    """Fails when triggers.yaml, cues.yaml, quantities.yaml or usage.yaml (or the feature code's version)
    changed after training: retrain with `python scripts/train_events.py`."""
    models = shipped_models()
    assert models is not None
    live = feature_data_hashes()
    assert models.gate is not None
    for name, meta in (("detector", models.detector.meta), ("typer", models.typer.meta), ("gate", models.gate.meta)):
        assert meta["lexicon"] == live, f"the {name} was trained with other lexicon files: retrain (scripts/train_events.py)"


def test_models_record_the_training_data(corpora_dir: Path) -> None:
    models = shipped_models()
    assert models is not None
    case = sha256_file(corpora_dir / CASE_FILE)
    assert models.typer.meta["data"]["case"] == case
    assert models.detector.meta["data"]["case"] == case
    assert {"muc4_train", "polnear_train", "semeval_train"} <= set(models.detector.meta["data"])
    assert models.gate is not None and models.gate.meta["data"]["case"] == case


def test_gate_was_trained_on_the_live_labels() -> None:
    """Fails when the labelled PolNeAR or SemEval train events changed after the gate was
    trained: retrain with `python scripts/train_events.py --gate-only`."""
    models = shipped_models()
    assert models is not None and models.gate is not None
    assert models.gate.meta["data"]["gate_labels"] == sha256_file(DATA_DIR / GATE_LABELS)
    assert models.gate.meta["data"]["semeval_labels"] == sha256_file(DATA_DIR / SEMEVAL_GATE_LABELS)


def test_gate_was_trained_on_the_live_ptc_tuning_labels(corpora_dir: Path) -> None:
    """Fails when the PTC tuning labels (precision_ptc_tune_*.jsonl) were added or changed
    after the gate was trained: retrain with `python scripts/train_events.py --gate-only`."""
    from newstrace.events.casepath import ptc_gate_files, ptc_gate_hashes

    models = shipped_models()
    assert models is not None and models.gate is not None
    if not ptc_gate_label_files():
        assert "ptc_labels" not in models.gate.meta["data"]
        return
    live = ptc_gate_hashes(ptc_gate_files(corpora_dir), ptc_gate_label_files())
    assert models.gate.meta["data"]["ptc_labels"] == live["ptc_labels"]
    assert models.gate.meta["data"]["ptc_gate"] == live["ptc_gate"]


def test_gate_was_trained_on_its_live_feature_data() -> None:
    """Fails when the gate's own data files (gate.GATE_DATA) or its feature code's version
    changed after the gate was trained: retrain with `python scripts/train_events.py --gate-only`."""
    models = shipped_models()
    assert models is not None and models.gate is not None
    assert models.gate.meta.get("gate_data") == gate_data_hashes()


def test_tfidf_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    block = TfidfBlock.fit(SNIPPETS, "chars", 2, 5)
    ours = block.transform(SNIPPETS[:2] + ["an unseen text, killing"]).toarray()
    ref = TfidfVectorizer(analyzer=block.analyse, sublinear_tf=True).fit(SNIPPETS)
    theirs = ref.transform(SNIPPETS[:2] + ["an unseen text, killing"]).toarray()
    order = [ref.vocabulary_[t] for t in block.terms]
    np.testing.assert_allclose(ours, theirs[:, order], atol=1e-12)


def test_saved_models_give_the_same_scores(tmp_path: Path) -> None:
    models = shipped_models()
    assert models is not None
    models.save(tmp_path)
    again = EventModels.load(tmp_path)
    np.testing.assert_allclose(again.typer.predict_proba(SNIPPETS), models.typer.predict_proba(SNIPPETS), rtol=1e-6)
    feats = ["w:kill", "L:ATTACK", "a:fatalities"]
    assert again.detector.score(feats) == pytest.approx(models.detector.score(feats))
    assert again.settings == models.settings
    assert again.gate is not None and models.gate is not None
    assert again.gate.score(feats) == pytest.approx(models.gate.score(feats))


def test_typer_types_plain_reports() -> None:
    models = shipped_models()
    assert models is not None
    assert models.typer.predict(SNIPPETS) == ["SUIC_BOMB", "ARREST", "NATURAL_DISASTER", "PEACE_PROTEST"]
