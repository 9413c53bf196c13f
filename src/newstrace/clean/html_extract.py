"""HTML main-text extraction. (Minimal first version: trafilatura only.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ExtractedPage:
    text: str
    extractor: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    import trafilatura

    text = trafilatura.extract(html, url=url) or ""
    return ExtractedPage(text=text, extractor="trafilatura")
