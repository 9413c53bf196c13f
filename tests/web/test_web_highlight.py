"""Highlighting by offsets: overlapping spans, bad spans, escaping, and the text kept whole."""

from __future__ import annotations

import re
from html import unescape

from newstrace.web.highlight import HSpan, highlight, mark_snippet, word_diff


def _text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_each_layer_keeps_its_own_element(seed_texts: dict[str, str]) -> None:
    """A word in a claim, a mention and a reused passage carries three nested elements, one
    per layer (outermost first in layer order), so hiding one layer leaves the others."""
    text = seed_texts["003_d46c2fe43028fa90.txt"]
    quote = text.index("“Threat continues")
    said = text.index("said", quote)
    speaker = text.index("General Qamar Javed Bajwa")
    daesh = text.index("Daesh", quote)
    spans = [
        HSpan(quote, said - 1, "claim-content", "claim 1"),
        HSpan(speaker, speaker + len("General Qamar Javed Bajwa"), "claim-speaker", "speaker"),
        HSpan(daesh, daesh + 5, "mention", "entity: Daesh"),  # inside the claim
        HSpan(daesh - 10, daesh + 40, "reuse", "shared", href="/reuse/a/b"),  # overlaps both edges of the mention
    ]
    html = str(highlight(text, spans, ["reuse", "claim-content", "mention"]))
    assert _text_of(html) == text
    assert (
        '<a class="hl reuse" title="shared" href="/reuse/a/b"><span class="hl claim-content" title="claim 1">'
        '<span class="hl mention" title="entity: Daesh">Daesh</span></span></a>'
    ) in html
    # Every element is closed in the piece it opened in: the markup nests.
    assert html.count("<span") == html.count("</span>") and html.count("<a ") == html.count("</a>")


def test_only_one_link_per_piece() -> None:
    html = str(highlight("abcdef", [HSpan(0, 6, "reuse", "one", href="/reuse/x/y"), HSpan(2, 4, "reuse", "two", href="/reuse/x/z")]))
    assert "<a " in html and '<a class="hl reuse" title="one; two" href="/reuse/x/y">cd</a>' in html


def test_invalid_spans_are_ignored() -> None:
    text = "short text"
    html = str(highlight(text, [HSpan(-1, 3, "mention"), HSpan(5, 99, "mention"), HSpan(4, 4, "mention"), HSpan(0, 5, 'x" onmouseover="y')]))
    assert html == "short text"


def test_text_is_escaped_inside_and_outside_spans() -> None:
    text = "<b>bold</b> & <i>x</i>"
    html = str(highlight(text, [HSpan(0, 11, "claim-content", '"><script>')]))
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;" in html
    assert 'title="&#34;&gt;&lt;script&gt;"' in html
    assert _text_of(html) == text


def test_anchor_only_once() -> None:
    html = str(highlight("abcdefgh", [HSpan(0, 6, "reuse", "", "pa-1"), HSpan(2, 4, "mention")]))
    assert html.count('id="pa-1"') == 1


def test_snippet_marks() -> None:
    assert str(mark_snippet("x \x02Daesh\x03 y")) == "x <mark>Daesh</mark> y"


def test_word_diff_on_real_reuse(seed_texts: dict[str, str]) -> None:
    a = seed_texts["000_d0c68157059b4dfa.txt"]
    b = seed_texts["002_ee9d258b94439a1e.txt"]
    pa = a[a.index("Daesh is now seeking") - 60 : a.index("Daesh is now seeking") + 60]
    pb = b[b.index("In his turn") : b.index("In his turn") + 120]
    da, db = word_diff(pa, pb)
    assert "<del>" in str(da) and "<ins>" in str(db)
    assert _text_of(str(da)) == pa and _text_of(str(db)) == pb


def test_tag_is_escaped_and_inside_its_layer() -> None:
    html = str(highlight("one two three", [HSpan(4, 13, "technique", "x", tag="<b>Doubt</b>"), HSpan(4, 7, "mention")],
                         ["technique", "mention"]))
    assert html.startswith('one <span class="hl technique" title="x"><span class="hl-tag">&lt;b&gt;Doubt&lt;/b&gt;</span>')
    assert html.count("hl-tag") == 1  # only at the span's first piece
