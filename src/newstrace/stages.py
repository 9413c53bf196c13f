"""The shapes of a stage. Per-article stages are pure functions of one article and its
spaCy parse; corpus stages read and write the store. A bottom module: stages import it,
never ``pipeline/``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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
