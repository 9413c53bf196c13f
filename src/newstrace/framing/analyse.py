"""Framing of one article: genre, frames, technique spans and entity roles.

A pure function of the article, its parse and the entities stage's mentions, used by the
stage (``analyze``) and by the evaluations alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from newstrace.framing import labels
from newstrace.framing.linear import LinearHeads
from newstrace.framing.model import FramingModels
from newstrace.framing.records import ArticleFraming, EntityRole, TechniqueSpan
from newstrace.framing.roles import candidate_views, candidates, decide, mention_vectors
from newstrace.framing.units import (
    combine,
    context_features,
    genre_features,
    line_groups,
    sentence_features,
    sentence_units,
    unit_extras,
)
from newstrace.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


def document_text(article: Article) -> str:
    """What the article-level models read: the title, then the text."""
    return f"{article.title}\n{article.text}" if article.title else article.text


def analyse_article(
    article: Article, doc: Doc | None, mentions: Sequence[Any] | None, models: FramingModels
) -> ArticleFraming:
    out = ArticleFraming(article.id)
    text = article.text
    if not text.strip():
        return out
    doc_text = document_text(article)
    genre = models.get("genre")
    if genre is not None:
        p = genre.scores([doc_text], genre_features(doc_text, genre.settings.get("vector_weight"), bool(genre.settings.get("news_cues")))[None, :])[0]
        k = int(np.argmax(p))
        out.genre, out.genre_score = genre.labels[k], float(p[k])
    frames = models.get("frames")
    if frames is not None:
        p = frames.scores([doc_text])[0]
        out.frame_scores = {f: round(float(s), 4) for f, s in zip(frames.labels, p, strict=True)}
        out.frames = [f for f, s, t in zip(frames.labels, p, frames.thresholds, strict=True) if s >= t]
    techniques = models.get("techniques")
    if techniques is not None:
        units, probs = technique_scores(article, doc, techniques)
        out.techniques = mark_techniques(article, units, probs, techniques, models.get("techniques_context"))
    if mentions:
        out.roles = assign_roles(article, mentions, models)
    return out


def technique_scores(article: Article, doc: Doc | None, heads: LinearHeads) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The sentence units of the article and the first stage's (units, techniques) scores."""
    text = article.text
    units = sentence_units(text, doc)
    if not units:
        return [], np.zeros((0, len(heads.labels)), np.float32)
    sentences = [text[a:b] for a, b in units]
    extras = unit_extras(text, units)
    return units, heads.scores(sentences, sentence_features(sentences, extras, heads.settings.get("vector_weight")))


def mark_techniques(
    article: Article, units: list[tuple[int, int]], probs: np.ndarray, heads: LinearHeads, context: LinearHeads | None
) -> list[TechniqueSpan]:
    """A technique on each sentence scoring above its threshold (first stage from the
    words; second stage, when shipped, from the scores in context)."""
    text = article.text
    if not units:
        return []
    if context is not None:
        heads = context
        probs = context.scores([], context_features(probs, unit_extras(text, units)))
    marked = {(int(i), int(j)): float(probs[i, j]) for i, j in zip(*np.nonzero(probs >= heads.thresholds), strict=True)}
    if heads.settings.get("aggregate", "max") != "max":
        # the paragraph's sentences together: when their combined score passes the
        # threshold, its best sentence carries the technique with that score
        for rows in line_groups(text, units):
            para = combine(probs[rows], heads.settings["aggregate"])
            for j in np.flatnonzero(para >= heads.thresholds).tolist():
                if not any((i, j) in marked for i in rows):
                    marked[(max(rows, key=lambda i: probs[i, j]), j)] = float(para[j])
    spans = []
    for (i, j), score in marked.items():
        a, b = units[i]
        spans.append(TechniqueSpan(article.id, heads.labels[j], a, b, text[a:b], score))
    spans.sort(key=lambda s: (s.start, s.end, s.technique))
    return spans


def assign_roles(article: Article, mentions: Sequence[Any], models: FramingModels, given: bool = False) -> list[EntityRole]:
    """One role per entity the salience model keeps, read at the entity's first mention.
    ``given``: the mentions are known to carry a role (the SemEval-2025 setting, where the
    mentions are part of the input): no salience filter."""
    main, fine = models.get("main_role"), models.get("fine_roles")
    if main is None or fine is None:
        return []
    near = models.neighbours
    if main.labels != list(labels.roles()) or fine.labels != list(labels.fine_roles()) or (
        near is not None and (near.main_labels != main.labels or near.fine_labels != fine.labels)
    ):
        raise ValueError("the role models' labels do not match data/framing/roles.yaml: retrain them")
    cands = candidates(article.text, article.title, mentions)
    salience = models.get("salience")
    if salience is not None and cands and not given:
        keep = salience.scores([c.features for c in cands])[:, 0] >= salience.thresholds[0]
        cands = [c for c, k in zip(cands, keep, strict=True) if k]
    if not cands:
        return []
    feats = [c.features for c in cands]
    weight = main.settings.get("vector_weight")
    vectors = mention_vectors(candidate_views(article.text, article.title, cands)) if weight or near else None
    extras = vectors * weight if weight and vectors is not None else None
    p_main, p_fine = main.scores(feats, extras), fine.scores(feats, extras)
    if near is not None and vectors is not None:
        # blended with the roles of the most similar training mentions (framing/neighbours.py)
        k_main, k_fine = near.probs(vectors)
        p_main = (1 - near.weight) * p_main + near.weight * k_main
        p_fine = (1 - near.weight) * p_fine + near.weight * k_fine
    out = []
    for c, pm, pf in zip(cands, p_main, p_fine, strict=True):
        role, score, fines = decide(pm, pf, fine.thresholds)
        out.append(EntityRole(article.id, c.entity_id, c.start, c.end, c.text, role, score, fines))
    return out
