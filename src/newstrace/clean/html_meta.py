"""Page metadata from JSON-LD (schema.org NewsArticle) and OpenGraph/meta tags, used
where trafilatura's own metadata is missing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dateparser
import lxml.html
from lxml import etree

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportage", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "blogposting", "liveblogposting",
    "webpage", "report", "socialmediaposting",
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# JSON-LD blocks larger than this are not metadata (some sites inline whole app states).
_MAX_JSONLD_CHARS = 200_000


@dataclass(slots=True)
class HtmlMetadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    time: str | None = None  # "HH:MM" of an ISO timestamp's date, as the page states it


_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})")


def stated_time(value: str | None) -> str | None:
    """"HH:MM" of an ISO 8601 timestamp ("2024-08-22T11:30:00+05:00" -> "11:30")."""
    m = _ISO_TIME.match(value.strip()) if isinstance(value, str) else None
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{m.group(1)}:{m.group(2)}"


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD for an ISO timestamp or a written date; None when unsure."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    m = _ISO_DATE.match(value)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if len(value) > 60 or not re.search(r"\d{4}", value):
        return None  # a date without a year is not a publication date we can trust
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.strftime("%Y-%m-%d") if parsed else None


def _names(value: Any) -> list[str]:
    """Person/organisation names from a JSON-LD author/publisher value."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _jsonld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if len(raw) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {v.lower() for v in values if isinstance(v, str)}


def jsonld_metadata(tree: lxml.html.HtmlElement) -> HtmlMetadata:
    meta = HtmlMetadata()
    pages: list[dict[str, Any]] = []
    for obj in _jsonld_objects(tree):
        types = _types(obj)
        if types & _ARTICLE_TYPES - {"webpage"}:
            meta.title = meta.title or _str(obj.get("headline")) or _str(obj.get("name"))
            authors = _names(obj.get("author"))
            meta.author = meta.author or ("; ".join(authors) if authors else None)
            stated = _str(obj.get("datePublished")) or _str(obj.get("dateCreated"))
            if not meta.date and (date := normalise_date(stated)):
                meta.date, meta.time = date, stated_time(stated)
            publisher = _names(obj.get("publisher"))
            meta.sitename = meta.sitename or (publisher[0] if publisher else None)
            url = obj.get("url") or obj.get("mainEntityOfPage")
            if isinstance(url, dict):
                url = url.get("@id")
            meta.url = meta.url or _str(url)
        elif "webpage" in types:
            pages.append(obj)
        elif types & {"organization", "newsmediaorganization", "website"} and not meta.sitename:
            meta.sitename = _str(obj.get("name"))
    for page in pages:  # a bare WebPage only fills what no article object said
        meta.title = meta.title or _str(page.get("headline")) or _str(page.get("name"))
        meta.date = meta.date or normalise_date(_str(page.get("datePublished")))
    return meta


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title", "headline"),
    "author": ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"),
    "date": (
        "article:published_time", "datepublished", "pubdate", "publishdate", "dc.date",
        "dc.date.issued", "date", "sailthru.date", "parsely-pub-date", "og:published_time",
    ),
    "sitename": ("og:site_name", "application-name", "publisher"),
    "url": ("og:url",),
}


def meta_tag_metadata(tree: lxml.html.HtmlElement) -> HtmlMetadata:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    meta = HtmlMetadata()
    for field_name, keys in _META_KEYS.items():
        for key in keys:
            value = found.get(key)
            if field_name == "date":
                meta.time = stated_time(value) if normalise_date(value) else None
                value = normalise_date(value)
            elif field_name == "author" and value and value.startswith(("http://", "https://")):
                value = None  # article:author is often a profile URL, not a name
            if value:
                setattr(meta, field_name, value)
                break
    if not meta.title:
        meta.title = _page_title(tree)
    if not meta.author:
        meta.author = _visible_byline(tree)
    meta.url = meta.url or canonical_url(tree)
    return meta


def canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own address (``<link rel="canonical">``): an AMP or print copy names
    its article's address there."""
    for link in tree.iter("link"):
        href = (link.get("href") or "").strip()
        if (link.get("rel") or "").lower() == "canonical" and href.startswith(("http://", "https://")):
            return href
    return None


_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{2,40}$")


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The page's single <h1>, else its <title> without a trailing " | Site name"."""
    h1s = [h.text_content().strip() for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    if len(h1s) == 1:
        return " ".join(h1s[0].split())
    for t in tree.iter("title"):
        text = " ".join(t.text_content().split())
        if text:
            return _TITLE_SUFFIX.sub("", text) or text
    return None


# Compiled once; plain contains() on @class (a class "byline" is one of its matches).
_BYLINE_XPATH = etree.XPath(
    "//*[@itemprop='author' or @rel='author' or contains(@class, 'byline') or contains(@class, 'author')]"
    "[not(ancestor::*[@itemprop='author'])]"
)
_BYLINE_PREFIX = re.compile(r"^(?:by|written by|words by|interview by|reporting by|posted by|por|von|par)\s+", re.IGNORECASE)
_DATE_TAIL = re.compile(r"\s*[|\u00b7,\-\u2013]\s*\d.*$")


def _visible_byline(tree: lxml.html.HtmlElement) -> str | None:
    """The author named in a visible byline element (class "byline"/"author", microdata)."""
    for el in _BYLINE_XPATH(tree)[:5]:
        if el.tag in ("html", "body", "article", "main") or len(el) > 8:
            continue  # a container, not a byline
        text = " ".join(el.text_content().split())
        if not text or len(text) > 100 or "bio" in (el.get("class") or ""):
            continue
        text = _DATE_TAIL.sub("", _BYLINE_PREFIX.sub("", text))
        if text and len(text.split()) <= 12:
            return text
    return None
