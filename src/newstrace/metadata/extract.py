"""Title, byline, dateline, publication date and cited agencies of one story.
(Minimal first version.)"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from newstrace.records import CitedSource, Dateline, Precision


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


def extract_metadata(story: str, page: PageMetadata, *, first_part: bool) -> StoryMetadata:
    return StoryMetadata(text=story.strip(), title=page.title if first_part else None)
