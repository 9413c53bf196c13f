"""Per-document work before NLP: main text, boilerplate, story split, metadata.

A pure function of one ``RawDocument``: safe to run in a worker process. Each step names
itself (``step``) so a failure is reported as ``extract``, ``clean``, ``split`` or
``metadata`` in the ``problems`` table; the caller catches it (``pipeline/analyze.py``).
"""

from __future__ import annotations

from newstrace.clean.boilerplate import strip_boilerplate
from newstrace.clean.html_extract import extract_html
from newstrace.clean.split_stories import split_stories
from newstrace.ids import article_id
from newstrace.metadata.extract import PageMetadata, extract_metadata
from newstrace.metadata.language import detect_language
from newstrace.problems import step
from newstrace.records import Article, RawDocument


class NoArticleText(ValueError):
    """The document holds no article text; reported to the user, not stored."""


def process_document(raw: RawDocument) -> list[Article]:
    """Turn one input document into one or more clean articles (``part`` 0, 1, ...)."""
    page = PageMetadata(
        title=raw.title,
        published=raw.published,
        url=raw.url,
        outlet=raw.outlet,
    )
    extractor = "text"
    if raw.format == "html":
        with step("extract"):
            extracted = extract_html(raw.content, url=raw.url)
        text = extracted.text
        extractor = extracted.extractor
        page = page.merged_with(
            title=extracted.title,
            author=extracted.author,
            published=extracted.date,
            outlet=extracted.sitename,
            url=extracted.url,
        )
    else:
        text = raw.content

    with step("clean"):
        cleaned, removed = strip_boilerplate(text)
    if not cleaned.strip():
        what = "HTML page" if raw.format == "html" else "document"
        raise NoArticleText(f"no article text found in the {what} (only page chrome, or nothing)")
    with step("split"):
        stories = split_stories(cleaned)
    articles: list[Article] = []
    for part, story in enumerate(stories):
        with step("metadata"):
            meta = extract_metadata(story, page, first_part=(part == 0))
            language = detect_language(meta.text)
        articles.append(
            Article(
                id=article_id(raw.source, part),
                source=raw.source,
                part=part,
                text=meta.text,
                url=page.url,
                outlet=page.outlet,
                title=meta.title,
                byline=meta.byline,
                dateline=meta.dateline,
                published=meta.published,
                published_precision=meta.published_precision,
                published_partial=meta.published_partial,
                language=language,
                # Boilerplate is a property of the page: every part records it.
                boilerplate_removed=list(removed) + list(meta.removed),
                cited_sources=meta.cited_sources,
                extractor=extractor,
                content_hash=raw.content_hash,
                metadata=dict(raw.metadata),
            )
        )
    return articles
