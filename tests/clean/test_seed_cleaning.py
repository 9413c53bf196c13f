"""Boilerplate removal and the story split on the real seed pages."""

from __future__ import annotations

import pytest

from newstrace.records import Article

CHROME = {
    "001": ["Journalist ID: 5288", "News ID: 85325588", "T T", "0 Persons", "Tags", "4194**9417",
            "Your Comment", "You are replying to: ."],
    "002": ["Share the news:"],
    "003": ["Source link", "Leave a Comment"],
}


@pytest.mark.parametrize("seed", sorted(CHROME))
def test_chrome_lines_are_gone_and_recorded(seed: str, seed_articles: dict[str, list[Article]]) -> None:
    for article in seed_articles[seed]:
        lines = {ln.strip() for ln in article.text.split("\n")}
        for chrome in CHROME[seed]:
            assert chrome not in lines
            assert chrome in article.boilerplate_removed


def test_every_removed_counter_line_is_recorded_each_time(seed_articles: dict[str, list[Article]]) -> None:
    assert seed_articles["001"][0].boilerplate_removed.count("0 Persons") == 2


def test_header_timestamps_are_removed_and_recorded(seed_articles: dict[str, list[Article]]) -> None:
    a1 = seed_articles["001"][0]
    assert "Dec 18, 2023, 2:20 PM" in a1.boilerplate_removed
    assert "2:20" not in a1.text
    a2 = seed_articles["002"][0]
    assert "Date: 07:35, 14-12-2017." in a2.boilerplate_removed
    assert "07:35" not in a2.text


def test_article_prose_survives_cleaning(seed_articles: dict[str, list[Article]], seed_texts: dict[str, str]) -> None:
    a1 = seed_articles["001"][0]
    assert a1.text.startswith("Islamabad, IRNA – Pakistan has expressed concern")
    assert a1.text.endswith("Afghanistan is not responsible for the security of Pakistan.")
    a3 = seed_articles["003"][0]
    assert a3.text.endswith("U.S. drone strikes and local populations.")


def test_paragraph_breaks_are_single_blank_lines_and_spaces_normal(seed_articles: dict[str, list[Article]]) -> None:
    for articles in seed_articles.values():
        for a in articles:
            assert "\n\n\n" not in a.text
            assert "\u202f" not in a.text and "\u00a0" not in a.text and "  " not in a.text
            assert a.text == a.text.strip()
    assert "\n\n" in seed_articles["000"][0].text  # paragraphs kept


def test_seed_004_is_split_into_two_stories_at_the_bullet(seed_articles: dict[str, list[Article]]) -> None:
    parts = seed_articles["004"]
    assert [a.part for a in parts] == [0, 1]
    main, second = parts
    assert main.title == "US Aiding Terrorists In Iraq And Syria"
    assert main.text.rstrip().endswith("has been smuggled out of Iraq in corrupt deals.")
    assert "Hatami" not in main.text and "Gaza" not in main.text
    assert second.text.startswith("Iran’s defence minister says Palestinian missiles")
    assert "•" not in second.text
    assert second.text.rstrip().endswith("the Iranian defence minister said.")
    assert "Ain al-Asad" not in second.text
    assert len({a.id for a in parts}) == 2


def test_seed_004_caption_is_not_a_story(seed_articles: dict[str, list[Article]]) -> None:
    caption = "PMU unit shelling dens of Daesh (ISIS) in Iraq’s Saladin province"
    parts = seed_articles["004"]
    assert not any(a.text.startswith(caption) and len(a.text) < 200 for a in parts)
    assert caption not in parts[1].text
    # The caption stays with its own story (above its first paragraph).
    assert parts[0].text.startswith(caption)
    assert parts[0].title != caption


@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_single_story_seeds_are_not_split(seed: str, seed_articles: dict[str, list[Article]]) -> None:
    assert len(seed_articles[seed]) == 1
