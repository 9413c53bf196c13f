"""Fixtures of the events tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newstrace.events.extract import ungated_events
from newstrace.events.models import shipped_models
from newstrace.nlp import parse_texts
from newstrace.records import Article


@pytest.fixture(scope="session")
def ungated() -> Callable[[str], list[tuple[str, str]]]:
    """(label, lower-cased trigger) of every event the shipped stage finds in a text before
    the precision gate (skips when no models are shipped)."""
    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")

    def run(text: str) -> list[tuple[str, str]]:
        doc = next(iter(parse_texts([text])))
        article = Article(id="a", source="s", part=0, text=text, published="2016-09-20", published_precision="day")
        return [(e.label, e.trigger.text.lower()) for e, _ in ungated_events(article, doc, None, None, models)]

    return run
