"""Titles, bylines, datelines, dates and cited agencies of the real seed pages."""

from __future__ import annotations

from newstrace.entities.api import entity_id_for
from newstrace.records import Article, Dateline


def _one(seed_articles: dict[str, list[Article]], seed: str) -> Article:
    return seed_articles[seed][0]


def test_titles(seed_articles: dict[str, list[Article]]) -> None:
    assert _one(seed_articles, "000").title == "US providing Daesh with arms in Pakistan: MWM"
    # The quotes the site wraps its headline in are not part of the title.
    assert _one(seed_articles, "001").title == "Pakistan terror groups using US weapons smuggled from Afghanistan"
    assert _one(seed_articles, "002").title == "Iran’s Interior Minister warned of terrorist groups recruitment"
    assert _one(seed_articles, "003").title is None  # starts with a byline: no title line
    assert seed_articles["004"][0].title == "US Aiding Terrorists In Iraq And Syria"
    assert seed_articles["004"][1].title is None  # the second story has no headline


def test_title_lines_are_removed_from_text(seed_articles: dict[str, list[Article]]) -> None:
    for articles in seed_articles.values():
        for a in articles:
            if a.title:
                assert a.title not in a.text.split("\n")[0]


def test_byline_and_standalone_dateline_of_seed_003(seed_articles: dict[str, list[Article]]) -> None:
    a = _one(seed_articles, "003")
    assert a.byline == "Aamir Latif"
    assert a.dateline == Dateline(place="KARACHI", date_text=None, agency=None)
    assert not a.text.startswith(("By Aamir Latif", "KARACHI"))
    assert a.text.startswith("In a rare development, Pakistan’s army chief")


def test_inline_datelines_are_parsed_and_stay_in_text(seed_articles: dict[str, list[Article]]) -> None:
    a0 = _one(seed_articles, "000")
    assert a0.dateline == Dateline(place="TEHRAN", date_text="Dec 29", agency="TNS")
    assert a0.text.startswith("TEHRAN Dec 29 (TNS): A Pakistani political figure")
    a1 = _one(seed_articles, "001")
    assert a1.dateline == Dateline(place="Islamabad", date_text=None, agency="IRNA")
    a2 = _one(seed_articles, "002")
    assert a2.dateline == Dateline(place="Almaty", date_text="December 14", agency="Silkroadnews")
    assert a2.text.startswith("Almaty. December 14. Silkroadnews - ")


def test_seeds_without_datelines(seed_articles: dict[str, list[Article]]) -> None:
    assert all(a.dateline is None for a in seed_articles["004"])


def test_published_dates(seed_articles: dict[str, list[Article]]) -> None:
    a0 = _one(seed_articles, "000")  # "Dec 29" and no year anywhere: no invented year
    assert (a0.published, a0.published_precision, a0.published_partial) == (None, None, "--12-29")
    a1 = _one(seed_articles, "001")
    assert (a1.published, a1.published_precision) == ("2023-12-18", "day")
    a2 = _one(seed_articles, "002")
    assert (a2.published, a2.published_precision, a2.published_partial) == ("2017-12-14", "day", None)
    for seed in ("003", "004"):
        for a in seed_articles[seed]:
            assert a.published is None and a.published_partial is None


def _cited(a: Article) -> list[str]:
    return [c.name for c in a.cited_sources]


def test_cited_agencies(seed_articles: dict[str, list[Article]]) -> None:
    assert _cited(_one(seed_articles, "000")) == ["Tasnim News Agency"]
    assert _cited(_one(seed_articles, "001")) == ["Islamic Republic News Agency"]
    assert _cited(_one(seed_articles, "002")) == [
        "Silkroadnews", "Iranian Telegraph Agency", "Tasnim News Agency",
    ]
    assert _cited(_one(seed_articles, "003")) == []
    main = seed_articles["004"][0]
    assert _cited(main) == [
        "Islamic Republic News Agency", "Al-Marbad", "The Washington Post", "Daily Caller",
    ]


def test_cited_sources_link_to_entity_ids_and_keep_their_cue(seed_articles: dict[str, list[Article]]) -> None:
    a2 = _one(seed_articles, "002")
    tasnim = a2.cited_sources[-1]
    assert tasnim.entity_id == entity_id_for("Tasnim News Agency", "ORG")
    assert tasnim.cue is not None and "Tasnim" in tasnim.cue and tasnim.cue in a2.text
    a1 = _one(seed_articles, "001")
    assert a1.cited_sources[0].cue == "Islamabad, IRNA"  # its dateline credits the agency


def test_language_is_english(seed_articles: dict[str, list[Article]]) -> None:
    assert {a.language for arts in seed_articles.values() for a in arts} == {"en"}
