from __future__ import annotations

import pytest

from newstrace.pipeline.document import process_document
from newstrace.records import Article, RawDocument


def analyse_text(name: str, text: str) -> list[Article]:
    raw = RawDocument(source=name, content=text, format="text", input_path=name)
    return process_document(raw)


@pytest.fixture(scope="session")
def seed_articles(seed_texts: dict[str, str]) -> dict[str, list[Article]]:
    """Each seed run through the per-document pipeline once (file name prefix -> articles)."""
    return {name[:3]: analyse_text(name, text) for name, text in seed_texts.items()}
