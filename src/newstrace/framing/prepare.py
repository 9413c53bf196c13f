"""Corpus files through the product's ingest: each gold document is read by the same
readers and cleaning as ``analyze`` and aligned with the articles made from it, so gold
offsets (into the file) and predicted offsets (into ``Article.text``) meet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from newstrace.framing.align import OffsetMap
from newstrace.ingest import iter_inputs
from newstrace.pipeline.document import process_document
from newstrace.records import Article, RawDocument

G = TypeVar("G")
MIN_KEPT = 0.5  # a gold span counts as present in the article when half of it survived


@dataclass
class Prepared(Generic[G]):
    gold: G
    raw_text: str
    parts: list[tuple[Article, OffsetMap]]

    def to_article(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(part, start, end) in the article text where file range [start, end) ended up."""
        for k, (_, omap) in enumerate(self.parts):
            if omap.kept(start, end) >= MIN_KEPT:
                a, b = omap.to_dst(start, end)
                return k, a, b
        return None

    def to_file(self, part: int, start: int, end: int) -> tuple[int, int]:
        return self.parts[part][1].to_src(start, end)


def ingest_file(path: Path, source: str | None = None) -> list[Article]:
    """The articles ``analyze`` would store for this file (empty when it has no text)."""
    for raw in iter_inputs([path]):
        if isinstance(raw, RawDocument):
            if source is not None:
                raw.source = source
            try:
                return process_document(raw)
            except ValueError:  # NoArticleText: nothing to align
                return []
    return []


def prepare(gold: G, path: Path, raw_text: str, title_first: bool = False) -> Prepared[G]:
    """``title_first``: the file's first line is the article's title, which ingest takes
    out of the text. The file is then aligned with the title and the text, so a text that
    opens with the title's words keeps its opening (SemEval-2025: 'Bill Gates Says ...' /
    'Bill Gates has the right ...' - aligned against the text alone, the title's 'Bill Gates'
    claimed the text's and 12 of the 549 gold role mentions, all at the start of the text,
    were lost)."""
    parts = []
    for a in ingest_file(path):
        first = raw_text.split("\n", 1)[0]
        prefix = first + "\n" if title_first and a.title and a.title.strip() == first.strip() else ""
        parts.append((a, OffsetMap(raw_text, a.text, prefix)))
    return Prepared(gold, raw_text, parts)


def iter_parts(items: list[Prepared[G]]) -> Iterator[tuple[int, int, Article]]:
    """(item index, part index, article) over every article of every prepared item."""
    for i, p in enumerate(items):
        for k, (article, _) in enumerate(p.parts):
            yield i, k, article
