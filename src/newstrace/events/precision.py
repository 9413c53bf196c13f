"""Precision of the events stage: every event the product path finds on a folder of articles,
checked against a labelled file in which each one was marked right or wrong, with the reason,
by a person reading it. Ordinary (non-conflict) news: PolNeAR dev, US election coverage
(data/events/precision_polnear_dev.jsonl); conflict news as users bring it: the five seed
articles (data/events/precision_seeds.jsonl).

An event is keyed by its article, its sentence (whitespace-normalised) and its sub-type: a
changed detector or sub-type model that finds a new event, or types an old one differently,
produces keys the file does not have; ``newstrace eval events-precision`` lists them (and
``--write-unlabelled FILE`` writes them in the file's format, verdict "?", for review).
An event counts as right when its sentence reports a real occurrence of that kind (the
Chelsea bombing, a police shooting, an arrest), at any time; wrong when the words are
figurative ("attacked Machado in tweets"), a plan, threat or denial, generic ("terrorism"),
or of another kind (a campaign rally read as a protest is right only as a protest).

The precision gate (gate.py) learns from a second file of the same format and rules,
data/events/precision_polnear_train.jsonl: the events found on PolNeAR train articles
300-839 (never dev), labelled the same way by reading each sentence (scripts/events_gate.py
dump writes the unlabelled ones).

Held out: data/events/precision_ptc_holdout.jsonl, every event the stage finds before the gate
(``--no-gate``) on the first ``PTC_SAMPLE`` PTC 2020 train articles in name order (partisan
and mainstream news, never read by the events work), labelled blind, before anyone looked at
which ones the gate keeps. No rule, threshold or model is chosen on it: it measures, it does
not tune.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.events.data import DATA_DIR

LABELS_FILE = DATA_DIR / "precision_polnear_dev.jsonl"
SEEDS_LABELS_FILE = DATA_DIR / "precision_seeds.jsonl"
PTC_LABELS_FILE = DATA_DIR / "precision_ptc_holdout.jsonl"
PTC_SAMPLE = 160  # the held-out sample: the first 160 PTC train articles in name order
VERDICTS = ("right", "wrong")


def norm(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence).strip()


@dataclass(frozen=True)
class Found:
    article: str  # the file stem
    sentence: str
    label: str
    trigger: str
    confidence: float

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.article, norm(self.sentence), self.label)


def read_labels(path: Path) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The labelled file: key -> its record (verdict, reason). Raises ValueError on a
    malformed line (with its number)."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            key = (r["article"], norm(r["sentence"]), r["label"])
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: expected a JSON object with article, sentence, label, verdict ({e})") from e
        out[key] = r
    return out


def text_folder(corpus: Path) -> Path:
    """Where a corpus keeps its .txt articles: a PolNeAR split's text/ folder, or the folder
    itself (e.g. ../shared/seeds)."""
    return corpus / "text" if (corpus / "text").is_dir() else corpus


def split_files(split_dir: Path, skip: int = 0, limit: int | None = None) -> list[Path]:
    """The split's texts in name order, the first ``skip`` left out, at most ``limit``."""
    files = sorted(text_folder(split_dir).glob("*.txt"))[skip:]
    return files if limit is None else files[:limit]


def is_ptc(corpus: Path) -> bool:
    """A PTC 2020 articles folder (../shared/corpora/ptc2020/train-articles)."""
    return corpus.resolve().parent.name == "ptc2020"


def default_labels(corpus: Path) -> tuple[Path, int | None]:
    """The package's labelled file for a corpus and how many of its articles (in name order)
    it covers: the seeds, the PTC held-out sample, else PolNeAR dev."""
    if corpus.name == "seeds":
        return SEEDS_LABELS_FILE, None
    if is_ptc(corpus):
        return PTC_LABELS_FILE, PTC_SAMPLE
    return LABELS_FILE, None


def find_candidates(split_dir: Path, skip: int = 0, limit: int | None = None) -> Iterator[tuple[Found, bool]]:
    """The product path over a PolNeAR split (``split_files``): each text ingested as an
    article, parsed, and run through the article stages up to events. Every event before the
    precision gate (the candidates a labelled file must cover), with whether the stage keeps
    it (``extract.kept``, the filter ``extract_events`` applies): one pass gives both."""
    return ((found, keep) for found, _, keep in candidate_events(split_dir, skip, limit))


def candidate_events(split_dir: Path, skip: int = 0, limit: int | None = None) -> Iterator[tuple[Found, Any, bool]]:
    """``find_candidates`` with each event itself (its place, date, actors)."""
    from newstrace.events.casepath import prepare, ungated_of
    from newstrace.events.extract import kept
    from newstrace.events.models import shipped_models
    from newstrace.nlp.cache import cache_root

    files = split_files(split_dir, skip, limit)
    texts = [f.read_text(encoding="utf-8") for f in files]
    part = "" if skip == 0 and limit is None else f"-{skip}-{limit}"
    kind = "polnear" if text_folder(split_dir) != split_dir else "texts"
    snippets = prepare([f.stem for f in files], texts, cache_root() / "events", f"{kind}-{split_dir.name}{part}")
    models = shipped_models()
    for f, s in zip(files, snippets, strict=True):
        by_id = {a.id: a.text for a in s.parts}
        for e, feats in ungated_of(s, models):
            text = by_id[e.article_id]
            found = Found(f.stem, text[e.sentence.start : e.sentence.end], e.label, e.trigger.text, e.confidence)
            yield found, e, models is None or kept(models, e, feats)


def find_events(split_dir: Path, skip: int = 0, limit: int | None = None, gate: bool = True) -> Iterator[Found]:
    """The events the stage keeps (``gate=False``: every candidate before the gate)."""
    return (found for found, keep in find_candidates(split_dir, skip, limit) if keep or not gate)


def record(found: Found, verdict: str = "?", reason: str = "") -> dict[str, Any]:
    return {"article": found.article, "sentence": norm(found.sentence), "label": found.label,
            "trigger": found.trigger, "verdict": verdict, "reason": reason}


def wilson(right: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default; scipy's binomtest)."""
    if n == 0:
        return 0.0, 1.0
    from scipy.stats import binomtest

    ci = binomtest(right, n).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)
