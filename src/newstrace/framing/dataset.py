"""Training and evaluation rows built from the prepared corpora (shared by ``newstrace
train framing`` and ``newstrace eval semeval23/semeval25``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newstrace.framing import labels
from newstrace.framing.align import paragraph_at
from newstrace.framing.analyse import document_text
from newstrace.framing.corpus import Article23, Document25, GoldSpan, fold_of
from newstrace.framing.prepare import Prepared, prepare
from newstrace.framing.roles import (
    candidate_views,
    candidates,
    mention_document,
    mention_vectors,
    mention_views,
)
from newstrace.framing.units import combine, sentence_features, sentence_units, unit_extras

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Corpus:
    """Prepared items with one spaCy parse per article part (``docs[i][k]``)."""

    items: list[Prepared[Any]]
    docs: list[list[Doc | None]] = field(default_factory=list)

    def folds(self) -> np.ndarray:
        return np.array([fold_of(p.gold.id) for p in self.items])


def prepare_corpus(
    golds: Sequence[Article23 | Document25], parse: bool = True, cache_dir: Path | None = None, label: str = "framing"
) -> Corpus:
    """Ingest and parse the gold documents. ``cache_dir``: keep the spaCy parses there
    between runs (nlp/cache.py: keyed by the texts and the model version); None parses."""
    # SemEval-2025 files open with their title line (prepare: aligned with it); SemEval-2023 ones
    # too, but their technique spans and paragraphs were measured with the text-only alignment
    items = [prepare(g, g.path, g.text, title_first=isinstance(g, Document25)) for g in golds]
    corpus = Corpus(items, [[None] * len(p.parts) for p in items])
    if parse:
        from newstrace.nlp.cache import parse_cached

        flat = [(i, k, a.text) for i, p in enumerate(items) for k, (a, _) in enumerate(p.parts)]
        for (i, k, _), doc in zip(flat, parse_cached([t for _, _, t in flat], cache_dir, label), strict=True):
            corpus.docs[i][k] = doc
    return corpus


def main_part(p: Prepared[Any]) -> int:
    """The part holding most of the document (article-level labels go with it)."""
    return max(range(len(p.parts)), key=lambda k: len(p.parts[k][0].text)) if p.parts else -1


# -- techniques (subtask 3) -----------------------------------------------------------------
@dataclass
class Units:
    texts: list[str]
    extras: np.ndarray
    y: np.ndarray  # (units, techniques)
    item: np.ndarray  # item index of each unit
    group: np.ndarray  # article (item, part) of each unit, numbered in order
    paragraphs: list[list[int]]  # file paragraph numbers each unit overlaps

    def paragraph_scores(self, scores: np.ndarray, how: str = "max") -> tuple[list[tuple[int, int]], np.ndarray]:
        """(item, file paragraph) keys and their technique scores from the units' ``scores``:
        the max over the paragraph's units, or their noisy-or (``units.combine``)."""
        rows: dict[tuple[int, int], list[int]] = {}
        for u, nos in enumerate(self.paragraphs):
            for no in nos:
                rows.setdefault((int(self.item[u]), no), []).append(u)
        keys = list(rows)
        out = np.zeros((len(keys), scores.shape[1]), np.float32)
        for r, key in enumerate(keys):
            out[r] = combine(scores[rows[key]], how)
        return keys, out

    def first_stage_extras(self, settings: dict[str, Any]) -> np.ndarray:
        """The dense features of the first (words) stage: the units' extras, then their
        encoder vectors when the settings weigh them."""
        return sentence_features(self.texts, self.extras, settings.get("vector_weight"))


def gold_technique_spans(p: Prepared[Article23], use_ptc: bool) -> list[tuple[int, str, int, int]]:
    """(part, technique, start, end) in article text; PTC spans only where the SemEval-2023
    annotation has no span with the same offsets."""
    spans: list[GoldSpan] = list(p.gold.spans)
    if use_ptc:
        seen = {(s.start, s.end) for s in spans}
        spans += [s for s in p.gold.ptc_spans if (s.start, s.end) not in seen]
    out = []
    for s in spans:
        where = p.to_article(s.start, s.end)
        if where is not None:
            out.append((where[0], s.technique, where[1], where[2]))
    return out


def technique_units(corpus: Corpus, indices: Sequence[int], use_ptc: bool = False) -> Units:
    names = list(labels.techniques())
    texts: list[str] = []
    extras: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    item: list[int] = []
    group: list[int] = []
    paragraphs: list[list[int]] = []
    for i in indices:
        p = corpus.items[i]
        gold = gold_technique_spans(p, use_ptc)
        bounds = sorted((s, e, no) for no, (s, e) in p.gold.paragraphs.items())
        for k, (article, _) in enumerate(p.parts):
            units = sentence_units(article.text, corpus.docs[i][k])
            if not units:
                continue
            extras.append(unit_extras(article.text, units))
            for a, b in units:
                texts.append(article.text[a:b])
                row = np.zeros(len(names), np.int8)
                for part, t, s, e in gold:
                    if part == k and s < b and a < e:
                        row[names.index(t)] = 1
                ys.append(row)
                item.append(i)
                group.append(len(extras))
                paragraphs.append(paragraph_at(bounds, *p.to_file(k, a, b)))
    return Units(
        texts,
        np.vstack(extras) if extras else np.zeros((0, 0), np.float32),
        np.array(ys, np.int8).reshape(len(ys), len(names)),
        np.array(item),
        np.array(group),
        paragraphs,
    )


def gold_pairs(p: Prepared[Article23]) -> set[tuple[int, str]]:
    return {(no, t) for no, ts in (p.gold.paragraph_labels or {}).items() for t in ts}


def predicted_pairs(p: Prepared[Article23], spans: Sequence[tuple[int, str, int, int]]) -> set[tuple[int, str]]:
    """Paragraph/technique pairs of predicted spans ``(part, technique, start, end)``."""
    bounds = sorted((s, e, no) for no, (s, e) in p.gold.paragraphs.items())
    out = set()
    for k, t, a, b in spans:
        for no in paragraph_at(bounds, *p.to_file(k, a, b)):
            out.add((no, t))
    return out


# -- article level (subtasks 1 and 2) ------------------------------------------------------
def document_rows(corpus: Corpus, indices: Sequence[int]) -> tuple[list[str], list[int]]:
    """Texts the article-level models read, and the item each belongs to."""
    texts, item = [], []
    for i in indices:
        k = main_part(corpus.items[i])
        if k >= 0:
            texts.append(document_text(corpus.items[i].parts[k][0]))
            item.append(i)
    return texts, item


# -- roles (SemEval-2025 subtask 1) -----------------------------------------------------------
@dataclass
class RoleRows:
    texts: list[str]
    main: np.ndarray  # main role index
    fine: np.ndarray  # (rows, fine roles)
    item: np.ndarray
    vectors: np.ndarray  # (rows, ...) encoder vectors of the mention's views (roles.mention_vectors)


@dataclass
class SalienceRows:
    texts: list[str]
    y: np.ndarray  # 1: a gold role mention overlaps one of the entity's mentions
    item: np.ndarray


def entity_mentions(corpus: Corpus, indices: Sequence[int]) -> dict[tuple[int, int], list[Any]]:
    """The entities stage's mentions of each article part."""
    from newstrace.entities.stage import EntitiesStage
    from newstrace.pipeline.stages import ArticleContext

    stage = EntitiesStage()
    out = {}
    for i in indices:
        for k, (article, _) in enumerate(corpus.items[i].parts):
            out[(i, k)] = stage.run(article, corpus.docs[i][k], ArticleContext(article)).mentions
    return out


def _given_features(article: Any, start: int, end: int) -> str:
    """The features of a mention given as role-bearing (as evaluate.given_mentions feeds it
    to the stage: its own entity, one mention)."""
    from newstrace.entities.api import ArticleMention

    return candidates(article.text, article.title, [ArticleMention(start, end, article.text[start:end], "GIVEN", "given")])[0].features


def role_rows(
    corpus: Corpus, indices: Sequence[int], mentions: dict[tuple[int, int], list[Any]], views: str = "candidate"
) -> tuple[RoleRows, SalienceRows]:
    """Role rows: each gold mention, seen as the run time sees it (the candidate of the
    entity whose mention it overlaps; its own span when the entities stage missed it).
    ``views``: "candidate" (that), "gold" (the gold mention's own span, as in the SemEval-2025
    setting where the mentions are given) or "both" (a second row at the gold span when it is
    not the candidate's). Salience rows: every candidate entity, positive when a gold mention
    falls on it."""
    if views not in ("candidate", "gold", "both"):
        raise ValueError(f"unknown role row views {views!r}: use 'candidate', 'gold' or 'both'")
    how = views
    mains, fines = list(labels.roles()), list(labels.fine_roles())
    roles = RoleRows([], np.zeros(0), np.zeros((0, len(fines))), np.zeros(0), np.zeros((0, 0)))
    main, fine, item, row_views = [], [], [], []
    sal_texts, sal_y, sal_item = [], [], []
    for i in indices:
        p = corpus.items[i]
        for k, (article, _) in enumerate(p.parts):
            ms = mentions.get((i, k), [])
            cands = {c.entity_id: c for c in candidates(article.text, article.title, ms)}
            positive: set[str] = set()
            for g in p.gold.mentions:
                where = p.to_article(g.start, g.end)
                if where is None or where[0] != k or g.main_role not in mains:
                    continue
                _, a, b = where
                hit = next((m for m in ms if m.entity_id in cands and m.start < b and a < m.end), None)
                rows: list[tuple[str, tuple[str, ...]]] = []
                if hit is not None:
                    positive.add(hit.entity_id)
                    c = cands[hit.entity_id]
                    if how != "gold":
                        rows.append((c.features, candidate_views(article.text, article.title, [c])[0]))
                    if how == "gold" or (how == "both" and (c.start, c.end) != (a, b)):
                        rows.append((_given_features(article, a, b), mention_views(article.text, a, b, article.title)))
                else:
                    rows.append((mention_document(article.text, a, b, article.title), mention_views(article.text, a, b, article.title)))
                for text, v in rows:
                    roles.texts.append(text)
                    row_views.append(v)
                    main.append(mains.index(g.main_role))
                    fine.append([f in g.fine_roles for f in fines])
                    item.append(i)
            for c in cands.values():
                sal_texts.append(c.features)
                sal_y.append(int(c.entity_id in positive))
                sal_item.append(i)
    roles.main = np.array(main)
    roles.fine = np.array(fine, np.int8).reshape(len(fine), len(fines))
    roles.item = np.array(item)
    roles.vectors = mention_vectors(row_views)
    return roles, SalienceRows(sal_texts, np.array(sal_y, np.int8), np.array(sal_item))


def corpus_digest(files: Sequence[Path], root: Path) -> str:
    """sha256 over the relative names and contents of the corpus files a model read."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()
