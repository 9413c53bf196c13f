"""Boilerplate removal on the real seed pages."""

from __future__ import annotations

import pytest

from newstrace.clean.boilerplate import strip_boilerplate

CHROME = {
    "001": ["Journalist ID: 5288", "News ID: 85325588", "T T", "0 Persons", "Tags", "4194**9417",
            "Your Comment", "You are replying to: ."],
    "002": ["Share the news:"],
    "003": ["Source link", "Leave a Comment"],
}


@pytest.mark.parametrize("seed", sorted(CHROME))
def test_seed_chrome_gone_and_recorded(seed: str, seed_articles: dict) -> None:
    for article in seed_articles[seed]:
        lines = {ln.strip() for ln in article.text.split("\n")}
        for chrome in CHROME[seed]:
            assert chrome not in lines
            assert chrome in article.boilerplate_removed


def test_counter_recorded_each_time(seed_articles: dict) -> None:
    # "0 Persons" appears twice on seed 001: both removals are recorded.
    assert seed_articles["001"][0].boilerplate_removed.count("0 Persons") == 2


def test_seed_body_paragraphs_survive(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        clean, removed = strip_boilerplate(text)
        long_lines = [ln.strip() for ln in text.splitlines() if len(ln.split()) >= 12]
        for line in long_lines:
            assert " ".join(line.split()) in clean, (name, line[:60])
        assert all(len(r.split()) < 12 for r in removed), removed


def test_whitespace_normalised_paragraphs_kept() -> None:
    text = "Title line\r\n\r\n\r\nFirst\u00a0 paragraph   here.\n \n\t\nSecond\u200b paragraph.\nShare\n"
    clean, removed = strip_boilerplate(text)
    assert clean == "Title line\n\nFirst paragraph here.\n\nSecond paragraph."
    assert removed == ["Share"]


@pytest.mark.parametrize(
    "line",
    [
        "Follow us on Twitter and Facebook", "Subscribe to our newsletter", "Tags: floods, Kenya, rain",
        "We use cookies to improve your experience. Accept cookies", "Related: Port strike enters day 3",
        "Also read: Election results", "Comments (12)", "1,204 views", "Print this article",
        "© 2024 Coastal Herald. All rights reserved.", "Copyright 2024 Lusaka Times", "Related",
        "Read more", "More from Nairobi Daily:", "Facebook | Twitter | WhatsApp | Email", "3 min read",
    ],
)
def test_chrome_patterns(line: str) -> None:
    clean, removed = strip_boilerplate(f"Body sentence one is here.\n\n{line}\n\nBody sentence two.")
    assert removed == [line]
    assert line not in clean


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 4 percent on Tuesday after the strike was announced.",
        "Tags on the containers showed they had been loaded in Mombasa.",
        "The minister said 12 people were still missing.",
        "Source: a senior official who asked not to be named said talks had stalled.",
        "Follow-up inspections found cracks in the main shaft, the company said.",
        "Related developments continued on Friday as rescuers reached the second chamber.",
        "Copyright infringement cases rose 20 percent last year, the court said.",
        "The EU's new cookie policy rules take effect on Monday.",
        "Recommended evacuation routes were published by the county.",
    ],
)
def test_sentences_with_chrome_words_survive(line: str) -> None:
    clean, removed = strip_boilerplate(f"Headline\n\n{line}")
    assert removed == []
    assert line in clean


def test_hostile_long_line_is_bounded() -> None:
    line = "share " * 50_000
    clean, removed = strip_boilerplate(line)
    assert removed == [] and clean.startswith("share share")


def test_tag_list_under_tags_heading_removed_up_to_blank_line() -> None:
    text = "Body sentence here.\n\nTags\nCopperbelt\nmining\nComments (3)\n\nShort line after"
    clean, removed = strip_boilerplate(text)
    assert removed == ["Tags", "Copperbelt", "mining", "Comments (3)"]
    assert clean == "Body sentence here.\n\nShort line after"


def test_breadcrumb_removed_headline_with_colon_kept() -> None:
    clean, removed = strip_boilerplate("Business | Mining\n\nTana River floods: seven dead\n\nBody.")
    assert removed == ["Business | Mining"]
    assert clean.startswith("Tana River floods: seven dead")


def test_modification_stamps_removed_publication_line_left_for_metadata() -> None:
    text = "Headline here\n\nPublished 3 March 2024\n\nBody sentence.\n\nUpdated: 4 March 2024, 10:05\n\n3:40 p.m."
    clean, removed = strip_boilerplate(text)
    assert removed == ["Updated: 4 March 2024, 10:05"]
    assert "Published 3 March 2024" in clean
    assert "3:40 p.m." in clean  # a live-blog entry heading, not chrome
