"""Parse hostile HTML into an lxml tree safely and within bounded cost.

Article HTML comes from the open web: it may declare entities (billion laughs), nest
elements tens of thousands deep, be truncated or be huge. libxml2's HTML parser never
expands DTD entities nor touches the network with ``no_network``; we also strip XML
declarations/DOCTYPE internal subsets (so their text does not leak into the article)
and cap the input size so one page cannot stall a run.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Beyond this many characters the rest of a page is dropped: articles sit well inside it.
MAX_HTML_CHARS = 5_000_000
# Trees with more elements than this skip the quadratic-ish fallback extractors.
MAX_TREE_ELEMENTS = 50_000

_PROLOG = re.compile(
    r"\A\s*(?:<\?xml[^>]{0,500}>\s*)?(?:<!DOCTYPE\s[^\[>]{0,500}(?:\[.*?\]\s*)?>)?",
    re.IGNORECASE | re.DOTALL,
)
# Control characters other than tab/newline/carriage return make lxml refuse the input.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Every element an lxml.html.HtmlElement (text_content, drop_tree), chosen in C: lxml.html's
# own parser picks form/input/label classes by a Python call per element proxy, which the
# extractors create by the hundred thousand (3% of extraction time on real pages).
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _parser() -> etree.HTMLParser:
    # A fresh parser per call: lxml parsers are not safe to share across threads.
    parser = etree.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        huge_tree=False,  # keeps libxml2's depth and text-node limits
        default_doctype=False,
    )
    parser.set_element_class_lookup(_LOOKUP)
    return parser


def sanitize_markup(html: str) -> str:
    """The markup lxml will see: bounded size, no prolog/DTD, no control characters."""
    html = html[:MAX_HTML_CHARS]
    # The prolog regex is anchored and bounded; a DTD subset without "]" ends at the
    # first ">" so a truncated declaration cannot make it scan the whole page twice.
    html = _PROLOG.sub("", html, count=1)
    return _CONTROL.sub(" ", html)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree, or None when nothing parseable is left."""
    markup = sanitize_markup(html)
    if not markup.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(markup, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return tree if tree is not None else None


def element_count(tree: lxml.html.HtmlElement) -> int:
    """Number of elements in the tree (counted by libxml2, without a Python object per
    element: a tenth of the time of iterating)."""
    return int(tree.xpath("count(//*)"))
