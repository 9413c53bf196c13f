"""HTML main-text extraction: an extractor cascade that records which one succeeded.

trafilatura first (main text and metadata); when it returns nothing or too little, a
readability-style pass, then jusText, then a plain dump of the page's paragraphs
(Media Cloud's cascade idea). Parsing never expands entities or touches the network.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Below this many characters an extraction is "too little" and the next extractor tries.
MIN_TEXT_CHARS = 200
# Bigger pages are cut before extraction (guards against pathological pages).
MAX_HTML_CHARS = 5_000_000

_WS = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


@dataclass(slots=True)
class ExtractedPage:
    text: str
    extractor: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def _tidy(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _trafilatura(html: str, url: str | None) -> ExtractedPage | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if doc is None:
        return None
    d = doc if isinstance(doc, dict) else doc.as_dict()
    return ExtractedPage(
        text=_tidy(d.get("text") or ""),
        extractor="trafilatura",
        title=d.get("title") or None,
        author=d.get("author") or None,
        date=d.get("date") or None,
        sitename=d.get("sitename") or None,
        url=d.get("url") or url,
    )


def _safe_tree(html: str):
    """lxml HTML tree with no entity expansion, no network, scripts and styles dropped."""
    import lxml.html

    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
    )
    tree = lxml.html.document_fromstring(html, parser=parser)
    for bad in tree.xpath("//script|//style|//noscript|//template|//iframe|//svg"):
        bad.drop_tree()
    return tree


def _block_text(tree) -> str:
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre"):
        t = el.text_content().strip()
        if t:
            blocks.append(t)
    return "\n".join(blocks)


def _readability(html: str) -> str:
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return _tidy(_block_text(_safe_tree(summary)))


def _justext(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return _tidy("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def _paragraphs(html: str) -> str:
    return _tidy(_block_text(_safe_tree(html)))


_FALLBACKS = (("readability", _readability), ("justext", _justext), ("paragraphs", _paragraphs))


def _json_ld(html: str) -> dict[str, str]:
    """headline/author/datePublished/publisher from a NewsArticle JSON-LD block."""
    out: dict[str, str] = {}
    for m in re.finditer(r'<script[^>]+application/ld\+json[^>]*>(.*?)</script>', html, re.S | re.I):
        try:
            data = json.loads(m.group(1))
        except (json.JSONDecodeError, RecursionError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            if isinstance(item.get("headline"), str):
                out.setdefault("title", item["headline"])
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str):
                out.setdefault("author", name)
            if isinstance(item.get("datePublished"), str):
                out.setdefault("date", item["datePublished"][:10])
            pub = item.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                out.setdefault("sitename", pub["name"])
    return out


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    """The page's main text and metadata; ``extractor`` names the one that produced it."""
    html = html[:MAX_HTML_CHARS]
    best: ExtractedPage | None = None
    try:
        best = _trafilatura(html, url)
    except Exception as e:  # noqa: BLE001 - a failing extractor hands over to the next
        log.debug("trafilatura failed: %s", e)
    if best is None:
        best = ExtractedPage(text="", extractor="none", url=url)
    if len(best.text) < MIN_TEXT_CHARS:
        for name, fn in _FALLBACKS:
            try:
                text = fn(html)
            except Exception as e:  # noqa: BLE001
                log.debug("%s failed: %s", name, e)
                continue
            if len(text) > len(best.text):
                best.text, best.extractor = text, name
            if len(best.text) >= MIN_TEXT_CHARS:
                break
    meta = _json_ld(html) if not (best.title and best.author and best.date) else {}
    best.title = best.title or meta.get("title")
    best.author = best.author or meta.get("author")
    best.date = best.date or meta.get("date")
    best.sitename = best.sitename or meta.get("sitename")
    return best
