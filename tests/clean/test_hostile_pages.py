"""Hostile or degenerate pages: every step returns sane output (no crash, no blow-up)."""

from __future__ import annotations

from .conftest import analyse_text


def test_empty_and_whitespace_pages() -> None:
    for text in ("", "\n\n  \n", "\u200b\u00a0"):
        (article,) = analyse_text("empty.txt", text)
        assert article.text == "" and article.title is None and article.language is None


def test_only_chrome() -> None:
    (article,) = analyse_text("chrome.txt", "Share\nTags\n0 Persons\nLeave a Comment\n")
    assert article.text == ""
    assert article.boilerplate_removed == ["Share", "Tags", "0 Persons", "Leave a Comment"]


def test_many_lone_bullets_stay_bounded() -> None:
    para = "Officials in the capital said the measures would remain in place for at least a month longer."
    blocks = []
    for i in range(1000):
        blocks.append(f"• Item {i}: a long bullet sentence about a different topic number {i} altogether here.")
        blocks.append(para)
    parts = analyse_text("bullets.txt", "Headline\n\n" + "\n\n".join(blocks))
    assert 1 <= len(parts) <= 21  # at most MAX_CANDIDATES cuts


def test_one_huge_line_and_markup_like_text() -> None:
    text = "<script>alert(1)</script> " + "word " * 200_000 + "(AP) according to Reuters"
    (article,) = analyse_text("huge.txt", text)
    assert article.text.startswith("<script>")  # text is kept verbatim; escaping is the renderer's job
    assert [c.name for c in article.cited_sources] == ["Associated Press", "Reuters"]
