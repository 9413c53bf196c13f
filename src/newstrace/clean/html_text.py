"""Paragraph text out of the extractors' outputs, and the fallback extractors
(readability-lxml, jusText, a plain dump of <p> elements)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree

log = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th"}
)
# trafilatura's output XML: block elements and the line break element.
_TRAF_BLOCKS = frozenset({"p", "head", "quote", "list", "table", "code", "div"})


def normalise_paragraph(text: str) -> str:
    # str.split() splits on every Unicode space (no-break, thin, ideographic...) but not on
    # the zero-width space, which is dropped first.
    lines = (" ".join(line.split()) for line in text.replace("\u200b", "").split("\n"))
    return "\n".join(line for line in lines if line)


def _inline_text(el: Any) -> str:
    """Text of an element; <br>/<lb> become newlines, nested items/rows their own lines."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag in ("lb", "br"):
            parts.append("\n")
        elif child.tag in ("item", "li", "row", "tr", "p", "head", "div"):
            parts.append("\n" + _inline_text(child) + "\n")
        elif child.tag in ("cell", "td", "th"):
            parts.append(" " + _inline_text(child) + " ")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def trafilatura_paragraphs(body: Any) -> list[str]:
    """Paragraphs of trafilatura's output tree (``Document.body``)."""
    if body is None:
        return []
    if body.tag != "body" or (body.text or "").strip():
        # trafilatura's baseline fallback returns one element holding all the text,
        # with <lb/> between the pieces: each piece is a paragraph.
        return [line for line in normalise_paragraph(_inline_text(body)).split("\n") if line]
    out: list[str] = []
    for block in body:
        if not isinstance(block.tag, str):
            continue
        text = normalise_paragraph(_inline_text(block))
        if text:
            out.append(text)
    return out


def block_paragraphs(root: Any, tags: frozenset[str] = _BLOCK_TAGS) -> list[str]:
    """Text of the innermost block elements of an HTML tree, in document order."""
    out: list[str] = []
    for el in root.iter(*tags):
        if any(isinstance(d.tag, str) and d.tag in tags for d in el.iterdescendants()):
            continue  # its inner blocks are read on their own
        text = normalise_paragraph(_inline_text(el))
        if text:
            out.append(text)
    return out


def readability_paragraphs(page: str | lxml.html.HtmlElement) -> list[str]:
    """readability-lxml's main text of markup or of a tree (which it modifies)."""
    from readability import Document

    try:
        summary = Document(page, handle_failures=None).summary(html_partial=True)
    except Exception as e:  # noqa: BLE001 - readability raises its own Unparseable and lxml errors
        log.debug("readability failed: %s", e)
        return []
    if not summary.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, AssertionError):
        return []  # AssertionError: lxml's own check, e.g. on a summary of only "<script >"
    return block_paragraphs(root)


@lru_cache(maxsize=32)
def _justext_stoplist(language: str | None) -> frozenset[str]:
    """jusText's stop list for a page language ("de", "pt-BR"); for an unknown or missing
    language, the union of all its lists (as trafilatura does): an English list on a
    German page calls every paragraph boilerplate."""
    import justext
    from trafilatura.settings import JUSTEXT_LANGUAGES

    code = (language or "").split("-")[0].split("_")[0].strip().lower()
    name = JUSTEXT_LANGUAGES.get(code)
    if name:
        return frozenset(justext.get_stoplist(name))
    return frozenset(w for lang in justext.get_stoplists() for w in justext.get_stoplist(lang))


def justext_paragraphs(markup: str, language: str | None = None) -> list[str]:
    import justext

    try:
        # News paragraphs are short: jusText's defaults (70/200 characters) call most of
        # them "near-good" and then drop whole articles; these bounds suit news pages.
        paragraphs = justext.justext(
            markup, _justext_stoplist(language), length_low=50, length_high=120,
            max_link_density=0.3,
        )
    except Exception as e:  # noqa: BLE001 - jusText wraps lxml, which may raise anything
        log.debug("jusText failed: %s", e)
        return []
    return [normalise_paragraph(p.text) for p in paragraphs if not p.is_boilerplate and p.text.strip()]


def _link_density(el: Any) -> float:
    total = len(el.text_content()) or 1
    return sum(len(a.text_content()) for a in el.iter("a")) / total


def p_paragraphs(tree: Any) -> list[str]:
    """The last resort: every <p> that is not mostly a link."""
    out: list[str] = []
    for p in tree.iter("p"):
        if _link_density(p) > 0.5:
            continue
        text = normalise_paragraph(_inline_text(p))
        if text:
            out.append(text)
    return out
