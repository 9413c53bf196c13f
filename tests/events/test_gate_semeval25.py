"""The gate's SemEval 2025 task 10 part: labelled events on whole Ukraine-war and climate
documents (data/events/precision_semeval25_*.jsonl, one file per labeller). Only the documents
with records are gate data, and the gate's metadata hashes exactly their texts and the labels
files. These tests read file names and the SemEval 2025 labels only, never the blind PTC
held-out labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.events import casepath
from newstrace.events.casepath import (
    load_gate_corpus,
    ptc_holdout_names,
    semeval25_gate_files,
    semeval25_gate_hashes,
    semeval25_gate_label_files,
)
from newstrace.events.models import shipped_models
from newstrace.events.precision import read_labels, split_files
from newstrace.events.training import PTC_TRAIN, SEMEVAL25_DIR, SEMEVAL_TRAIN


def _no_parse(ids: Any, texts: Any, *args: Any, **kwargs: Any) -> list[None]:
    return [None] * len(ids)


def _labels_or_skip() -> list[Path]:
    files = semeval25_gate_label_files()
    if not files:
        pytest.skip("no SemEval 2025 labels (data/events/precision_semeval25_*.jsonl) yet")
    return files


def test_the_labels_are_semeval25_documents_never_a_blind_article(corpora_dir: Path) -> None:
    """Every labelled article is a SemEval 2025 document: none is a PTC article (the blind
    sample among them) or a SemEval 2023 one (PTC's texts under the same names)."""
    files = _labels_or_skip()
    documents = {f.stem for f in split_files(corpora_dir / SEMEVAL25_DIR)}
    articles = {article for path in files for article, _, _ in read_labels(path)}
    assert articles and articles <= documents
    assert not articles & ptc_holdout_names(corpora_dir)
    assert not articles & {f.stem for f in split_files(corpora_dir / PTC_TRAIN)}
    assert not articles & {f.stem for f in split_files(corpora_dir / SEMEVAL_TRAIN)}


def test_the_labellers_files_are_article_disjoint() -> None:
    files = _labels_or_skip()
    seen: dict[str, str] = {}
    for path in files:
        for article, _, _ in read_labels(path):
            assert seen.setdefault(article, path.name) == path.name, f"{article} is in {seen[article]} and {path.name}"


def test_only_labelled_documents_join_the_gate_corpus(corpora_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With a labels file naming two documents, the gate corpus gains exactly those two (source
    "semeval25"), their verdicts, and the hashes of their texts and of the file."""
    documents = split_files(corpora_dir / SEMEVAL25_DIR)
    if len(documents) < 5:
        pytest.skip("too few SemEval 2025 documents")
    chosen = [documents[3], documents[1]]
    labels = tmp_path / "precision_semeval25_x.jsonl"
    labels.write_text("".join(json.dumps({"article": f.stem, "sentence": f"A sentence of {f.stem}.", "label": "ATTACK",
                                          "trigger": "attack", "verdict": v}) + "\n"
                              for f, v in zip(chosen, ("right", "wrong"), strict=True)), encoding="utf-8")
    monkeypatch.setattr(casepath, "prepare", _no_parse)
    monkeypatch.setattr(casepath, "semeval25_gate_label_files", lambda: [labels])
    corpus = load_gate_corpus(corpora_dir, Path("/nonexistent"))
    mine = [n for n, s in zip(corpus.names, corpus.sources, strict=True) if s == "semeval25"]
    assert mine == [documents[1].stem, documents[3].stem]  # name order, only the labelled ones
    assert len([s for s in corpus.sources if s == "semeval25"]) == len(mine)
    assert corpus.verdicts[(documents[3].stem, f"A sentence of {documents[3].stem}.", "ATTACK")]["verdict"] == "right"
    expected = semeval25_gate_hashes([documents[1], documents[3]], [labels])
    assert {k: corpus.hashes[k] for k in expected} == expected
    # ... and another labelled document changes the texts' hash.
    assert semeval25_gate_hashes(documents[:2], [labels])["semeval25_gate"] != expected["semeval25_gate"]


def test_gate_was_trained_on_the_live_semeval25_labels(corpora_dir: Path) -> None:
    """Fails when the SemEval 2025 labels were added or changed after the gate was trained:
    retrain with `python scripts/train_events.py --gate-only`."""
    files = _labels_or_skip()
    models = shipped_models()
    assert models is not None and models.gate is not None
    live = semeval25_gate_hashes(semeval25_gate_files(corpora_dir, files), files)
    assert models.gate.meta["data"].get("semeval25_labels") == live["semeval25_labels"]
    assert models.gate.meta["data"].get("semeval25_gate") == live["semeval25_gate"]
