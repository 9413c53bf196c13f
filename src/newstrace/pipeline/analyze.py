"""``newstrace analyze``: the whole run, phase by phase.

1. ingest: read inputs, clean, split, metadata -> one transaction per document;
   unchanged documents (same source, same content hash) are skipped.
2. corpus cleaning (e.g. lines an outlet repeats on every page).
3. per-article stages after one shared spaCy pass; one transaction per article.
4. corpus stages (entity resolution, reuse, stories, event groups).

An interrupted run keeps every finished document/article; the next run redoes the rest.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.ingest import iter_inputs
from newstrace.pipeline import registry
from newstrace.pipeline.document import NoArticleText, process_document
from newstrace.pipeline.executor import map_ordered
from newstrace.records import Article, InputProblem, RawDocument
from newstrace.stages import ArticleContext, Progress
from newstrace.store.base import Store

log = logging.getLogger(__name__)

ARTICLE_BATCH = 64


@dataclass
class RunSummary:
    documents_seen: int = 0
    documents_stored: int = 0
    documents_unchanged: int = 0
    articles_stored: int = 0
    articles_analysed: int = 0
    problems: list[InputProblem] = field(default_factory=list)


def _process(item: RawDocument | InputProblem) -> tuple[Any, list[Article] | InputProblem]:
    """Worker side of phase 1: never raises, so one bad document cannot end the run."""
    if isinstance(item, InputProblem):
        return item, item
    try:
        return item, process_document(item)
    except NoArticleText as e:
        return item, InputProblem(item.input_path, str(e))
    except Exception as e:  # noqa: BLE001 - reported per document, the run goes on
        log.debug("processing %s failed:\n%s", item.source, traceback.format_exc())
        return item, InputProblem(item.input_path, f"could not be processed ({type(e).__name__}: {e})")


def _needs_work(store: Store, items: Iterable[RawDocument | InputProblem], summary: RunSummary) -> Iterator[RawDocument | InputProblem]:
    for item in items:
        if isinstance(item, RawDocument):
            summary.documents_seen += 1
            if store.document_hash(item.source) == item.content_hash:
                summary.documents_unchanged += 1
                continue
        yield item


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    progress: Progress | None = None,
    summary: RunSummary | None = None,
) -> RunSummary:
    summary = summary or RunSummary()
    items = _needs_work(store, iter_inputs([Path(p) for p in paths]), summary)
    results = map_ordered(_process, items, workers=workers, engine=engine)
    for done, (item, result) in enumerate(results, start=1):
        if isinstance(result, InputProblem):
            summary.problems.append(result)
        else:
            assert isinstance(item, RawDocument)
            store.replace_document(item.source, item.content_hash, item.input_path, result)
            summary.documents_stored += 1
            summary.articles_stored += len(result)
        if progress:
            progress("ingest", done, 0)
    store.flush_search_index()
    return summary


# -- per-article stages -------------------------------------------------------------------
_WORKER_STAGES: list[Any] | None = None


def _worker_init() -> None:
    global _WORKER_STAGES
    _WORKER_STAGES = registry.instances(registry.ARTICLE_STAGES)
    if any(getattr(s, "needs_nlp", False) for s in _WORKER_STAGES):
        from newstrace.nlp import load_nlp

        load_nlp()


def _analyse_batch(articles: list[Article]) -> list[tuple[Article, dict[str, Any]]]:
    """Worker side of phase 3: one spaCy pass over the batch, then every stage per article."""
    stages = _WORKER_STAGES if _WORKER_STAGES is not None else registry.instances(registry.ARTICLE_STAGES)
    docs: list[Any] = [None] * len(articles)
    if any(s.needs_nlp for s in stages):
        from newstrace.nlp import parse_texts

        docs = list(parse_texts(a.text for a in articles))
    results = []
    for article, doc in zip(articles, docs, strict=True):
        ctx = ArticleContext(article)
        for stage in stages:
            ctx.outputs[stage.name] = stage.run(article, doc, ctx)
        results.append((article, ctx.outputs))
    return results


def analyse_articles(
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    progress: Progress | None = None,
    force: bool = False,
) -> int:
    stages = registry.instances(registry.ARTICLE_STAGES)
    if not stages:
        return 0
    pending: set[str] = set()
    for s in stages:
        pending.update(store.articles_pending(s.name, s.version))
    if force:
        pending = set(store.article_ids())
    ids = [a for a in store.article_ids() if a in pending]  # stable order
    total = len(ids)
    if not total:
        return 0

    def batches() -> Iterator[list[Article]]:
        for i in range(0, total, ARTICLE_BATCH):
            batch = [store.get_article(a) for a in ids[i : i + ARTICLE_BATCH]]
            yield [a for a in batch if a is not None]

    done = 0
    results = map_ordered(
        _analyse_batch, batches(), workers=workers, engine=engine,
        initializer=_worker_init, window=max(2, workers * 2),
    )
    for batch_result in results:
        for article, out in batch_result:
            with store.transaction():
                store.delete_article_outputs(article.id)
                for stage in stages:
                    stage.save(store, article, out.get(stage.name))
                    store.stage_done(article.id, stage.name, stage.version)
            done += 1
        if progress:
            progress("analyse", done, total)
    return done


def run_corpus_stages(refs: list[str], store: Store, progress: Progress | None) -> None:
    for stage in registry.instances(refs):
        stage.run(store, progress or (lambda *_: None))


def analyze(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    progress: Progress | None = None,
) -> RunSummary:
    summary = ingest(paths, store, workers=workers, engine=engine, progress=progress)
    run_corpus_stages(registry.CORPUS_CLEANING_STAGES, store, progress)
    summary.articles_analysed = analyse_articles(store, workers=workers, engine=engine, progress=progress)
    run_corpus_stages(registry.CORPUS_STAGES, store, progress)
    return summary
