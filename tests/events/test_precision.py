"""The labelled precision set: every record judged, with a reason; the command rereads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events.data import DATA_DIR, taxonomy
from newstrace.events.precision import (
    LABELS_FILE,
    PTC_LABELS_FILE,
    SEEDS_LABELS_FILE,
    VERDICTS,
    read_labels,
    split_files,
)
from newstrace.events.training import GATE_LABELS, SEMEVAL_GATE_LABELS


@pytest.mark.parametrize(
    "path",
    [LABELS_FILE, DATA_DIR / GATE_LABELS, DATA_DIR / SEMEVAL_GATE_LABELS, SEEDS_LABELS_FILE, PTC_LABELS_FILE],
    ids=["dev", "train", "semeval-train", "seeds", "ptc"],
)
def test_every_labelled_event_has_a_verdict_and_a_reason(path: Path) -> None:
    labels = read_labels(path)
    assert len(labels) >= 30
    for (article, sentence, label), r in labels.items():
        assert article and sentence and label in taxonomy()
        assert r["verdict"] in VERDICTS, r
        assert r["verdict"] == "right" or r["reason"].strip(), f"a wrong event needs its reason: {r}"


def test_a_folder_of_texts_is_read_like_a_polnear_split(tmp_path: Path) -> None:
    """The seeds are a plain folder of .txt files; a PolNeAR split keeps them in text/."""
    (tmp_path / "plain").mkdir()
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / "plain" / name).write_text("x", encoding="utf-8")
    (tmp_path / "split" / "text").mkdir(parents=True)
    (tmp_path / "split" / "text" / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "split" / "README.txt").write_text("x", encoding="utf-8")
    assert [f.name for f in split_files(tmp_path / "plain")] == ["a.txt", "b.txt"]
    assert [f.name for f in split_files(tmp_path / "split")] == ["c.txt"]


def test_a_corpus_without_texts_is_refused_with_a_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events-precision", "--corpus", str(tmp_path)])
    assert result.exit_code == 2 and "no .txt articles" in result.output


def test_gate_labels_and_the_evaluation_set_share_no_article() -> None:
    """The gate learns from PolNeAR train; its precision is measured on PolNeAR dev."""
    train = {article for article, _, _ in read_labels(DATA_DIR / GATE_LABELS)}
    dev = {article for article, _, _ in read_labels(LABELS_FILE)}
    assert train and dev and not train & dev


def test_malformed_labels_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"article": "a", "sentence": "s"}\n', encoding="utf-8")
    corpus = tmp_path / "split"
    (corpus / "text").mkdir(parents=True)
    result = CliRunner().invoke(app, ["eval", "events-precision", "--corpus", str(corpus), "--labels", str(bad)])
    assert result.exit_code == 2 and "labels.jsonl:1" in result.output
