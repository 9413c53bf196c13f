"""Compatibility re-export: the stage protocols live in ``newstrace.stages`` (a bottom
module, so stages never import ``pipeline/``)."""

from newstrace.stages import ArticleContext, ArticleStage, CorpusStage, Progress

__all__ = ["ArticleContext", "ArticleStage", "CorpusStage", "Progress"]
