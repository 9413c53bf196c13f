"""Remove page chrome (menus, share bars, cookie banners, related stories, comments,
newsletter boxes, captions) from a parsed page, and drop chrome lines from extracted text.

The patterns are data: ``newstrace/data/html_chrome.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

import lxml.html
import yaml
from lxml import etree

# An element holding at least this share of the page's paragraph text is the article (or
# its container) even if its class says otherwise.
_KEEP_SHARE = 0.4
# ... and at least this many characters (spaces not counted) of an extraction, to be kept.
_KEEP_MIN_CHARS = 200
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
# Never text: removed whatever they hold. Other chrome tags (<form>, <nav>, <aside>...)
# keep the share rule: ASP.NET pages wrap the whole page, article included, in a <form>.
_NEVER_TEXT = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "select", "button"}
)
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class ChromePatterns:
    prune_tags: frozenset[str]
    prune_tokens: frozenset[str]
    never_article_tokens: frozenset[str]
    drop_lines: re.Pattern[str]
    author_roles: frozenset[str]


@lru_cache(maxsize=1)
def chrome_patterns() -> ChromePatterns:
    raw = yaml.safe_load(
        resources.files("newstrace").joinpath("data", "html_chrome.yaml").read_text(encoding="utf-8")
    )
    lines = "|".join(f"(?:{p})" for p in raw["drop_lines"])
    return ChromePatterns(
        prune_tags=frozenset(raw["prune_tags"]),
        prune_tokens=frozenset(t.lower() for t in raw["prune_tokens"]),
        never_article_tokens=frozenset(t.lower() for t in raw["never_article_tokens"]),
        drop_lines=re.compile(rf"^\s*(?:{lines})\s*$", re.IGNORECASE),
        author_roles=frozenset(w.lower() for w in raw["author_roles"]),
    )


@lru_cache(maxsize=4096)
def _tokens(value: str) -> frozenset[str]:
    # Pages repeat the same class strings many times: split each once.
    return frozenset(t.lower() for t in _TOKEN_SPLIT.split(_CAMEL.sub("-", value)) if t)


def _is_chrome(el: lxml.html.HtmlElement, patterns: ChromePatterns) -> bool:
    get = el.get
    if el.tag in patterns.prune_tags:
        # JSON-LD is structured metadata, read by html_meta: not chrome.
        return not (el.tag == "script" and "ld+json" in (get("type") or "").lower())
    role = get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "dialog"):
        return True
    if get("aria-hidden") == "true" or get("hidden") is not None:
        return True
    cls, eid = get("class"), get("id")
    if not (cls or eid or role):
        return False  # most elements: nothing to match
    attrs = f"{cls or ''} {eid or ''} {role or ''}"
    return not patterns.prune_tokens.isdisjoint(_tokens(attrs))


_LINK_TEXT = etree.XPath("descendant-or-self::a//text()")


def _paragraph_chars(el: lxml.html.HtmlElement) -> int:
    """Characters of text outside links: what an article has and a menu lacks."""
    links = sum(map(len, _LINK_TEXT(el)))  # one XPath call, not text_content() per link
    return len(el.text_content()) - links


def find_chrome(tree: lxml.html.HtmlElement, *, page_share: bool = True) -> list[lxml.html.HtmlElement]:
    """Chrome subtrees of the page, disjoint, in document order (nothing is removed).
    With ``page_share``, an element holding ``_KEEP_SHARE`` of the page's text outside
    links is no chrome (the article's container, when no extraction tells where it is)."""
    patterns = chrome_patterns()
    total = (_paragraph_chars(tree) or 1) if page_share else 0
    found: list[lxml.html.HtmlElement] = []
    # One walk in document order that does not descend into a subtree already marked
    # (cheaper than an XPath per chrome tag plus an ancestor check per element).
    stack = [tree]
    while stack:
        el = stack.pop()
        if (
            isinstance(el.tag, str)
            and el.tag not in _PROTECTED_TAGS
            and _is_chrome(el, patterns)
            and (not total or el.tag in _NEVER_TEXT or _paragraph_chars(el) < _KEEP_SHARE * total)
        ):
            found.append(el)
            continue
        stack.extend(reversed(el))
    return found


def drop_never_text(tree: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles, <noscript> notices and the like (JSON-LD stays: metadata).
    Done before any extractor runs: trafilatura keeps <noscript> notices as text."""
    doomed = [
        el for el in tree.iter(*_NEVER_TEXT)
        # An element with child elements is a parsing accident ("<noscript><div>" never
        # closed takes the rest of the page inside): left to the extractors.
        if len(el) == 0 and not (el.tag == "script" and "ld+json" in (el.get("type") or "").lower())
    ]
    for el in doomed:
        el.drop_tree()


def prune_chrome(tree: lxml.html.HtmlElement) -> int:
    """Remove chrome elements in place; returns how many subtrees were removed."""
    doomed = find_chrome(tree)
    for el in doomed:
        el.drop_tree()
    return len(doomed)


_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    # Extractors and text_content() space text differently (<br>, inline tags): compare
    # text with all whitespace removed.
    return _SPACE.sub("", text)


@dataclass(slots=True)
class ChromeSplit:
    """Which paragraphs of an extraction lie in page chrome."""

    kept: list[str]
    # Paragraphs found only inside chrome elements that were not protected.
    dropped: list[str]
    # Chrome elements that hold a large share of the extraction: the article's own
    # container (class="post has-sidebar", id="paywall-content"), not chrome.
    protected: list[lxml.html.HtmlElement]


def _kind(el: lxml.html.HtmlElement) -> tuple[str, str]:
    return (str(el.tag), el.get("class") or "")


def split_chrome_paragraphs(
    paragraphs: list[str], tree: lxml.html.HtmlElement, chrome: list[lxml.html.HtmlElement]
) -> ChromeSplit:
    """Drop the paragraphs of an extraction made from the unpruned ``tree`` that occur only
    inside ``chrome``, unless a chrome element holds at least ``_KEEP_SHARE`` of the
    extraction's text (then that element is the article, whatever its class says)."""
    texts = [_squash(el.text_content()) if el.tag not in _NEVER_TEXT else "" for el in chrome]
    if not paragraphs or not any(texts):
        return ChromeSplit(list(paragraphs), [], [])
    joined = "\x00".join(texts)
    ends = list(accumulate(len(t) + 1 for t in texts))
    page = ""  # the page's text, computed only when a paragraph is found in chrome
    owner: list[int | None] = []
    share: dict[int, int] = {}
    total = 0
    for paragraph in paragraphs:
        squashed = _squash(paragraph)
        total += len(squashed)
        pos = joined.find(squashed) if squashed else -1
        if pos >= 0:
            page = page or _squash(tree.text_content())
            if page.count(squashed) > joined.count(squashed):
                pos = -1  # also outside chrome: the article repeats it
        if pos < 0:
            owner.append(None)
            continue
        index = bisect_right(ends, pos)
        owner.append(index)
        share[index] = share.get(index, 0) + len(squashed)
    # Elements are protected by their own share or by the share of all chrome elements
    # of the same kind: a slideshow article is fifty <figcaption class="slide-caption">.
    kinds: dict[tuple[str, str], int] = {}
    for i, n in share.items():
        kinds[_kind(chrome[i])] = kinds.get(_kind(chrome[i]), 0) + n
    # A few words are no article: a nav menu that is all trafilatura found stays chrome;
    # nor is a cookie notice or a newsletter box, however long.
    never = chrome_patterns().never_article_tokens
    protected = {
        i for i, n in share.items()
        if (held := max(n, kinds[_kind(chrome[i])])) >= _KEEP_SHARE * total and held >= _KEEP_MIN_CHARS
        and never.isdisjoint(_tokens(f"{chrome[i].get('class') or ''} {chrome[i].get('id') or ''}"))
    }
    kept = [p for p, o in zip(paragraphs, owner, strict=True) if o is None or o in protected]
    dropped = [p for p, o in zip(paragraphs, owner, strict=True) if o is not None and o not in protected]
    return ChromeSplit(kept, dropped, [chrome[i] for i in sorted(protected)])


def drop_chrome_lines(paragraphs: list[str]) -> list[str]:
    """Paragraphs left after removing whole-line chrome ("Advertisement", "Share", ...)."""
    pattern = chrome_patterns().drop_lines
    return [p for p in paragraphs if not pattern.match(p)]


# "A; B", "A, B", "A | B", "A and B", "A & B": several authors.
_AUTHOR_PARTS = re.compile(r"\s*[;,|&]\s*|\s+and\s+")


def clean_author(author: str | None) -> str | None:
    """Author names without job titles: "Claire Dumont; Transport correspondent" ->
    "Claire Dumont"; several names are joined with "; "."""
    if not author:
        return None
    roles = chrome_patterns().author_roles
    names = []
    for part in _AUTHOR_PARTS.split(author):
        part = re.sub(r"^(?:by|written by|interview by|words by)\s+", "", part.strip(), flags=re.IGNORECASE)
        words = re.findall(r"\w+", part.lower())
        if words and roles.isdisjoint(words) and part not in names:
            names.append(part)
    return "; ".join(names) or None
