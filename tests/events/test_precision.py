"""The labelled precision set: every record judged, with a reason; the command rereads it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events.data import taxonomy
from newstrace.events.precision import LABELS_FILE, VERDICTS, read_labels


def test_every_labelled_event_has_a_verdict_and_a_reason() -> None:
    labels = read_labels(LABELS_FILE)
    assert len(labels) >= 30
    for (article, sentence, label), r in labels.items():
        assert article and sentence and label in taxonomy()
        assert r["verdict"] in VERDICTS, r
        assert r["verdict"] == "right" or r["reason"].strip(), f"a wrong event needs its reason: {r}"


def test_malformed_labels_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"article": "a", "sentence": "s"}\n', encoding="utf-8")
    corpus = tmp_path / "split"
    (corpus / "text").mkdir(parents=True)
    result = CliRunner().invoke(app, ["eval", "events-precision", "--corpus", str(corpus), "--labels", str(bad)])
    assert result.exit_code == 2 and "labels.jsonl:1" in result.output
