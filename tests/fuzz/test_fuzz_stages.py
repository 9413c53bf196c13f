"""Every per-article stage's ``run`` (after the shared spaCy pass) and every corpus stage, on
hostile articles: random Unicode and news-like text, extreme publication dates and
numbers. A stage may find nothing; it may not raise (a raise would be a ``problems`` row)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import date_strings, extreme_dates, newsish_text, precisions, unicode_text

from newstrace.events.dates import find_dates
from newstrace.ids import article_id
from newstrace.ingest.names import without_surrogates
from newstrace.pipeline import registry
from newstrace.pipeline.analyze import RunSummary, _analyse_batch, run_corpus_stages
from newstrace.records import Article


def _article(n: int, text: str, published: str | None, precision: str | None, title: str | None) -> Article:
    # As process_document hands them over: no lone surrogates (they cannot be stored).
    text, published, title = (v and without_surrogates(v) for v in (text, published, title))
    return Article(
        id=article_id(f"fuzz{n}.txt", 0), source=f"fuzz{n}.txt", part=0, text=text or ".",
        title=title, published=published, published_precision=precision,  # type: ignore[arg-type]
        outlet=["Coastline Wire", None, "x" * 300][n % 3], url=None,
    )


articles = st.builds(
    lambda text, pub, prec, title: (text, pub, prec, title),
    st.one_of(newsish_text, unicode_text),
    st.one_of(st.none(), date_strings),
    precisions,
    st.one_of(st.none(), unicode_text),
)


# The spaCy pass and the stages cost far more per example than the document tests: fewer.
FEWER = max(3, settings.default.max_examples // 4)


@settings(max_examples=FEWER)
@given(batch=st.lists(articles, min_size=1, max_size=4))
def test_article_stages_never_raise(batch: list[tuple[str, str | None, str | None, str | None]]) -> None:
    arts = [_article(i, *a) for i, a in enumerate(batch)]
    results = _analyse_batch(arts)
    assert [r.article.id for r in results] == [a.id for a in arts]
    problems = [p for r in results for p in r.problems]
    assert problems == [], "\n".join(f"{p.stage}: {p.error}: {p.message}\n{p.traceback}" for p in problems)


@given(text=st.one_of(newsish_text, unicode_text), published=extreme_dates, precision=precisions)
def test_event_dates_near_the_calendar_edges(text: str, published, precision: str | None) -> None:  # type: ignore[no-untyped-def]
    for d in find_dates(text, published=published.isoformat(), precision=precision):
        assert d.date is None or len(d.date) == 10


@settings(max_examples=FEWER)
@given(batch=st.lists(articles, min_size=2, max_size=4))
def test_corpus_stages_never_raise(session_dbs, batch) -> None:  # type: ignore[no-untyped-def]
    from newstrace.pipeline.analyze import _save_article, load_stages
    from newstrace.problems import ProblemLog
    from newstrace.store import open_store

    db = session_dbs.new("fuzz")
    arts = [_article(i, *a) for i, a in enumerate(batch)]
    # Two copies of each text under other sources: so reuse, stories and groups have pairs.
    arts += [_article(i + 10, a.text, a.published, a.published_precision, a.title) for i, a in enumerate(arts)]
    summary = RunSummary()
    with open_store(db) as store:
        for a in arts:
            store.replace_document(a.source, "h", a.source, [a])
        stages = load_stages(registry.ARTICLE_STAGES, ProblemLog())
        for result in _analyse_batch(arts):
            _save_article(store, stages, result, summary)
        run_corpus_stages(registry.CORPUS_CLEANING_STAGES + registry.CORPUS_STAGES, store, None, summary)
    assert summary.problems == [], "\n".join(f"{p.stage} {p.unit}: {p.error}: {p.message}\n{p.traceback}" for p in summary.problems)
