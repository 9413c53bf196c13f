"""The bundled examples/ pages clean and split as examples/README.md says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newstrace.records import Article
from newstrace.store.base import Store

Analyse = Callable[..., list[Article]]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAGLINE = "Coastal Herald | Independent news from the Kenyan coast since 1998"


def _articles(analyse: Analyse, name: str) -> list[Article]:
    path = EXAMPLES / name
    return analyse(path.read_text(encoding="utf-8"), source=name)


def test_multi_story_example_splits_with_caption_kept_and_dateline_found(analyse: Analyse) -> None:
    ceasefire, vote = _articles(analyse, "world-digest/ceasefire-and-vote.txt")
    assert ceasefire.title == "Truce holds in Tarsenia's north as aid convoys roll in"
    assert ceasefire.dateline is not None and (ceasefire.dateline.place, ceasefire.dateline.agency) == ("DORVAN", "Reuters")
    assert ceasefire.text.startswith("Aid trucks line up")  # the caption stays with its story
    assert "Duarte" not in ceasefire.text
    assert vote.text.startswith("Voters in the coastal state of Merivale")
    assert "Tarsenia" not in vote.text


def test_wire_reprint_and_rewrite_metadata(analyse: Analyse) -> None:
    (wire,) = _articles(analyse, "afp-wire/port-strike-mombasa.txt")
    (reprint,) = _articles(analyse, "coastal-herald/dockers-strike-third-week.txt")
    (rewrite,) = _articles(analyse, "harbour-times/port-strike-talks.txt")
    assert (wire.published, wire.published_partial) == (None, "--03-04")
    assert (reprint.published, reprint.published_precision) == ("2024-03-04", "day")
    assert reprint.title == "Port paralysed as dockers vow to stay out"
    assert reprint.text.split("\n\n")[:8] == wire.text.split("\n\n")[:8]  # verbatim body
    assert [c.name for c in rewrite.cited_sources] == ["Agence France-Presse"]
    assert rewrite.published == "2024-03-04"


def test_outlet_tagline_is_removed_by_the_corpus_stage(store: Store) -> None:
    from newstrace.pipeline.analyze import analyze

    analyze([EXAMPLES / "coastal-herald"], store)
    articles = list(store.iter_articles())
    assert len(articles) == 3
    for a in articles:
        assert TAGLINE not in a.text
        assert TAGLINE in a.boilerplate_removed
