"""Title, byline, dateline, publication date and cited agencies of one story.

The head of a text page is read line by line until the story body starts: header
date lines ("Dec 18, 2023, 2:20 PM"), a headline, a photo caption under it, a byline
("By Aamir Latif") and a standalone dateline ("KARACHI, Pakistan") are taken out of
the text and recorded in ``removed`` (the caption is dropped: it is never a story nor
part of the body). An inline dateline ("TEHRAN Dec 29 (TNS): ...") stays in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from newstrace.metadata.byline import parse_byline
from newstrace.metadata.cited_sources import find_cited_sources
from newstrace.metadata.dateline import inline_dateline, standalone_dateline
from newstrace.metadata.published import (
    ResolvedDate,
    header_date,
    parse_date,
    partial_from_dateline,
)
from newstrace.metadata.title import MAX_TITLE_WORDS, is_caption, is_headline, same_title
from newstrace.records import CitedSource, Dateline, Precision

# How many non-blank head lines may precede the body (headers, title, byline ...).
MAX_HEAD_LINES = 8


@dataclass(slots=True)
class PageMetadata:
    """What the page itself says about the story (HTML meta tags, JSON/CSV fields)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None

    def merged_with(self, **values: str | None) -> PageMetadata:
        """Fill fields still empty with the given values (input fields win over HTML)."""
        return replace(self, **{k: v for k, v in values.items() if v and not getattr(self, k)})


@dataclass(slots=True)
class StoryMetadata:
    text: str
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_partial: str | None = None
    cited_sources: list[CitedSource] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _next_nonblank(lines: list[str], i: int) -> str | None:
    for line in lines[i + 1 :]:
        if line.strip():
            return line
    return None


def extract_metadata(story: str, page: PageMetadata, *, first_part: bool) -> StoryMetadata:
    meta = StoryMetadata(text="")
    page_title = page.title.strip() if first_part and page.title else None
    meta.title = page_title
    header: ResolvedDate | None = None
    lines = story.split("\n")
    body_start = len(lines)
    seen_head = 0
    title_done = False  # a headline may only open the page (after header dates)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if seen_head >= MAX_HEAD_LINES:
            body_start = i
            break
        seen_head += 1
        nxt = _next_nonblank(lines, i)
        if (date := header_date(line)) is not None:
            header = header or date
            meta.removed.append(line)
            continue
        if meta.byline is None and (names := parse_byline(line)) is not None:
            meta.byline = names
            meta.removed.append(line)
            title_done = True
            continue
        if meta.dateline is None and nxt is not None and (dl := standalone_dateline(line)) is not None:
            meta.dateline = dl
            meta.removed.append(line)
            title_done = True
            continue
        if page_title is not None and same_title(line, page_title):
            meta.removed.append(line)
            title_done = True
            continue
        if (
            not title_done
            and page_title is None
            and nxt is not None
            and is_headline(line)
            and inline_dateline(line) is None
        ):
            meta.title = line
            meta.removed.append(line)
            title_done = True
            continue
        if title_done and meta.title is not None and meta.byline is None and is_caption(line, nxt):
            meta.removed.append(line)
            continue
        body_start = i
        break
    body = "\n".join(lines[body_start:]).strip()
    meta.text = body

    if meta.dateline is None and body:
        meta.dateline = _opening_dateline(body)
    if meta.byline is None and page.author:
        meta.byline = page.author.strip()

    _resolve_published(meta, page, header)
    meta.cited_sources = find_cited_sources(body, meta.dateline)
    return meta


def _opening_dateline(body: str) -> Dateline | None:
    """An inline dateline opening the body, or the paragraph after a short first one
    (a headline this module did not take as a title, e.g. one ending in a period)."""
    paragraphs = [p for p in body.split("\n\n", 2)[:2] if p.strip()]
    for i, para in enumerate(paragraphs):
        found = inline_dateline(para.split("\n", 1)[0])
        if found is not None:
            return found.dateline
        if i == 0 and len(para.split()) > MAX_TITLE_WORDS:
            break
    return None


def _resolve_published(meta: StoryMetadata, page: PageMetadata, header: ResolvedDate | None) -> None:
    """Page metadata, then a header line, then the dateline; never an invented year."""
    resolved = parse_date(page.published) if page.published else None
    resolved = resolved or header
    date_text = meta.dateline.date_text if meta.dateline else None
    if resolved is None and date_text:
        resolved = parse_date(date_text)  # only succeeds when the dateline has a year
        if resolved is None:
            meta.published_partial = partial_from_dateline(date_text)
    if resolved is not None:
        meta.published = resolved.date
        meta.published_precision = resolved.precision
