"""The ``articles`` export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newstrace.records import Article
from newstrace.schema import arrow_schema
from newstrace.store.base import Store

ARTICLE_SCHEMA = arrow_schema(Article)


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    for article in store.iter_articles():
        yield article.to_dict()


iter_articles.arrow_schema = ARTICLE_SCHEMA  # type: ignore[attr-defined]
