"""Role training rows on a real SemEval-2025 document: read at the entity's first mention
(what the end-to-end run time scores) or at the gold mention's own span (what the given-mention
setting scores), and the errors of training the roles alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.entities.api import ArticleMention
from newstrace.framing import labels
from newstrace.framing.corpus import read_semeval25
from newstrace.framing.dataset import Corpus, prepare_corpus, role_rows
from newstrace.framing.training import train


def _one_document(corpora_dir: Path) -> tuple[Corpus, dict[tuple[int, int], list[ArticleMention]], tuple[int, int]]:
    """A document with a gold mention that is not the first mention of its name, and the
    entities an entities stage would find: that name twice, first earlier in the text."""
    docs = read_semeval25(corpora_dir / "semeval2025t10_en")
    corpus = prepare_corpus(docs, parse=False)
    for i, p in enumerate(corpus.items):
        for g in p.gold.mentions:
            where = p.to_article(g.start, g.end)
            if where is None or g.main_role not in labels.roles():
                continue
            k, a, b = where
            text = p.parts[k][0].text
            first = text.find(text[a:b])
            if 0 <= first < a - len(text[a:b]):
                ms = [ArticleMention(first, first + (b - a), text[a:b], "PERSON", "e1"),
                      ArticleMention(a, b, text[a:b], "PERSON", "e1")]
                return corpus, {(i, k): ms}, (i, a)
    pytest.skip("no gold mention after an earlier mention of its name")


def test_rows_read_the_candidate_or_the_gold_span(corpora_dir: Path) -> None:
    corpus, mentions, (i, _) = _one_document(corpora_dir)
    p = corpus.items[i]
    n_gold = sum(1 for g in p.gold.mentions if p.to_article(g.start, g.end) is not None and g.main_role in labels.roles())
    cand, sal = role_rows(corpus, [i], mentions, "candidate")
    gold, _ = role_rows(corpus, [i], mentions, "gold")
    both, _ = role_rows(corpus, [i], mentions, "both")
    assert len(cand.texts) == len(gold.texts) == n_gold
    assert len(both.texts) > n_gold  # the mention off the first one gets a second row
    assert cand.vectors.shape[0] == n_gold and both.vectors.shape[0] == len(both.texts)
    # the entity's row counts its two mentions at the candidate; the gold span is a mention alone
    assert any("f:2-3" in t for t in cand.texts) and not any("f:2-3" in t for t in gold.texts)
    assert set(cand.main.tolist()) == set(gold.main.tolist())
    assert sal.y.sum() == 1  # the one entity the stage found carries a gold role
    with pytest.raises(ValueError, match="candidate"):
        role_rows(corpus, [i], mentions, "first")


def test_training_the_roles_alone_needs_models_to_keep(corpora_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="without --only"):
        train(corpora_dir, tmp_path / "empty", cache_dir=tmp_path / "cache", only="roles")
    with pytest.raises(ValueError, match="roles"):
        train(corpora_dir, tmp_path / "empty", cache_dir=tmp_path / "cache", only="frames")
