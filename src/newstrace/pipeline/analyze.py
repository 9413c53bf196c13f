"""``newstrace analyze``: the whole run, phase by phase.

1. ingest: read inputs, clean, split, metadata -> one transaction per document;
   unchanged documents (same source, same content hash) are skipped.
2. corpus cleaning (e.g. lines an outlet repeats on every page).
3. per-article stages after one shared spaCy pass; one transaction per article.
4. corpus stages (entity resolution, reuse, stories, event groups).

An interrupted run keeps every finished document/article; the next run redoes the rest.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from newstrace.errors import UsageError
from newstrace.ingest import iter_inputs
from newstrace.ingest.limits import DOCUMENT_TIME_LIMIT
from newstrace.ingest.names import display_name
from newstrace.ingest.skipped import Skipped
from newstrace.outlets.paths import DEFAULT, SourcePatterns
from newstrace.outlets.store import save_outlets
from newstrace.pipeline import registry
from newstrace.pipeline.document import process_document
from newstrace.pipeline.executor import Executor
from newstrace.pipeline.leases import ArticleClaims, corpus_lease
from newstrace.pipeline.supervise import map_supervised
from newstrace.problems import ProblemLog, collecting
from newstrace.problems import table as problem_table
from newstrace.records import Article, InputProblem, Problem, RawDocument
from newstrace.stages import ArticleContext, Progress, parallel
from newstrace.store.base import Store

log = logging.getLogger(__name__)

ARTICLE_BATCH = 64


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass
class RunSummary:
    documents_seen: int = 0
    documents_stored: int = 0
    documents_unchanged: int = 0
    articles_stored: int = 0
    articles_analysed: int = 0
    # Everything that failed in this run, in the order found (also in the problems table).
    problems: list[Problem] = field(default_factory=list)
    # Inputs passed over on purpose (hidden, unknown extension, symlinks leaving the folder).
    skipped: Skipped = field(default_factory=Skipped)
    run_id: str = field(default_factory=new_run_id)

    # What file paths told (--source-pattern): pattern -> [documents, an example].
    path_inferences: dict[str, list[Any]] = field(default_factory=dict)
    documents_without_outlet: int = 0

    def note_sources(self, item: RawDocument, articles: list[Article]) -> None:
        """Count where outlet and date came from, so the user sees what was guessed."""
        if not articles:
            return
        a = articles[0]
        if a.outlet_id is None:
            self.documents_without_outlet += 1
        told = []
        if a.outlet_source and a.outlet_source.startswith("path "):
            told.append(a.outlet or "")
        if a.published_source == "path":
            told.append(a.published or "")
        if told:
            pattern = (a.outlet_source or "").removeprefix("path ") or "date in the file name"
            entry = self.path_inferences.setdefault(pattern, [0, ""])
            entry[0] += 1
            entry[1] = entry[1] or f"{item.input_path} -> {', '.join(told)}"

    def add_problems(self, store: Store, problems: list[Problem]) -> None:
        if problems:
            self.problems.extend(problems)
            problem_table.record(store, problems, self.run_id)


def read_problem(p: InputProblem) -> Problem:
    """A reader's ``InputProblem`` as a ``problems`` row (stage ``read``)."""
    return Problem(
        stage="read",
        source=p.path,
        error="Unreadable",
        message=p.reason,
        unit=f"line {p.line}" if p.line is not None else None,
        input_path=p.path,
    )


def _process(
    item: RawDocument | InputProblem, source_pattern: SourcePatterns = DEFAULT
) -> tuple[Any, list[Article] | Problem]:
    """Worker side of phase 1: never raises, so one bad document cannot end the run."""
    if isinstance(item, InputProblem):
        return item, read_problem(item)
    problems = ProblemLog()
    with problems.capture("document", source=item.source, input_path=item.input_path) as c:
        return item, process_document(item, source_pattern)
    assert c.problem is not None
    return item, c.problem


_WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title><meta property='article:published_time' content='2020-01-02'>"
    "</head><body><article><h1>Warm-up</h1><p>PARIS, Jan 2 (Reuters) - A first sentence, said "
    "a spokesman on Thursday.</p></article></body></html>"
)


def _warm_up() -> None:
    """Load what per-document work loads lazily (extractors, date parsers), once."""
    with contextlib.suppress(Exception):
        process_document(RawDocument("warm-up.html", _WARM_UP_PAGE, "html", "warm-up.html"))


def _failed_document(item: RawDocument | InputProblem, reason: str) -> tuple[Any, Problem]:
    """The result for a document whose worker overran the time limit or died."""
    error = "TimeLimitExceeded" if reason.startswith("time limit") else "WorkerDied" if "died" in reason else "WorkerError"
    if isinstance(item, InputProblem):
        return item, read_problem(item)
    return item, Problem(
        stage="document", source=item.source, error=error, message=reason, input_path=item.input_path
    )


def _needs_work(store: Store, items: Iterable[RawDocument | InputProblem], summary: RunSummary) -> Iterator[RawDocument | InputProblem]:
    for item in items:
        if isinstance(item, RawDocument):
            summary.documents_seen += 1
            if store.document_hash(item.source) == item.content_hash:
                summary.documents_unchanged += 1
                continue
        yield item


def _inputs(
    paths: Sequence[Path], problems: ProblemLog, follow_symlinks: bool, skipped: Skipped
) -> Iterator[RawDocument | InputProblem]:
    """Every input under ``paths``; a failure of the walk itself ends only that PATH."""
    for root in paths:
        shown = display_name(root)
        with problems.capture("read", source=shown, input_path=shown):
            yield from iter_inputs([root], follow_symlinks=follow_symlinks, skipped=skipped)


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    progress: Progress | None = None,
    summary: RunSummary | None = None,
    source_pattern: SourcePatterns = DEFAULT,
    follow_symlinks: bool = False,
    time_limit: float | None = DOCUMENT_TIME_LIMIT,
    executor: Executor | None = None,
) -> RunSummary:
    """Phase 1. With the local engine and a ``time_limit`` (seconds), documents are processed
    in child processes that are stopped when one document overruns it (even inside lxml):
    the document is reported, a new child goes on. Dask runs without that limit."""
    summary = summary or RunSummary()
    engine = executor.engine if executor is not None else engine
    roots = [Path(p) for p in paths]
    walk_problems = ProblemLog()
    items = _needs_work(store, _inputs(roots, walk_problems, follow_symlinks, summary.skipped), summary)
    # "auto" decided for these inputs (a folder survey), then the same in every worker.
    source_pattern = source_pattern.for_inputs(roots)
    process = partial(_process, source_pattern=source_pattern)
    results: Iterator[tuple[Any, list[Article] | Problem]]
    stack = ExitStack()
    if engine == "local" and time_limit:
        results = map_supervised(
            process, items, on_fail=_failed_document, workers=workers, time_limit=time_limit,
            warm_up=_warm_up,
        )
    else:
        ex = stack.enter_context(_executor(executor, engine, workers))
        results = ex.map(process, items, window=64)
    with stack:  # closes an executor opened for this phase alone
        for done, (item, result) in enumerate(results, start=1):
            if isinstance(result, Problem):
                summary.add_problems(store, [result])
            else:
                assert isinstance(item, RawDocument)
                _store_document(store, item, result, summary)
            if progress:
                progress("ingest", done, 0)
    summary.add_problems(store, walk_problems.items)
    problem_table.settle_inputs(store, [display_name(r) for r in roots], summary.run_id)
    store.flush_search_index()
    return summary


def _executor(given: Executor | None, engine: str, workers: int) -> AbstractContextManager[Executor]:
    """The run's executor (left open), or one of its own for a phase called alone."""
    return nullcontext(given) if given is not None else Executor(engine, workers)


def _store_document(store: Store, item: RawDocument, articles: list[Article], summary: RunSummary) -> None:
    if store.document_hash(item.source) == item.content_hash:
        # Another run stored this very version meanwhile: replacing it would throw away
        # that run's analysis of its articles.
        summary.documents_unchanged += 1
        return
    problems = ProblemLog()
    with problems.capture("store", source=item.source, input_path=item.input_path), store.transaction():
        store.replace_document(item.source, item.content_hash, item.input_path, articles)
        save_outlets(store, (a.outlet_record for a in articles))
        summary.documents_stored += 1
        summary.articles_stored += len(articles)
        summary.note_sources(item, articles)
    summary.add_problems(store, problems.items)


# -- per-article stages -------------------------------------------------------------------
_WORKER_STAGES: list[Any] | None = None


def load_stages(refs: list[str], problems: ProblemLog) -> list[Any]:
    """Instances of the stages that are in this build; one that cannot even be created is
    recorded (stage ``setup``) and left out, the others run. A wrong user setting
    (``UsageError``, e.g. an unknown NEWSTRACE_EVENT_PRECISION) stops the run instead: every
    article would be analysed against the analyst's wish."""
    stages = []
    for ref in refs:
        user_error: UsageError | None = None
        with problems.capture("setup", source=ref):
            if registry.available(ref):
                try:
                    stages.append(registry.load(ref)())
                except UsageError as e:
                    user_error = e
        if user_error is not None:
            raise user_error
    return stages


def _worker_init() -> None:
    global _WORKER_STAGES
    _WORKER_STAGES = load_stages(registry.ARTICLE_STAGES, ProblemLog())
    if any(getattr(s, "needs_nlp", False) for s in _WORKER_STAGES):
        from newstrace.nlp import load_nlp

        load_nlp()


@dataclass
class ArticleResult:
    """What the stages made of one article: outputs of the stages that succeeded (``done``)
    and the problems of those that raised."""

    article: Article
    outputs: dict[str, Any]
    done: list[str]
    problems: list[Problem]


def _parse(articles: list[Article], problems: list[ProblemLog]) -> list[Any]:
    """The shared spaCy pass: the batch in one ``nlp.pipe``; if that raises, one article at a
    time so only the article spaCy fails on loses its parse (recorded as stage ``nlp``)."""
    from newstrace.nlp import parse_texts

    try:
        return list(parse_texts(a.text for a in articles))
    except Exception:  # noqa: BLE001 - retried article by article below
        log.debug("batch parse failed; parsing article by article", exc_info=True)
    docs: list[Any] = []
    for article, plog in zip(articles, problems, strict=True):
        doc = None
        with plog.capture("nlp", source=article.source, article_id=article.id):
            doc = next(iter(parse_texts([article.text])))
        docs.append(doc)
    return docs


def _analyse_batch(articles: list[Article]) -> list[ArticleResult]:
    """Worker side of phase 3: one spaCy pass over the batch, then every stage per article.

    A stage that raises on an article is recorded and its output dropped; later stages run
    on what the earlier ones produced (they read ``ctx.outputs.get``)."""
    stages = _WORKER_STAGES if _WORKER_STAGES is not None else load_stages(registry.ARTICLE_STAGES, ProblemLog())
    logs = [ProblemLog() for _ in articles]
    docs: list[Any] = [None] * len(articles)
    if any(s.needs_nlp for s in stages):
        docs = _parse(articles, logs)
    results = []
    for article, doc, plog in zip(articles, docs, logs, strict=True):
        ctx = ArticleContext(article)
        done = []
        for stage in stages:
            if stage.needs_nlp and doc is None:
                continue  # no parse (recorded as ``nlp``): the stage stays pending
            with plog.capture(stage.name, source=article.source, article_id=article.id) as c:
                output = stage.run(article, doc, ctx)
            if not c.failed:
                ctx.outputs[stage.name] = output
                done.append(stage.name)
        results.append(ArticleResult(article, ctx.outputs, done, plog.items))
    return results


def _savepoint_save(store: Store, stage: Any, article: Article, output: Any) -> None:
    """``stage.save`` inside a savepoint: if it raises, none of its rows stay."""
    store.execute("SAVEPOINT stage_save")
    try:
        stage.save(store, article, output)
    except BaseException:
        store.execute("ROLLBACK TO SAVEPOINT stage_save")
        store.execute("RELEASE SAVEPOINT stage_save")
        raise
    store.execute("RELEASE SAVEPOINT stage_save")


def _save_article(store: Store, stages: list[Any], result: ArticleResult, summary: RunSummary) -> None:
    """One transaction: the outputs of the stages that succeeded, marked done; the failed
    ones not marked (the next run retries them) and their problems recorded."""
    article = result.article
    plog = ProblemLog(list(result.problems))
    with store.transaction():
        store.delete_article_outputs(article.id)
        for stage in stages:
            if stage.name not in result.done:
                continue
            with plog.capture(stage.name, source=article.source, article_id=article.id) as c:
                _savepoint_save(store, stage, article, result.outputs.get(stage.name))
            if not c.failed:
                store.stage_done(article.id, stage.name, stage.version)
        summary.add_problems(store, plog.items)
        problem_table.settle_article(store, article.id, ["nlp", *(s.name for s in stages)], summary.run_id)


def analyse_articles(
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    progress: Progress | None = None,
    force: bool = False,
    summary: RunSummary | None = None,
    executor: Executor | None = None,
) -> int:
    summary = summary or RunSummary()
    setup = ProblemLog()
    stages = load_stages(registry.ARTICLE_STAGES, setup)
    summary.add_problems(store, setup.items)
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
    # Another analyze run on this database may be working through the same list: each
    # batch is claimed first, so the two split the work (pipeline/leases.py).
    claims = ArticleClaims(
        store, ids, [(s.name, s.version) for s in stages], summary.run_id, ARTICLE_BATCH, force=force
    )

    stalled = False
    in_flight = 0  # batches handed to the map and not saved yet

    def batches() -> Iterator[list[Article]]:
        # Batches are claimed ahead of saving them (``window``). When only articles another
        # run holds are left, waiting for them with our own batches unsaved could wait
        # forever (that run may be waiting for ours): stop here, let the map hand back and
        # save what is in flight, then wait with nothing in flight (the loop below).
        nonlocal stalled, in_flight
        while True:
            batch_ids = claims.next_batch(wait=in_flight == 0)
            stalled = batch_ids is None
            if not batch_ids:
                return
            articles = store.get_articles(batch_ids)
            gone = set(batch_ids) - {a.id for a in articles}
            if gone:  # no longer stored (another run replaced them): nothing to save
                claims.saved(sorted(gone))
            if articles:
                in_flight += 1
                yield articles

    done = 0
    try:
        with _executor(executor, engine, workers) as ex:
            try:
                window = max(2, ex.workers * 2) if ex.parallel else 1
                while True:
                    results = ex.map(
                        _analyse_batch, batches(), initializer=_worker_init, window=window, isolated=True
                    )
                    for batch_result in results:
                        for result in batch_result:
                            _save_article(store, stages, result, summary)
                            done += 1
                        claims.saved([r.article.id for r in batch_result])
                        in_flight -= 1
                        if progress:
                            progress("analyse", done, total)
                    if not stalled:
                        break
            finally:
                # The models stay in the workers: the corpus stages run without them in memory.
                ex.release()
    finally:
        claims.release()
    return done


# -- corpus stages ----------------------------------------------------------------------------
def run_corpus_stages(
    refs: list[str], store: Store, progress: Progress | None, summary: RunSummary | None = None
) -> None:
    """Each corpus stage in turn. One that raises as a whole is recorded and the others still
    run; inside a stage, ``problems.guard`` records and skips one failing unit (a pair, a
    story, a group)."""
    summary = summary or RunSummary()
    report = progress or (lambda *_: None)
    setup = ProblemLog()
    stages = load_stages(refs, setup)
    summary.add_problems(store, setup.items)
    with corpus_lease(store, summary.run_id):
        for stage in stages:
            plog = ProblemLog(stage=stage.name)
            with collecting(plog), plog.capture(stage.name) as c:
                stage.run(store, report)
            summary.add_problems(store, plog.items)
            if not c.failed:
                problem_table.settle_corpus_stage(store, stage.name, summary.run_id)


def analyze(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    source_pattern: SourcePatterns = DEFAULT,
    follow_symlinks: bool = False,
    time_limit: float | None = DOCUMENT_TIME_LIMIT,
) -> RunSummary:
    """The whole run on one executor (a local pool or a Dask cluster, started once): the
    per-article phase maps over it, and the corpus stages hand their parallel work to it
    through ``stages.parallel_map``."""
    with Executor(engine, workers, scheduler) as ex:
        summary = ingest(
            paths, store, progress=progress, source_pattern=source_pattern,
            follow_symlinks=follow_symlinks, time_limit=time_limit, executor=ex, workers=workers,
        )
        with parallel(ex.map if ex.parallel else None):
            run_corpus_stages(registry.CORPUS_CLEANING_STAGES, store, progress, summary)
        summary.articles_analysed = analyse_articles(store, progress=progress, summary=summary, executor=ex)
        with parallel(ex.map if ex.parallel else None):
            run_corpus_stages(registry.CORPUS_STAGES, store, progress, summary)
    problem_table.settle_corpus_stage(store, "setup", summary.run_id)
    return summary
