"""Title, byline, dateline, publication date and cited agencies of one story.

The page header (the lines before the first paragraph of prose) is read line by line:
timestamp lines, the headline, the byline and a standalone dateline are taken out of
the text (timestamps are recorded in ``removed``); an inline dateline opening the first
paragraph stays in the text. Page metadata (HTML/JSON/CSV fields) wins over what the
text says for the title and the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newstrace.metadata.byline import parse_byline
from newstrace.metadata.cited_sources import find_cited_sources
from newstrace.metadata.dateline import (
    FoundDateline,
    find_inline_dateline,
    parse_standalone_dateline,
)
from newstrace.metadata.dates import iso_date
from newstrace.metadata.published import (
    PublishedDate,
    parse_dateline_date,
    parse_header_date,
    parse_page_date,
    split_leading_stamp,
)
from newstrace.metadata.title import clean_title, is_headline
from newstrace.metadata.url_dates import url_date
from newstrace.records import CitedSource, Dateline, Precision

# How many non-blank lines at the top of a story may be header items.
HEADER_LINES = 8


@dataclass(slots=True)
class PageMetadata:
    """What the page itself says about the story (HTML meta tags, JSON/CSV fields)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    # The date in the file's name or folders (--source-pattern), if any.
    path_date: PublishedDate | None = None

    def merged_with(self, **values: str | None) -> PageMetadata:  # text fields only
        """Fill fields still empty with the given values (input fields win over HTML)."""
        return replace(self, **{k: v for k, v in values.items() if v and not getattr(self, k)})  # type: ignore[arg-type]


@dataclass(slots=True)
class StoryMetadata:
    text: str
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_partial: str | None = None
    published_time: str | None = None
    published_source: str | None = None  # "page", "header", "url", "path", "dateline"
    cited_sources: list[CitedSource] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _same_title(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    # One holds the other ("Title | Site" against "Title"), but a line far longer than the
    # title is a paragraph that opens with the headline, not the headline line.
    short, long_ = sorted((na, nb), key=len)
    return len(short) > 20 and short in long_ and len(long_) <= 2 * len(short) + 40


@dataclass(slots=True)
class _Header:
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    dateline_text: str | None = None
    header_date: PublishedDate | None = None
    removed: list[str] = field(default_factory=list)
    body_start: int = 0  # index of the first line of the story body


def _read_header(lines: list[str], page: PageMetadata, *, first_part: bool) -> _Header:
    h = _Header()
    # "date 2023-03-19 North Korea fires ...": a stamp opening the first line, the
    # headline after it on the same line.
    first = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if first is not None and (stamp := split_leading_stamp(lines[first])) is not None:
        h.header_date, stamp_text, rest = stamp
        h.removed.append(stamp_text)
        lines[first] = rest
    seen_content = False  # a headline must come before any byline/dateline
    i = 0
    nonblank = 0
    while i < len(lines) and nonblank < HEADER_LINES:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        nonblank += 1
        if h.header_date is None and (date := parse_header_date(line)) is not None:
            # A timestamp above the headline does not stop the headline being first.
            h.header_date = date
            h.removed.append(line)
            i += 1
            continue
        if h.byline is None and (names := parse_byline(line)) is not None:
            h.byline = names
        elif h.dateline is None and (dl := parse_standalone_dateline(line)) is not None:
            h.dateline, h.dateline_text = dl, line
        elif seen_content:
            break
        elif first_part and page.title and _same_title(clean_title(line), page.title):
            h.title = page.title
        elif (
            not page.title
            and is_headline(line)
            and _followed_by_body(lines, i)
            and find_inline_dateline(line) is None  # "TRENTON, N.J. (AP) — Was that ...?"
        ):
            h.title = clean_title(line)
        else:
            break
        seen_content = True
        i += 1
    h.body_start = i
    return h


def _followed_by_body(lines: list[str], i: int) -> bool:
    """A headline needs a story under it: the line is not the whole text."""
    return any(ln.strip() for ln in lines[i + 1 :])


def extract_metadata(story: str, page: PageMetadata, *, first_part: bool) -> StoryMetadata:
    lines = story.strip().split("\n")
    h = _read_header(lines, page, first_part=first_part)
    body = "\n".join(lines[h.body_start :]).strip()
    title = h.title
    if first_part and page.title:
        title = page.title
    byline = h.byline or (page.author if first_part else None)

    dateline, dateline_text = h.dateline, h.dateline_text
    if dateline is None:
        inline = _opening_dateline(body)
        if inline is not None:
            dateline, dateline_text = inline.dateline, inline.text

    published, partial, published_source = _resolve_published(page, h.header_date, dateline)
    return StoryMetadata(
        text=body,
        title=title,
        byline=byline,
        dateline=dateline,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        published_partial=partial,
        published_time=published.time if published else None,
        published_source=published_source,
        cited_sources=find_cited_sources(body, dateline, dateline_text),
        removed=h.removed,
    )


def _opening_dateline(body: str) -> FoundDateline | None:
    """The inline dateline of the first paragraph, or of the second when the first is a
    photo caption (a short line that is no sentence)."""
    paragraphs = [p for p in body.split("\n") if p.strip()][:2]
    if not paragraphs:
        return None
    found = find_inline_dateline(paragraphs[0])
    if found is None and len(paragraphs) > 1:
        first = paragraphs[0].rstrip()
        if len(first) < 200 and not first.endswith((".", "!", "?", "”", '"', "’")):
            found = find_inline_dateline(paragraphs[1])
    return found


def _resolve_published(
    page: PageMetadata, header_date: PublishedDate | None, dateline: Dateline | None
) -> tuple[PublishedDate | None, str | None, str | None]:
    """(date, partial date, where it was read). Page metadata, then a header timestamp,
    then the page address, then the file's name, then a dated dateline. A dateline date
    without a year and no other evidence stays partial ("--12-29"); with a month-precision
    date of the same month it gives the day ("date 2023-11" + "GAZA, Nov 24")."""
    partial = None
    if dateline is not None and dateline.date_text:
        full, partial = parse_dateline_date(dateline.date_text)
        if full is not None:
            partial = None
    else:
        full = None
    candidates = [
        (parse_page_date(page.published), "page"),
        (header_date, "header"),
        (url_date(page.url), "url"),
        (page.path_date, "path"),
        (full, "dateline"),
    ]
    for date, source in candidates:
        if date is None:
            continue
        if date.precision == "month" and partial and len(partial) == 7 and partial[2:4] == date.value[5:7]:
            iso = iso_date(int(date.value[:4]), int(partial[2:4]), int(partial[5:7]))
            if iso:
                return PublishedDate(iso, "day"), None, f"{source}+dateline"
        if date.time is None and header_date is not None and header_date.value == date.value:
            date = header_date  # the header states the same day with its time
        return date, None, source
    return None, partial, None
