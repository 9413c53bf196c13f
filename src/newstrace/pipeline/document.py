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
from newstrace.ingest.html_limits import tame_html
from newstrace.ingest.names import without_surrogates
from newstrace.metadata.extract import PageMetadata, extract_metadata
from newstrace.metadata.language import detect_language
from newstrace.outlets.chrome import site_name_in_title, site_names_in_chrome
from newstrace.outlets.paths import DEFAULT, SourcePatterns
from newstrace.outlets.resolve import OutletEvidence, resolve_outlet
from newstrace.problems import step
from newstrace.records import Article, RawDocument


class NoArticleText(ValueError):
    """The document holds no article text; reported to the user, not stored."""


def process_document(raw: RawDocument, source_pattern: SourcePatterns = DEFAULT) -> list[Article]:
    """Turn one input document into one or more clean articles (``part`` 0, 1, ...).
    ``source_pattern`` says what the file's path tells (``--source-pattern``; default: guess)."""
    with step("metadata"):
        hints = source_pattern.hints(raw.input_path)
    # Lone surrogates cannot be stored: readers never give them, API callers may.
    page = PageMetadata(
        title=raw.title and without_surrogates(raw.title),
        published=raw.published and without_surrogates(raw.published),
        url=raw.url and without_surrogates(raw.url),
        path_date=hints.date if hints else None,
    )
    content = without_surrogates(raw.content)
    site_name = None
    extractor = "text"
    cut = 0
    if raw.format == "html":
        with step("extract"):
            html, cut = tame_html(content)
            extracted = extract_html(html, url=page.url)
        text = extracted.text
        extractor = extracted.extractor
        site_name = extracted.sitename
        page = page.merged_with(
            title=extracted.title,
            author=extracted.author,
            published=f"{extracted.date}T{extracted.time}" if extracted.date and extracted.time else extracted.date,
            url=extracted.url,
        )
    else:
        text = content

    with step("clean"):
        cleaned, removed = strip_boilerplate(text)
    if not cleaned.strip():
        what = "HTML page" if raw.format == "html" else "document"
        raise NoArticleText(f"no article text found in the {what} (only page chrome, or nothing)")
    with step("metadata"):
        resolved = resolve_outlet(OutletEvidence(
            input_name=raw.outlet and without_surrogates(raw.outlet),
            site_name=site_name,
            url=page.url,
            path=hints,
            chrome_names=[
                *([name] if raw.format == "html" and (name := site_name_in_title(raw.content)) else []),
                *site_names_in_chrome(text, removed),
            ],
        ))
    outlet = resolved.outlet if resolved else None
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
                outlet=outlet.name if outlet else None,
                outlet_id=outlet.id if outlet else None,
                outlet_source=resolved.source if resolved else None,
                outlet_record=outlet,
                title=meta.title,
                byline=meta.byline,
                dateline=meta.dateline,
                published=meta.published,
                published_precision=meta.published_precision,
                published_partial=meta.published_partial,
                published_time=meta.published_time,
                published_source=meta.published_source,
                language=language,
                # Boilerplate is a property of the page: every part records it.
                boilerplate_removed=list(removed) + list(meta.removed),
                cited_sources=meta.cited_sources,
                extractor=extractor,
                content_hash=raw.content_hash,
                metadata={**raw.metadata, "input_limits": f"{cut} over-long HTML tags cut"} if cut else dict(raw.metadata),
            )
        )
    return articles
