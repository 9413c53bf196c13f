"""The held-out precision set on PTC 2020 news (data/events/precision_ptc_holdout.jsonl): the
eval finds it by default for that corpus, covers only the sample, lists no individual event,
and every event the shipped stage keeps on the first sample articles has a verdict (when the
stage changes, the new events must be labelled, blind, before the figure is reported)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events.precision import (
    LABELS_FILE,
    PTC_LABELS_FILE,
    PTC_SAMPLE,
    default_labels,
    read_labels,
    split_files,
    wilson,
)

FIRST = 18  # sample articles the drift guard runs the stage on (a few seconds)


@pytest.fixture(scope="module")
def ptc(corpus_folder: Callable[[str], Path]) -> Path:
    return corpus_folder("ptc2020/train-articles")


def test_the_eval_finds_the_held_out_labels_for_ptc(ptc: Path, corpora_dir: Path) -> None:
    assert default_labels(ptc) == (PTC_LABELS_FILE, PTC_SAMPLE)
    assert default_labels(corpora_dir / "polnear" / "dev") == (LABELS_FILE, None)


def test_the_labels_cover_the_sample_and_nothing_else(ptc: Path) -> None:
    sample = {f.stem for f in split_files(ptc, 0, PTC_SAMPLE)}
    labelled = {article for article, _, _ in read_labels(PTC_LABELS_FILE)}
    assert len(sample) == PTC_SAMPLE and labelled and labelled <= sample


def test_kept_events_of_the_first_articles_are_labelled_and_not_listed(ptc: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events-precision", "--corpus", str(ptc), "--limit", str(FIRST)])
    assert result.exit_code == 0, result.output
    assert f"{FIRST} articles;" in result.output and ", 0 not (" in result.output, result.output
    assert "held-out set" in result.output and "precision:" in result.output
    sentences = [s for (a, s, _) in read_labels(PTC_LABELS_FILE) if a in {f.stem for f in split_files(ptc, 0, FIRST)}]
    assert sentences and not any(s[:60] in result.output for s in sentences)


def test_wilson_interval() -> None:
    low, high = wilson(0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775  # the textbook value for 0 of 10
    low, high = wilson(79, 114)
    assert low < 79 / 114 < high and high - low < 0.2
