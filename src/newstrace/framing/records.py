"""What the framing stage produces for one article (export shapes: INTERFACE.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class TechniqueSpan:
    """A persuasion technique at ``text[start:end]`` of the article's cleaned text."""

    article_id: str
    technique: str  # SemEval-2023 task 3 name
    start: int
    end: int
    text: str
    score: float  # the model's probability, 0..1

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "technique": self.technique, "start": self.start,
            "end": self.end, "text": self.text, "score": round(self.score, 4),
        }


@dataclass(slots=True)
class EntityRole:
    """The role an entity mention is cast in (SemEval-2025 task 10 names)."""

    article_id: str
    entity_id: str
    start: int
    end: int
    mention: str
    main_role: str  # Protagonist | Antagonist | Innocent
    main_score: float
    fine_roles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "entity_id": self.entity_id, "mention": self.mention,
            "start": self.start, "end": self.end, "main_role": self.main_role,
            "main_score": round(self.main_score, 4), "fine_roles": list(self.fine_roles),
        }


@dataclass(slots=True)
class ArticleFraming:
    """The framing stage's output for one article."""

    article_id: str
    genre: str | None = None
    genre_score: float | None = None
    frames: list[str] = field(default_factory=list)
    frame_scores: dict[str, float] = field(default_factory=dict)
    techniques: list[TechniqueSpan] = field(default_factory=list)
    roles: list[EntityRole] = field(default_factory=list)
