"""Chrome blocks (address, form confirmation, byline, date) and the candidate choice:
the cases where an extractor's output was page chrome instead of the article."""

from __future__ import annotations

import pytest

from newstrace.clean import html_extract
from newstrace.clean.chrome_blocks import article_chars, block_kind, trim_edge_blocks
from newstrace.clean.html_choose import agreement, choose
from newstrace.clean.html_extract import extract_html

# What a reviewer found newstrace keeping as "the article" on real pages.
HILL_ADDRESS = "The Hill 1625 K Street, NW Suite 900 Washington DC 20006 | 202-628-8500 tel"
FORM_THANKS = "Thanks for contacting us. We've received your submission."
VERGE_BYLINE = "By Chaim Gartenberg@cgartenberg Nov 19, 2019, 7:53pm EST"

ARTICLE = [
    "The Senate voted 52-48 on Tuesday to confirm the nominee after a week of debate that "
    "split both parties over the future of the agency and its budget.",
    "Three Republicans joined most Democrats in support, while two Democrats from farm states "
    "voted against, citing the agency's handling of last year's drought relief.",
    "\u201cThis is a vote for competence, not for any party,\u201d the majority leader told "
    "reporters after the roll call, adding that hearings on the budget would begin next month.",
    "The nominee is expected to be sworn in on Friday and to testify before the appropriations "
    "committee within weeks, according to two aides familiar with the schedule.",
]

LETTER = (
    "I have lived in this town for forty years and I have never seen the council act so quickly "
    "on anything, which makes me wonder who really benefits from this decision."
)


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        (HILL_ADDRESS, "address"),
        ("Contact us: newsroom@example-herald.com or +44 20 7946 0958", "address"),
        (FORM_THANKS, "form_confirmation"),
        ("Vielen Dank für Ihre Nachricht!", "form_confirmation"),
        (VERGE_BYLINE, "byline"),
        ("November 19, 2019", "date"),
    ],
)
def test_chrome_blocks_are_recognised(paragraph: str, kind: str) -> None:
    assert block_kind(paragraph) == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "By noon on Monday the river had risen two metres above its usual level.",
        "The office at 1625 K Street will close in June, the council said on Monday after a vote.",
        "Call 202-628-8500 for details of the festival programme, which starts on Friday.",
        ARTICLE[0],
    ],
)
def test_article_sentences_are_not_chrome_blocks(paragraph: str) -> None:
    assert block_kind(paragraph) is None


def test_chrome_only_extraction_holds_no_article_text() -> None:
    assert article_chars([HILL_ADDRESS]) == 0
    assert article_chars([FORM_THANKS, VERGE_BYLINE]) == 0
    assert article_chars(ARTICLE) == sum(map(len, ARTICLE))


def test_address_and_form_blocks_trimmed_from_the_edges_only() -> None:
    # The byline stays: the metadata stage reads it from the top of the text.
    paragraphs = [VERGE_BYLINE, *ARTICLE[:2], HILL_ADDRESS, *ARTICLE[2:], FORM_THANKS, HILL_ADDRESS]
    assert trim_edge_blocks(paragraphs) == [VERGE_BYLINE, *ARTICLE[:2], HILL_ADDRESS, *ARTICLE[2:]]


def test_choice_never_keeps_chrome_as_the_article() -> None:
    assert choose(("trafilatura", [HILL_ADDRESS]), [("readability", lambda: [FORM_THANKS])], 250) == ("none", [])
    assert choose(("trafilatura", [HILL_ADDRESS]), [("readability", lambda: ARTICLE)], 250) == ("readability", ARTICLE)


def test_longer_fallback_must_agree_with_trafilatura() -> None:
    teasers = [f"Teaser headline number {i} about a wholly different topic in the sports pages today" for i in range(40)]
    short_article = ARTICLE[:2]
    # trafilatura found part of the article; a longer teaser list is not more of it...
    got = choose(("trafilatura", short_article), [("paragraphs", lambda: teasers)], enough=5000)
    assert got == ("trafilatura", short_article)
    # ...but a longer text that contains what trafilatura found is.
    got = choose(("trafilatura", short_article), [("readability", lambda: ARTICLE)], enough=5000)
    assert got == ("readability", ARTICLE)
    assert agreement(short_article, ARTICLE) == 1.0 and agreement(short_article, teasers) < 0.5


def _page(body: str) -> str:
    return (
        "<html><head><title>Senate confirms nominee</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"{body}</body></html>"
    )


def test_article_in_a_container_with_chrome_classes_is_kept() -> None:
    # Class tokens "paywall" and "sidebar" once made chrome pruning remove the article, and
    # the address in the page footer (no <footer> tag) was what remained.
    body = (
        "<div class='layout has-sidebar-right'><div class='article-body paywall-content'>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE)
        + "</div><div class='sidebar'><a href='/1'>Most read</a></div></div>"
        # Readers' comments below the article: more text than the article itself.
        + "<section id='comments'>" + "".join(f"<p>{LETTER} ({i})</p>" for i in range(8)) + "</section>"
        f"<div class='site-info'><p>{HILL_ADDRESS}</p></div>"
    )
    page = extract_html(_page(body))
    for paragraph in ARTICLE:
        assert paragraph in page.text
    assert "1625 K Street" not in page.text
    assert LETTER not in page.text


def test_form_confirmation_is_never_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # A page whose article is rendered by script: all that is left is a contact form box.
    body = f"<div id='app'></div><div class='contact-box'><p>{FORM_THANKS}</p></div>"
    page = extract_html(_page(body))
    assert FORM_THANKS not in page.text
    assert page.extractor == "none"


def test_standfirst_and_byline_give_way_to_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    standfirst = "The company's new phone folds in half and costs twice as much as its old one."
    body = (
        f"<header class='entry-header'><p class='dek'>{standfirst}</p><p>{VERGE_BYLINE}</p></header>"
        "<div class='c-entry-content'>" + "".join(f"<p>{p}</p>" for p in ARTICLE) + "</div>"
    )
    # What trafilatura returned on such a page: the standfirst and the byline only.
    monkeypatch.setattr(html_extract, "_trafilatura", lambda tree: [standfirst, VERGE_BYLINE])
    page = extract_html(_page(body))
    assert page.extractor != "trafilatura"
    for paragraph in ARTICLE:
        assert paragraph in page.text
