"""HTML extraction on hand-written pages: chrome removed, quotes and datelines kept,
metadata read, the fallback cascade, and hostile markup that must neither crash nor hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.clean import html_extract
from newstrace.clean.html_chrome import clean_author
from newstrace.clean.html_extract import extract_html
from newstrace.clean.html_meta import normalise_date
from newstrace.clean.html_parse import (
    MAX_HTML_CHARS,
    MAX_TREE_ELEMENTS,
    sanitize_markup,
)

REPO = Path(__file__).resolve().parents[2]
EXTRACTION_SET = REPO / "benchmarks" / "data" / "extraction"

STORY = [
    "BRNO, May 2 (CTK) - The South Moravian regional council approved a plan on Thursday to "
    "reopen the Brno-Tišnov railway line to passenger trains after eleven years, at a cost of "
    "about 900 million crowns.",
    "\u201cThe villages along the valley have waited long enough for a train that takes them to "
    "work in under forty minutes,\u201d said regional transport councillor Petra Svobodová.",
    "Construction of two new stations at Hradčany and Předklášteří should begin next spring. "
    "Trains would run every half hour on weekdays from December 2026.",
    "The Railway Administration said the track bed was in good condition but the signalling "
    "system would have to be replaced along the whole route.",
]

CHROME_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Brno-Tišnov railway to reopen to passengers | Moravia Herald</title>
<meta property="og:title" content="Brno-Tišnov railway to reopen to passengers">
<meta property="og:site_name" content="Moravia Herald">
<meta name="author" content="Jana Horáková, Regional reporter">
<meta property="article:published_time" content="2024-05-02T14:30:00+02:00">
</head><body>
<div class="cookie-consent"><p>We use cookies to personalise content and ads. Accept all cookies to continue reading our site.</p><button>Accept</button></div>
<header><nav class="main-menu"><a href="/">Home</a> <a href="/region">Region</a> <a href="/sport">Sport</a></nav></header>
<article><h1>Brno-Tišnov railway to reopen to passengers</h1>
<p class="byline">By Jana Horáková</p>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on WhatsApp</a></div>
<p>{STORY[0]}</p><p>{STORY[1]}</p>
<div class="newsletter-box"><p>Sign up to the Moravia Herald morning newsletter for the region's news before breakfast.</p></div>
<p>{STORY[2]}</p><p>{STORY[3]}</p></article>
<section class="related-articles"><h2>Related</h2><a href="/1">Ostrava tram depot to be rebuilt after fire destroyed twelve historic cars</a></section>
<section id="comments"><div class="comment"><p>Finally! My grandfather used to take this train to the factory every single morning.</p></div></section>
<footer><p>&copy; 2024 Moravia Herald. All rights reserved.</p></footer>
<script>var tracking = "SCRIPT PAYLOAD SHOULD NOT APPEAR";</script>
</body></html>"""


def test_article_kept_and_chrome_removed() -> None:
    page = extract_html(CHROME_PAGE, url="https://example.cz/brno-tisnov")
    assert page.extractor == "trafilatura"
    paragraphs = page.text.split("\n\n")
    assert paragraphs == STORY  # paragraph breaks kept as blank lines, dateline and quote intact
    for chrome in ("cookies", "Share on", "newsletter", "Ostrava tram", "grandfather", "All rights", "SCRIPT"):
        assert chrome not in page.text


def test_metadata_from_page() -> None:
    page = extract_html(CHROME_PAGE)
    assert page.title == "Brno-Tišnov railway to reopen to passengers"
    assert page.author == "Jana Horáková"  # the job title after the comma is not a name
    assert page.date == "2024-05-02"
    assert page.sitename == "Moravia Herald"


def test_metadata_from_json_ld_only() -> None:
    html = """<html><head><title>page</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Baltic Ports Weekly"},
      {"@type": "NewsArticle", "headline": "Klaipėda port handles record grain volume",
       "datePublished": "2023-12-19T08:00:00+02:00",
       "author": [{"@type": "Person", "name": "Rūta Petraitė"}, {"@type": "Person", "name": "Tomas Kairys"}],
       "publisher": {"@type": "Organization", "name": "Baltic Ports Weekly"}}]}
    </script></head><body><div class="content"><p>The port of Klaipėda handled a record 6.1 million
    tonnes of grain this year, mostly from Ukraine and Kazakhstan, the port authority said on Tuesday,
    as new silos at the southern terminal came into use.</p><p>Officials expect volumes to grow again
    next year after dredging of the northern channel is completed in the spring.</p></div></body></html>"""
    page = extract_html(html)
    assert page.title == "Klaipėda port handles record grain volume"
    assert page.date == "2023-12-19"
    assert page.author is not None and {a.strip() for a in page.author.split(";")} == {"Rūta Petraitė", "Tomas Kairys"}
    assert page.sitename == "Baltic Ports Weekly"
    assert "6.1 million" in page.text


PHOTO_STORY = [
    "Hundreds of holidaymakers spent Sunday night on benches in the port of Split after bura winds "
    "gusting to 120 kilometres an hour stopped every ferry to the islands.",
    "The harbour authority cancelled sailings to Hvar, Brač and Vis from early morning, and the "
    "coast guard closed the channel to small boats.",
    "\u201cWe had a wedding to go to on Hvar,\u201d said Anna Lindqvist, a teacher from Gothenburg, "
    "sitting on her suitcase by the ticket office.",
]


def test_fallback_when_trafilatura_returns_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    slides = "".join(
        f'<figure class="story-slide"><img src="/{i}.jpg"><div class="slide-text"><p>{p}</p></div></figure>'
        for i, p in enumerate(PHOTO_STORY)
    )
    html = f"<html><body><nav><a href='/'>Home</a></nav><main><h1>Stranded in Split</h1>{slides}</main></body></html>"
    # trafilatura misses some pages entirely (it finds this one): the cascade must not.
    monkeypatch.setattr(html_extract, "_trafilatura", lambda tree: [])
    page = extract_html(html)
    assert page.extractor in ("readability", "justext", "paragraphs")
    for paragraph in PHOTO_STORY:
        assert paragraph in page.text
    assert page.title == "Stranded in Split"


def test_empty_and_textless_pages() -> None:
    assert extract_html("").extractor == "none"
    assert extract_html("   ").text == ""
    page = extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert page.text == ""


# -- hostile input ----------------------------------------------------------------------------
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]><html><body><p>&lol9; The council met on Monday to discuss the budget for next year and "
    "agreed to raise spending on school buildings by a tenth.</p></body></html>"
)


def test_billion_laughs_is_not_expanded() -> None:
    page = extract_html(BILLION_LAUGHS)
    assert "lollol" not in page.text
    assert "<!ENTITY" not in page.text and "]>" not in page.text
    assert "school buildings" in page.text


def test_script_payloads_never_become_text() -> None:
    html = (
        "<html><head><script>document.write('<p>INJECTED paragraph about a fake event in the city</p>')</script></head>"
        "<body><article><p>The museum reopened on Saturday after a two-year renovation of its roof and "
        "galleries, with free entry for the first weekend.</p>"
        "<script type='text/javascript'>var s = '<p>HIDDEN payload pretending to be article text</p>';</script>"
        "<p>Visitors queued around the block before the doors opened at ten.</p>"
        "<style>p::after{content:'STYLE payload'}</style><noscript>NOSCRIPT notice</noscript></article></body></html>"
    )
    page = extract_html(html)
    for payload in ("INJECTED", "HIDDEN", "STYLE payload", "NOSCRIPT", "document.write", "var s"):
        assert payload not in page.text
    assert "museum reopened" in page.text and "queued around the block" in page.text


def test_deeply_nested_divs() -> None:
    html = "<html><body>" + "<div>" * 50_000 + "<p>deep text</p>" + "</div>" * 50_000 + "</body></html>"
    page = extract_html(html)  # libxml2 caps the depth; what matters is a clean return
    assert isinstance(page.text, str)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><article><p>The bridge over the river will close for repairs in June, the city said on",
        "<p>Unclosed <b>bold <i>and italic <div>inside a paragraph</p></b> stray </td></tr> closing tags",
        "<<<>>><!-- unterminated comment <p>text",
        "<html><body>\x00\x01\x02 nul and control bytes \x0b\x0c in text</body></html>",
        "\ufeff<html><body><p>caf\ufffd d\ufffdcor\ufffd replacement characters from a bad decode</p></body></html>",
        "<html><body><p>" + "word " * 200_000 + "</p></body></html>",
        "<html><head><meta http-equiv='refresh' content='0;url=http://127.0.0.1/'></head><body>"
        "<img src='http://127.0.0.1:1/x.png'><iframe src='http://127.0.0.1:1/'></iframe></body></html>",
    ],
    ids=["truncated", "misnested", "garbage", "control-chars", "bad-decode", "one-huge-paragraph", "network-refs"],
)
def test_malformed_markup_never_crashes(html: str) -> None:
    page = extract_html(html)
    assert isinstance(page.text, str) and isinstance(page.extractor, str)


def test_truncated_page_keeps_what_arrived() -> None:
    html = CHROME_PAGE[: CHROME_PAGE.index(STORY[2][:40]) + 40]
    page = extract_html(html)
    assert STORY[0] in page.text and STORY[1] in page.text


def test_oversized_markup_is_cut() -> None:
    html = "<p>" + "x" * (MAX_HTML_CHARS + 1000)
    assert len(sanitize_markup(html)) == MAX_HTML_CHARS


def test_huge_tree_takes_the_cheap_path() -> None:
    filler = "<div class='x'>" + "<span>menu item</span>" * (MAX_TREE_ELEMENTS + 1000) + "</div>"
    html = f"<html><body><article><p>{STORY[0]}</p><p>{STORY[1]}</p></article>{filler}</body></html>"
    page = extract_html(html)
    assert page.extractor == "paragraphs"
    assert page.text.split("\n\n") == STORY[:2]


def test_non_utf8_bytes_decoded_upstream() -> None:
    raw = (
        "<html><head><meta charset='windows-1252'></head><body><article><p>"
        "Der B\u00fcrgermeister sagte, die Stra\u00dfe werde im M\u00e4rz erneuert \u2013 "
        "die Arbeiten sollen drei Wochen dauern und rund 400.000 Euro kosten.</p></article></body></html>"
    ).encode("cp1252")
    page = extract_html(raw.decode("utf-8", "replace"))  # what a careless reader would pass on
    assert "sagte" in page.text
    page = extract_html(raw.decode("cp1252"))
    assert "Bürgermeister" in page.text and "Straße" in page.text


# -- metadata helpers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-04T09:12:00Z", "2024-03-04"),
        ("March 4, 2024", "2024-03-04"),
        ("4 March", None),  # no year: not a publication date
        ("not a date at all", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Claire Dumont; Transport correspondent", "Claire Dumont"),
        ("By Jane Roe", "Jane Roe"),
        ("Sarah Thompson, David Chen", "Sarah Thompson; David Chen"),
        ("Staff reporter", None),
        (None, None),
    ],
)
def test_clean_author(value: str | None, expected: str | None) -> None:
    assert clean_author(value) == expected


# -- the evaluation set -----------------------------------------------------------------------
def test_cascade_at_least_as_good_as_trafilatura_on_evaluation_set() -> None:
    from newstrace.clean.evaluate import evaluate

    if not EXTRACTION_SET.exists():
        pytest.skip(f"{EXTRACTION_SET} is absent")
    scores, per_page = evaluate(EXTRACTION_SET, ["newstrace", "trafilatura"])
    assert len(per_page) >= 25
    ours, theirs = scores["newstrace"].row(), scores["trafilatura"].row()
    assert ours["f1"] >= theirs["f1"]
    for field in ("title", "author"):
        assert ours[field] >= theirs[field], field
    # One page (09-table-layout) states its date only in the page text ("Carlos Ibarra |
    # 08/10/2023"); htmldate's text search, which found it, is off: on the 884 real pages
    # of trafilatura_eval it dated 80 more pages, 50 of them wrongly (docs/quality-html.md).
    assert ours["date"] >= theirs["date"] - 1 / len(per_page)
    assert scores["newstrace"].failures == 0


def test_html_document_records_its_extractor() -> None:
    from newstrace.pipeline.document import process_document
    from newstrace.records import RawDocument

    raw = RawDocument("brno.html", CHROME_PAGE, "html", "brno.html", content_hash="h")  # type: ignore[arg-type]
    articles = process_document(raw)
    assert articles[0].extractor == "trafilatura"
    assert articles[0].title == "Brno-Tišnov railway to reopen to passengers"
    assert "railway line to passenger trains" in articles[0].text


def test_leading_byline_dropped_but_not_an_opening_sentence() -> None:
    body = (
        "<p>By noon on Monday the river had risen two metres above its usual level.</p>"
        "<p>Residents of the lower town moved furniture upstairs and the fire brigade handed out "
        "sandbags from the market square until late in the evening.</p>"
    )
    page = extract_html(f"<html><body><article><p>By Jane Roe</p>{body}</article></body></html>")
    assert page.text.startswith("By noon on Monday")
    assert "Jane Roe" not in page.text


def test_author_from_visible_byline_element() -> None:
    html = (
        "<html><body><article><h1>Night trains return to the Alps</h1>"
        "<div class='story-byline'>By Matthias Keller | 12 March 2024</div>"
        "<p>Austrian Railways will run a night train from Vienna to Bregenz again from December, "
        "ten years after the last service was withdrawn for lack of passengers.</p>"
        "<p>Tickets go on sale in October, with couchettes from 49 euros a bed.</p></article></body></html>"
    )
    assert extract_html(html).author == "Matthias Keller"
