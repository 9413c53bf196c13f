"""The shapes of a stage. Per-article stages are pure functions of one article and its
spaCy parse; corpus stages read and write the store. A bottom module: stages import it,
never ``pipeline/``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newstrace.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.store.base import Store


@dataclass
class ArticleContext:
    """What earlier stages produced for one article, for later stages to use.

    Keys are stage names (``"entities"`` -> list of mentions, ...). Values are whatever
    that stage documents; stages only read keys of stages registered before them.
    """

    article: Article
    outputs: dict[str, Any] = field(default_factory=dict)


class ArticleStage(Protocol):
    name: str
    version: str
    needs_nlp: bool

    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> Any:
        """Compute this stage's output for one article (no store access: may run in a
        worker process). The return value is put in ``ctx.outputs[self.name]``."""
        ...

    def save(self, store: Store, article: Article, output: Any) -> None:
        """Write the output; called inside the article's transaction, after old rows of
        this article were deleted."""
        ...


Progress = Callable[[str, int, int], None]


class CorpusStage(Protocol):
    name: str
    version: str

    def run(self, store: Store, progress: Progress) -> None:
        """Bring the stage's corpus-level tables up to date, incrementally where possible."""
        ...


# -- parallel work inside a corpus stage ------------------------------------------------
T = TypeVar("T")
R = TypeVar("R")
MapFn = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]
_PARALLEL: ContextVar[MapFn | None] = ContextVar("newstrace_parallel_map", default=None)


def parallel_map(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``map(fn, items)`` on the run's engine (worker processes or a Dask cluster) when the
    pipeline provides one, in this process otherwise. Results come back in input order.
    ``fn`` must be a pure module-level function and items picklable: a corpus stage reads
    the store, hands self-contained blocks of work out here, and writes the results."""
    mapper = _PARALLEL.get()
    return mapper(fn, items) if mapper is not None else map(fn, items)


@contextmanager
def parallel(mapper: MapFn | None) -> Iterator[None]:
    """Make ``mapper`` what ``parallel_map`` uses for the duration (the pipeline's side)."""
    token = _PARALLEL.set(mapper)
    try:
        yield
    finally:
        _PARALLEL.reset(token)
