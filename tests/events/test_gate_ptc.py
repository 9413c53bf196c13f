"""The gate's PTC 2020 tuning part: labelled events on PTC train articles after the blind
held-out sample. The held-out sample (precision.PTC_SAMPLE, its labels in
precision_ptc_holdout.jsonl) must never be training data: not through the PTC part, not
through SemEval 2023, whose English articles are PTC's under the same names. These tests
read file names only, never the held-out labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrace.events import casepath
from newstrace.events.casepath import (
    PTC_PREFIX,
    article_of,
    load_gate_corpus,
    ptc_gate_files,
    ptc_gate_label_files,
    ptc_holdout_names,
)
from newstrace.events.precision import PTC_LABELS_FILE, PTC_SAMPLE, split_files
from newstrace.events.training import PTC_TRAIN


def test_the_holdout_labels_are_never_a_tuning_file() -> None:
    assert PTC_LABELS_FILE.resolve() not in {f.resolve() for f in ptc_gate_label_files()}


def test_a_pattern_that_reaches_the_holdout_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casepath, "PTC_GATE_LABELS", "precision_ptc_*.jsonl")
    with pytest.raises(ValueError, match="blind held-out"):
        ptc_gate_label_files()


def test_the_tuning_articles_come_after_the_holdout(corpora_dir: Path) -> None:
    every = split_files(corpora_dir / PTC_TRAIN)
    tune = ptc_gate_files(corpora_dir)
    holdout = ptc_holdout_names(corpora_dir)
    assert len(holdout) == PTC_SAMPLE
    assert not {f.stem for f in tune} & holdout
    assert [f.stem for f in tune] == [f.stem for f in every[PTC_SAMPLE:]]


def test_no_holdout_article_is_in_the_gate_corpus(corpora_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every source of the gate's training (PolNeAR, SemEval, PTC tuning) leaves the held-out
    articles out, names and verdicts, whatever the weights (the parse is skipped here)."""

    def no_parse(ids: Any, texts: Any, *args: Any, **kwargs: Any) -> list[None]:
        return [None] * len(ids)

    monkeypatch.setattr(casepath, "prepare", no_parse)
    corpus = load_gate_corpus(corpora_dir, Path("/nonexistent"))
    holdout = ptc_holdout_names(corpora_dir)
    names = {article_of(n) for n in corpus.names}
    assert "semeval" in corpus.sources and not names & holdout
    assert not {article_of(article) for article, _, _ in corpus.verdicts} & holdout
    # SemEval 2023 holds held-out articles under their PTC names: they are left out.
    sem_part = {f.stem for f in casepath.semeval_gate_files(corpora_dir)}
    assert sem_part & holdout
    for name, source in zip(corpus.names, corpus.sources, strict=True):
        assert (source == "ptc") == name.startswith(PTC_PREFIX)
