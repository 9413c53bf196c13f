"""CASE 2021 snippets through the product path: each snippet ingested as an article, the
spaCy pass and the article stages before events run once (as ``analyze`` runs them), then
the events stage with the models under test. The event with the highest confidence is the
snippet's answer; a snippet without an event is a miss.

``cross_validate`` trains every learned part (detector and sub-type model) on the training
folds only and scores the held-out fold through this path, for several fold seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.events.models import EventModels, EventSettings
from newstrace.events.records import EventMention
from newstrace.events.stage import EventsStage
from newstrace.events.training import (
    SEED,
    Corpora,
    DetectorConfig,
    TyperConfig,
    fit_models,
    parse_snippets,
    snippet_articles,
)
from newstrace.pipeline import registry
from newstrace.pipeline.stages import ArticleContext
from newstrace.records import Article

MISS = ""  # the answer for a snippet in which no event was found


@dataclass
class Snippet:
    """One snippet as the product saw it before the events stage."""

    parts: list[Article]
    docs: list[Any]
    contexts: list[ArticleContext]

    @property
    def text(self) -> str:
        return " ".join(a.text for a in self.parts)


def prepare(ids: Sequence[str], texts: Sequence[str], cache_dir: Path | None = None, label: str = "case") -> list[Snippet]:
    """Ingest, parse (parses kept in ``cache_dir`` under ``label``, if given) and run the
    stages before events on every text (once)."""
    parts = snippet_articles(ids, texts)
    docs = parse_snippets(parts, cache_dir, label)
    before = [s for s in registry.article_stages_up_to("EventsStage") if s.name != "events"]
    out = []
    for arts, ds in zip(parts, docs, strict=True):
        contexts = []
        for a, d in zip(arts, ds, strict=True):
            ctx = ArticleContext(a)
            for stage in before:
                ctx.outputs[stage.name] = stage.run(a, d, ctx)
            contexts.append(ctx)
        out.append(Snippet(arts, ds, contexts))
    return out


def events_of(snippet: Snippet, models: EventModels | None) -> list[EventMention]:
    stage = EventsStage(models)
    return [e for a, d, ctx in zip(snippet.parts, snippet.docs, snippet.contexts, strict=True) for e in stage.run(a, d, ctx)]


def answer(events: list[EventMention]) -> str:
    return max(events, key=lambda e: e.confidence).label if events else MISS


def answers(snippets: Sequence[Snippet], models: EventModels | None) -> list[str]:
    return [answer(events_of(s, models)) for s in snippets]


@dataclass
class FoldRun:
    seed: int
    product: list[str]  # product-path answers, in snippet order
    classifier: list[str]  # the sub-type model alone on the whole snippet


def cross_validate(
    snippets: list[Snippet],
    labels: list[str],
    corpora: Corpora,
    seeds: Sequence[int] = (SEED, 1, 2),
    folds: int = 5,
    settings: EventSettings | None = None,
    typer_config: TyperConfig | None = None,
    detector_config: DetectorConfig | None = None,
    progress: Any = None,
) -> list[FoldRun]:
    """Stratified k-fold runs, one per seed: models trained on the other folds only."""
    from sklearn.model_selection import StratifiedKFold

    runs = []
    for seed in seeds:
        product, classifier = [MISS] * len(labels), [MISS] * len(labels)
        cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for k, (train, test) in enumerate(cv.split(labels, labels)):
            models = fit_models(
                [snippets[i].parts for i in train], [snippets[i].docs for i in train], [labels[i] for i in train],
                corpora, settings, typer_config, detector_config, seed,
            )
            predicted = models.typer.predict([snippets[i].text for i in test])
            for i, p in zip(test, predicted, strict=True):
                product[i] = answer(events_of(snippets[i], models))
                classifier[i] = p
            if progress:
                progress(seed, k)
        runs.append(FoldRun(seed, product, classifier))
    return runs
