"""HTML extraction on hand-written pages with realistic site chrome, and hostile HTML."""

from __future__ import annotations

from newstrace.clean.html_extract import extract_html

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Copper mine collapse traps 14 workers | Andes Daily</title>
<meta property="og:site_name" content="Andes Daily">
<meta name="author" content="Lucia Ferreyra">
<meta property="article:published_time" content="2024-03-08T09:12:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>
<article>
<h1>Copper mine collapse traps 14 workers</h1>
<p class="byline">By Lucia Ferreyra</p>
<p>ANTOFAGASTA, March 8 (Andes Daily) - A tunnel collapsed at the San Rafael copper mine on Thursday night,
trapping 14 workers about 400 metres underground, the regional mining authority said.</p>
<p>"We have located the chamber where they took refuge and we believe they have air," rescue chief
Tomas Ibarra told reporters at the mine entrance on Friday morning.</p>
<p>According to the company, drilling of a rescue shaft began at dawn and could take three days.</p>
<div class="share">Share on Facebook | Share on X | Email</div>
<p>Relatives gathered at the gates, where the regional governor promised a full investigation.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Lithium prices fall</a></li><li><a href="/b">Port strike ends</a></li></ul></aside>
<div class="newsletter">Sign up for our morning briefing</div>
<footer>© 2024 Andes Daily. All rights reserved. Terms | Privacy</footer>
</body></html>"""


def test_main_text_kept_and_chrome_dropped() -> None:
    page = extract_html(PAGE, url="https://andes.example/mine")
    assert page.extractor == "trafilatura"
    assert "ANTOFAGASTA, March 8 (Andes Daily)" in page.text
    assert '"We have located the chamber' in page.text
    for chrome in ("Accept all", "Related stories", "Sign up for our morning briefing", "All rights reserved", "Share on Facebook"):
        assert chrome not in page.text
    assert page.title and "Copper mine collapse" in page.title
    assert page.author == "Lucia Ferreyra"
    assert page.date == "2024-03-08"
    assert page.sitename == "Andes Daily"


def test_fallback_when_trafilatura_finds_too_little() -> None:
    # A div-soup page with short text blocks trafilatura tends to discard entirely.
    items = "".join(f"<div><span>Item {i}: the council voted on the harbour budget line {i}.</span></div>" for i in range(12))
    html = f"<html><body><div id='x'>{items}</div></body></html>"
    page = extract_html(html)
    assert page.text, "some extractor must produce text"
    assert page.extractor in {"trafilatura", "readability", "justext", "paragraphs"}
    assert "harbour budget" in page.text


def test_json_ld_metadata_used_when_meta_tags_are_absent() -> None:
    html = """<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
    "headline":"Ceasefire holds in Velora","author":{"@type":"Person","name":"Amara Diallo"},
    "datePublished":"2023-11-02T10:00:00+01:00","publisher":{"@type":"Organization","name":"Sahel Post"}}</script></head>
    <body><div><p>""" + "The ceasefire between the two militias held for a third day, residents said. " * 6 + "</p></div></body></html>"
    page = extract_html(html)
    assert page.title == "Ceasefire holds in Velora"
    assert page.author == "Amara Diallo"
    assert page.date == "2023-11-02"


def test_hostile_html_is_text_only_and_bounded() -> None:
    laughs = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><html><body><p>&lol3; harbour</p></body></html>"""
    script = "<html><body><p>" + "Real words about the election results in the province. " * 8 + "</p><script>alert('x')</script><p>\"><img src=x onerror=alert(1)></p></body></html>"
    deep = "<div>" * 50_000 + "<p>deep text</p>" + "</div>" * 50_000
    truncated = "<html><body><p>The mayor said the bridge would reopen" + "<p>more" * 10
    for html in (laughs, script, deep, truncated, "", "<<<>>>", "\x00\x01"):
        page = extract_html(html)
        assert "alert(" not in page.text and "lollollol" not in page.text
