from __future__ import annotations

from collections.abc import Callable

import pytest

from newstrace.pipeline.document import process_document
from newstrace.records import Article, RawDocument

Analyse = Callable[..., list[Article]]


def _analyse_text(text: str, source: str = "page.txt", **fields: str | None) -> list[Article]:
    raw = RawDocument(source=source, content=text, format="text", input_path=source, **fields)  # type: ignore[arg-type]
    return process_document(raw)


@pytest.fixture(scope="session")
def analyse() -> Analyse:
    """process_document on a text page: analyse(text, source=..., title=..., published=...)."""
    return _analyse_text


@pytest.fixture(scope="session")
def seed_articles(seed_texts: dict[str, str]) -> dict[str, list[Article]]:
    """Seed number ("000".."004") -> the articles process_document makes of it."""
    return {name[:3]: _analyse_text(text, source=name) for name, text in seed_texts.items()}
