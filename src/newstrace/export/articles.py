"""The ``articles`` export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.store.base import Store

_SPAN_FIELDS = [("name", pa.string()), ("entity_id", pa.string())]

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("part", pa.int64()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("outlet_id", pa.string()),
        ("title", pa.string()),
        ("byline", pa.string()),
        ("extractor", pa.string()),
        (
            "dateline",
            pa.struct([("place", pa.string()), ("date_text", pa.string()), ("agency", pa.string())]),
        ),
        ("published", pa.string()),
        ("published_precision", pa.string()),
        ("published_time", pa.string()),
        ("published_partial", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("boilerplate_removed", pa.list_(pa.string())),
        ("cited_sources", pa.list_(pa.struct(_SPAN_FIELDS))),
        ("genre", pa.string()),
        ("frames", pa.list_(pa.string())),
    ]
)


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    for article in store.iter_articles():
        yield article.to_dict()


iter_articles.arrow_schema = ARTICLE_SCHEMA  # type: ignore[attr-defined]
