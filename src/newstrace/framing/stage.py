"""The per-article framing stage (registered in pipeline/registry.py): persuasion
techniques, genre, frames and entity roles (framing/analyse.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from newstrace.framing.analyse import analyse_article
from newstrace.framing.model import FramingModels, models_shipped, shipped_models
from newstrace.framing.records import ArticleFraming
from newstrace.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.stages import ArticleContext
    from newstrace.store.base import Store


class FramingStage:
    name = "framing"
    version = "1"
    needs_nlp = True

    def __init__(self, models: FramingModels | None = None) -> None:
        self._models = models  # evaluations pass fold models; None: the shipped ones

    @property
    def models(self) -> FramingModels:
        if self._models is None:
            self._models = shipped_models()  # loaded and hash-checked once per process
        return self._models

    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> ArticleFraming:
        if self._models is None and not models_shipped():
            # No trained models in this build yet ('newstrace train framing' writes them):
            # the stage records nothing rather than failing every article.
            return ArticleFraming(article.id)
        entities = ctx.outputs.get("entities")
        mentions = getattr(entities, "mentions", None)
        return analyse_article(article, doc, mentions, self.models)

    def save(self, store: Store, article: Article, output: Any) -> None:
        if not isinstance(output, ArticleFraming):
            return
        store.insert_rows(
            "article_framing",
            [{
                "article_id": article.id, "genre": output.genre, "genre_score": output.genre_score,
                "frames_json": json.dumps(output.frames),
                "frame_scores_json": json.dumps(output.frame_scores, sort_keys=True),
            }],
        )
        store.insert_rows(
            "techniques",
            [
                {"article_id": t.article_id, "technique": t.technique, "start_char": t.start,
                 "end_char": t.end, "text": t.text, "score": t.score}
                for t in output.techniques
            ],
        )
        store.insert_rows(
            "roles",
            [
                {"article_id": r.article_id, "entity_id": r.entity_id, "start_char": r.start,
                 "end_char": r.end, "mention": r.mention, "main_role": r.main_role,
                 "main_score": r.main_score, "fine_roles_json": json.dumps(r.fine_roles)}
                for r in output.roles
            ],
        )
