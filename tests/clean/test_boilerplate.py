"""Boilerplate lines on hand-written pages: chrome goes, prose stays."""

from __future__ import annotations

import pytest

from newstrace.clean.boilerplate import strip_boilerplate

CHROME_LINES = [
    "Share this article:",
    "Facebook Twitter WhatsApp Email",
    "Journalist ID: 1201",
    "Story ID: 99817",
    "1,204 views",
    "Comments (3)",
    "Leave a Reply",
    "Cancel reply",
    "Your email address will not be published. Required fields are marked *",
    "Tags: floods, Sindh, monsoon",
    "Related Articles",
    "Read more: Port workers extend strike into third week",
    "Subscribe to our newsletter for the latest updates",
    "Follow us on Twitter",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "© 2024 Harbour Times. All rights reserved.",
    "Updated: 14:05 GMT",
    "3 hours ago",
    "A+ A-",
    "Advertisement",
    "Previous article: Ministers meet on wage deal",
]

PROSE_LINES = [
    "Next week the parliament will vote on the budget.",
    "Updated figures released on Monday show 14 people died in the floods.",
    "Share prices in the port operator fell 4% after the strike began.",
    "Subscribers to the water service were told to boil their water.",
    "Source: the interior ministry said 12 villages were cut off.",
    "Tags on the containers showed they had been loaded in Durban.",
    "Comments by the minister angered the union leaders, who walked out.",
    "The agency said 3 hours of rain had fallen before midnight.",
]


@pytest.mark.parametrize("line", CHROME_LINES)
def test_chrome_line_is_removed_and_recorded(line: str) -> None:
    text, removed = strip_boilerplate(f"Floods hit the coast\n\n{line}\n\nRescuers reached the village on Tuesday.")
    assert line not in text
    assert removed == [line]


@pytest.mark.parametrize("line", PROSE_LINES)
def test_prose_line_is_kept(line: str) -> None:
    text, removed = strip_boilerplate(f"Floods hit the coast\n\n{line}")
    assert line in text
    assert removed == []


def test_tag_list_under_a_lone_tags_heading_is_removed_but_not_a_title() -> None:
    page = "Tags\n\nFloods, Monsoon, Rescue\n\nRiver bursts its banks\n\nThe river rose two metres overnight."
    text, removed = strip_boilerplate(page)
    assert removed == ["Tags", "Floods, Monsoon, Rescue"]
    assert text.startswith("River bursts its banks")


def test_whitespace_is_normalised_and_blank_runs_collapse() -> None:
    page = "Title\u00a0line  here\r\n\r\n\r\n\tFirst\u202fparagraph.\u200b \n\n\n\nSecond paragraph.\n\n"
    text, removed = strip_boilerplate(page)
    assert text == "Title line here\n\nFirst paragraph.\n\nSecond paragraph."
    assert removed == []


def test_long_prose_line_is_never_chrome() -> None:
    line = "Share " + "of the harbour traffic handled by the port fell sharply, " * 8 + "officials said."
    text, removed = strip_boilerplate(line)
    assert removed == [] and text == line


def test_timestamp_line_below_the_header_is_chrome_but_header_one_is_left_for_metadata() -> None:
    body = "\n\n".join(f"Paragraph {i} of the flood story said water rose again." for i in range(10))
    page = f"Dec 18, 2023, 2:20 PM\n\nFloods return\n\n{body}\n\nDec 19, 2023, 8:00 AM"
    text, removed = strip_boilerplate(page)
    assert removed == ["Dec 19, 2023, 8:00 AM"]
    assert text.startswith("Dec 18, 2023, 2:20 PM")
