"""Titles, bylines, datelines, dates and cited agencies of the real seed pages."""

from __future__ import annotations

from newstrace.entities.api import entity_id_for
from newstrace.records import Dateline


def test_titles(seed_articles: dict) -> None:
    assert seed_articles["000"][0].title == "US providing Daesh with arms in Pakistan: MWM"
    assert seed_articles["001"][0].title == "‘Pakistan terror groups using US weapons smuggled from Afghanistan’"
    assert seed_articles["002"][0].title == "Iran’s Interior Minister warned of terrorist groups recruitment"
    assert seed_articles["004"][0].title == "US Aiding Terrorists In Iraq And Syria"
    # Seed 003 opens with a byline: it has no title line, and no sentence becomes one.
    assert seed_articles["003"][0].title is None
    assert seed_articles["004"][1].title is None


def test_title_line_removed_from_text(seed_articles: dict) -> None:
    for seed in ("000", "001", "002", "004"):
        article = seed_articles[seed][0]
        assert article.title is not None
        assert article.title not in article.text
        assert article.title in article.boilerplate_removed


def test_byline_and_standalone_dateline_removed(seed_articles: dict) -> None:
    article = seed_articles["003"][0]
    assert article.byline == "Aamir Latif"
    assert article.dateline == Dateline("KARACHI, Pakistan", None, None)
    assert not article.text.startswith(("By Aamir", "KARACHI"))
    assert article.text.startswith("In a rare development")
    assert {"By Aamir Latif", "KARACHI, Pakistan"} <= set(article.boilerplate_removed)


def test_inline_datelines_parsed_and_kept(seed_articles: dict) -> None:
    cases = {
        "000": (Dateline("TEHRAN", "Dec 29", "TNS"), "TEHRAN Dec 29 (TNS): A Pakistani"),
        "001": (Dateline("Islamabad", None, "IRNA"), "Islamabad, IRNA – Pakistan has"),
        "002": (Dateline("Almaty", "December 14", "Silkroadnews"), "Almaty. December 14. Silkroadnews - "),
    }
    for seed, (dateline, opening) in cases.items():
        article = seed_articles[seed][0]
        assert article.dateline == dateline
        assert article.text.startswith(opening)
    assert seed_articles["004"][0].dateline is None


def test_published_never_invents_a_year(seed_articles: dict) -> None:
    a000 = seed_articles["000"][0]  # "TEHRAN Dec 29": no year anywhere on the page
    assert (a000.published, a000.published_precision, a000.published_partial) == (None, None, "--12-29")
    a001 = seed_articles["001"][0]  # header line "Dec 18, 2023, 2:20 PM"
    assert (a001.published, a001.published_precision) == ("2023-12-18", "day")
    assert "Dec 18, 2023, 2:20\u202fPM".replace("\u202f", " ") in a001.boilerplate_removed
    a002 = seed_articles["002"][0]  # "Date: 07:35, 14-12-2017." gives the year of "December 14"
    assert (a002.published, a002.published_precision, a002.published_partial) == ("2017-12-14", "day", None)
    assert "Date: 07:35, 14-12-2017." in a002.boilerplate_removed
    assert "Date:" not in a002.text
    for seed in ("003", "004"):
        assert seed_articles[seed][0].published is None


def _cited(article) -> list[str]:
    return [c.name for c in article.cited_sources]


def test_cited_agencies(seed_articles: dict) -> None:
    assert _cited(seed_articles["000"][0]) == ["Tasnim News Agency"]
    assert _cited(seed_articles["001"][0]) == ["Islamic Republic News Agency"]
    assert _cited(seed_articles["002"][0]) == ["Silkroadnews", "Iranian Telegraph Agency", "Tasnim News Agency"]
    assert _cited(seed_articles["003"][0]) == []
    assert _cited(seed_articles["004"][0]) == ["Islamic Republic News Agency", "The Washington Post", "Daily Caller"]
    tasnim = seed_articles["000"][0].cited_sources[0]
    assert tasnim.entity_id == entity_id_for("Tasnim News Agency", "ORG")
    assert tasnim.cue == "(TNS)"


def test_language(seed_articles: dict) -> None:
    assert {a.language for parts in seed_articles.values() for a in parts} == {"en"}
