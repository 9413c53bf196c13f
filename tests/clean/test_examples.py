"""The bundled examples/ pages clean and split as examples/README.md says."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import analyse_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _articles(rel: str):
    path = EXAMPLES / rel
    if not path.exists():
        pytest.skip(f"{path} absent")
    return analyse_text(rel, path.read_text("utf-8"))


def test_multi_story_page_splits_in_two() -> None:
    strike, ferry = _articles("harbour-news/durban-port-strike.txt")
    assert strike.title == "Durban port strike enters fourth day as ships queue offshore"
    assert ferry.title == "Ferry fire off Zanzibar: 14 passengers missing"
    assert "Zanzibar" not in strike.text and "Durban" not in ferry.text
    assert strike.published == "2024-06-12"  # header line "Wednesday, 12 June 2024"
    assert [c.name for c in ferry.cited_sources] == ["Xinhua"]


def test_wire_and_verbatim_reprint_have_same_body_different_titles() -> None:
    (wire,) = _articles("wire/kna_tana_floods.txt")
    (reprint,) = _articles("nairobi-daily/2024-04-15-garissa-families-flee.txt")
    assert wire.text == reprint.text
    assert wire.title != reprint.title
    assert wire.dateline == reprint.dateline
    assert wire.dateline is not None and wire.dateline.agency == "KNA"
    assert (wire.published, reprint.published) == ("2024-04-15", "2024-04-15")


def test_rewrite_credits_the_agency_and_has_byline() -> None:
    (article,) = _articles("coastal-herald/tana-river-floods-death-toll.txt")
    assert article.byline == "Grace Mwangi"
    assert [c.name for c in article.cited_sources] == ["Kenya News Agency"]
    assert article.published == "2024-04-15"


def test_chrome_and_section_labels_gone() -> None:
    (article,) = _articles("lusaka-times/chililabombwe-rockfall.txt")
    assert article.title == "Eleven miners trapped after rockfall at Chililabombwe copper mine"
    for chrome in ("Business | Mining", "Journalist ID: 2217", "1,204 views", "Tags", "Copperbelt", "mining"):
        assert chrome in article.boilerplate_removed
    assert article.text.rstrip().endswith("independent inspection was completed.")


def test_no_title_page_keeps_title_none() -> None:
    (article,) = _articles("copperbelt-post/konkola-rescue.txt")
    assert article.title is None
    assert article.byline == "Joseph Banda"
    assert article.dateline is not None and article.dateline.place == "CHILILABOMBWE"
    assert article.text.startswith("Relatives of the eleven men")
