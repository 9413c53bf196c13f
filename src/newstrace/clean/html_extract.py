"""HTML main-text extraction: trafilatura on the whole page, then fallbacks compared.

Media Cloud's idea: try the best extractor, fall back to others when it returns nothing
or too little, and record which one produced the text (``extractor``: "trafilatura",
"readability", "justext", "paragraphs"; "none" when the page has no text at all).
The page is parsed safely (``html_parse``); scripts and styles are dropped; trafilatura
reads the rest, and its paragraphs that lie only inside chrome (``html_chrome``) are
dropped after. The fallbacks read the pruned page, and ``html_choose`` picks the winner
by comparing candidates (article text beyond chrome blocks, agreement with
trafilatura). Whole-line chrome is dropped and address/form blocks trimmed from the
edges. Metadata comes from JSON-LD, OpenGraph/meta tags and htmldate's markup rules.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from newstrace.clean.chrome_blocks import article_chars, trim_edge_blocks
from newstrace.clean.html_choose import MIN_TEXT_CHARS, choose
from newstrace.clean.html_chrome import (
    clean_author,
    drop_chrome_lines,
    drop_never_text,
    find_chrome,
    split_chrome_paragraphs,
)
from newstrace.clean.html_meta import (
    HtmlMetadata,
    canonical_url,
    jsonld_metadata,
    meta_tag_metadata,
    normalise_date,
)
from newstrace.clean.html_parse import MAX_TREE_ELEMENTS, element_count, parse_html
from newstrace.clean.html_text import (
    justext_paragraphs,
    p_paragraphs,
    readability_paragraphs,
    trafilatura_paragraphs,
)

log = logging.getLogger(__name__)

# An extraction with less than this share of the page's long-paragraph text missed part
# of the article (typically a <div> soup trafilatura only half understood).
MIN_SHARE_OF_LONG_PARAGRAPHS = 0.5
LONG_PARAGRAPH_CHARS = 120
# "By Jane Roe", "By MARK THIESSEN and Dan Joling, Associated Press": capitalised names
# only, so an opening "By noon on Monday the river had risen" is not taken for a byline.
_NAME = r"[A-Z\u00c0-\u024f][\w'\u2019.-]*"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|reporting by|interview by)\s+{_NAME}"
    rf"(?:\s+(?:{_NAME}|and|&|de|da|van|von|der|al|bin|el)|,\s*{_NAME})*(?:\s*[,|]\s*[^.!?]{{0,50}})?$"
)
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class ExtractedPage:
    text: str
    extractor: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    time: str | None = None  # "HH:MM" of the stated publication time


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _tidy(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop chrome lines, and a leading headline or byline repeated from the metadata."""
    paragraphs = drop_chrome_lines(paragraphs)
    title_words = _words(title)
    head = paragraphs[:3]
    kept_head = [
        p for p in head
        if not ((title_words and _words(p) == title_words) or (len(p) <= 120 and _BYLINE.match(p)))
    ]
    return kept_head + paragraphs[3:]


@lru_cache(maxsize=1)
def _trafilatura_options() -> Any:
    """One set of trafilatura options for every page: building them per call reads
    trafilatura's config settings each time (configparser was 4% of trafilatura's profiled
    time on 600 generated pages).
    No URL: with the metadata pass off, trafilatura only uses it in log messages."""
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        # trafilatura's defaults (its readability/jusText comparison, balanced focus): on
        # the development half of trafilatura_eval, fast=True lost recall and
        # precision=True left 11 pages at under half of trafilatura's words, against 2
        # (docs/quality-html.md).
        fast=False,
        precision=False,
        comments=False,
        tables=True,
        # Metadata comes from the page's JSON-LD and meta tags (html_meta) and
        # htmldate: trafilatura's metadata pass was a fifth of its time and found
        # nothing more on the evaluation pages.
        with_metadata=False,
    )


def _trafilatura(tree: lxml.html.HtmlElement) -> list[str]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(tree, options=_trafilatura_options())
    except Exception as e:  # noqa: BLE001 - one odd page must not end the run
        log.debug("trafilatura failed: %s", e)
        return []
    if doc is None or isinstance(doc, dict):
        return []
    return trafilatura_paragraphs(doc.body)


def _merge(*sources: HtmlMetadata) -> HtmlMetadata:
    merged = HtmlMetadata()
    for field_name in ("title", "author", "date", "sitename", "url"):
        for source in sources:
            value = getattr(source, field_name)
            if value:
                setattr(merged, field_name, value.strip())
                if field_name == "date":
                    merged.time = source.time  # the time stated with that date
                break
    return merged


def _stated_date(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The date htmldate finds in the markup it knows (time elements, other meta names,
    the URL) when JSON-LD and meta tags state none. Not its extensive search of the page
    text: on the 884 pages of trafilatura_eval it dated 86 more pages, 32 of them right
    (gold dates of evaldata.json), for a fifth of the ingest time beyond trafilatura."""
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate on odd pages
        return None
    return normalise_date(found)


def _domain(url: str | None) -> str | None:
    """"example-news.com" for a page without a stated site name (as trafilatura did)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # "http://[::1": not a URL
        return None
    host = host.removeprefix("www.")
    return host if "." in host else None


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    """Main text (paragraphs separated by blank lines) and metadata of one page."""
    tree = parse_html(html)
    if tree is None:
        return ExtractedPage(text="", extractor="none", url=url)
    page_meta = _merge(jsonld_metadata(tree), meta_tag_metadata(tree))
    # The canonical link, else the address the page was fetched from, else what its
    # metadata claims (JSON-LD/OpenGraph urls are often stale or relative).
    page_url = canonical_url(tree) or url or page_meta.url
    # trafilatura, readability, jusText and htmldate slow down badly on huge trees (tens of
    # seconds at 100k elements): such pages get the linear <p> dump and markup metadata only.
    small_tree = element_count(tree) <= MAX_TREE_ELEMENTS
    # trafilatura reads the whole page (it works on its own copy): pruning chrome first
    # cost it whole articles whose containers carry chrome-like classes ("has-sidebar",
    # "paywall-content"). Its paragraphs that lie only inside chrome are dropped after.
    drop_never_text(tree)
    traf_paragraphs = _trafilatura(tree) if small_tree else []
    # Where trafilatura found text, it tells which chrome-classed element holds the
    # article (split_chrome_paragraphs); else the page's share of text has to.
    chrome = find_chrome(tree, page_share=not traf_paragraphs)
    split = split_chrome_paragraphs(traf_paragraphs, tree, chrome)
    protected = {id(el) for el in split.protected}
    for el in chrome:
        if id(el) not in protected:
            el.drop_tree()
    # From here on ``tree`` is the pruned page, read by the fallbacks and the date search.
    long_chars = sum(n for p in tree.iter("p") if (n := len(p.text_content())) >= LONG_PARAGRAPH_CHARS)
    enough = max(MIN_TEXT_CHARS, MIN_SHARE_OF_LONG_PARAGRAPHS * long_chars)

    meta = page_meta
    meta.author = clean_author(meta.author)
    meta.sitename = meta.sitename or _domain(page_url)
    if not meta.date and small_tree:
        meta.date = _stated_date(tree, url)

    language = tree.get("lang") or tree.get("xml:lang")
    fallbacks: list[tuple[str, Callable[[], list[str]]]] = [
        ("readability", lambda: readability_paragraphs(copy.deepcopy(tree)) if small_tree else []),
        ("justext", lambda: justext_paragraphs(lxml.html.tostring(tree, encoding="unicode"), language) if small_tree else []),
        ("paragraphs", lambda: p_paragraphs(tree)),
    ]
    name, paragraphs = choose(
        ("trafilatura", _tidy(split.kept, meta.title)),
        fallbacks,
        enough,
        prepare=lambda found: _tidy(found, meta.title),
    )
    if name == "none" and article_chars(unfiltered := _tidy(traf_paragraphs, meta.title)) >= MIN_TEXT_CHARS:
        # Chrome filtering never turns a page trafilatura extracts into nothing (a menu
        # or a cookie notice alone is not worth keeping: that page has no article).
        name, paragraphs = "trafilatura", unfiltered
    paragraphs = trim_edge_blocks(paragraphs)
    return ExtractedPage(
        text="\n\n".join(paragraphs),
        extractor=name,
        title=meta.title,
        author=meta.author,
        date=meta.date,
        sitename=meta.sitename,
        url=page_url,
        time=meta.time if meta.date else None,
    )
