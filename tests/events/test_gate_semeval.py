"""The gate's third labelled part: events on SemEval 2023 train articles (news outside US
politics), read from data/events/precision_semeval_train.jsonl and fed to its training."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newstrace.events.casepath import (
    GateCorpus,
    prepare,
    semeval_gate_files,
    weighted_labelled_examples,
)
from newstrace.events.data import DATA_DIR
from newstrace.events.models import sha256_texts, shipped_models
from newstrace.events.precision import read_labels
from newstrace.events.training import (
    PTC_TRAIN,
    SEMEVAL_GATE_LABELS,
    SEMEVAL_TRAIN,
    GateConfig,
    semeval_negative_files,
)

# An ICE report on arrests in western Michigan: 5 labelled events (4 arrests, right; a past
# conviction "for resisting arrest", wrong).
ARTICLE = "article741896049"


def test_semeval_labels_come_from_articles_the_detector_never_read(corpora_dir: Path) -> None:
    """Every labelled article is in the gate's SemEval part (after the detector's non-event
    articles, in name order), and the part is labelled (hundreds of events, both verdicts)."""
    labels = read_labels(DATA_DIR / SEMEVAL_GATE_LABELS)
    part = {f.stem for f in semeval_gate_files(corpora_dir)}
    detector = {f.stem for f in semeval_negative_files(corpora_dir)}
    articles = {article for article, _, _ in labels}
    assert articles <= part and not part & detector
    verdicts = [r["verdict"] for r in labels.values()]
    assert len(verdicts) >= 400 and {"right", "wrong"} == set(verdicts)


def test_the_detector_never_reads_a_ptc_article(corpora_dir: Path) -> None:
    """SemEval 2023 train holds most PTC 2020 train articles (the blind precision set and its
    tuning labels): the detector's non-event articles are the others, and its shipped metadata
    records exactly those."""
    ptc = {f.name for f in (corpora_dir / PTC_TRAIN).glob("*.txt")}
    semeval = {f.name for f in (corpora_dir / SEMEVAL_TRAIN).glob("*.txt")}
    negatives = semeval_negative_files(corpora_dir)
    assert len(ptc & semeval) > 300  # the overlap this guards against
    assert negatives and not {f.name for f in negatives} & ptc
    models = shipped_models()
    assert models is not None
    texts = [f.read_text(encoding="utf-8") for f in negatives]
    assert models.detector.meta["data"]["semeval_train"] == sha256_texts(texts)


def test_labelled_semeval_events_are_gate_examples(corpora_dir: Path) -> None:
    """The stage's events in a labelled SemEval article become gate examples with their
    verdict, weighted by GateConfig.semeval_weight (0: none)."""
    models = shipped_models()
    assert models is not None
    text = (corpora_dir / SEMEVAL_TRAIN / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    verdicts = read_labels(DATA_DIR / SEMEVAL_GATE_LABELS)
    mine = {k: r for k, r in verdicts.items() if k[0] == ARTICLE}
    assert len(mine) == 5
    corpus = GateCorpus([ARTICLE], prepare([ARTICLE], [text]), verdicts, {}, sources=["semeval"])
    ungated = replace(models, gate=None)
    ex = weighted_labelled_examples(corpus, ungated, GateConfig(semeval_weight=2.0))
    assert len(ex.labels) >= 4 and corpus.example_sources == ["semeval"] * len(ex.labels)
    assert set(ex.weights) == {2.0}
    assert sum(ex.labels) >= 3 and 0 in ex.labels  # the arrests right, the past conviction wrong
    assert weighted_labelled_examples(corpus, ungated, GateConfig(semeval_weight=0.0)).labels == []
    assert corpus.only("polnear").names == [] and corpus.only("semeval").names == [ARTICLE]
