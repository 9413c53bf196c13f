"""The sentence-embedding paraphrase pass (the packaged static encoder, on by default;
tests/reuse/test_semantic_off.py covers the stage with embeddings switched off)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newstrace.reuse import embed, semantic
from newstrace.reuse.align import align, prepare

from .test_evaluate import REPO, is_hard, run_eval_reuse

DATA = REPO / "benchmarks" / "data"


@pytest.fixture(autouse=True)
def _embeddings_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embed.ENV, "1")


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    lines = (DATA / "reuse" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r["text"] for r in map(json.loads, lines)}


def test_vectors_are_unit_length_and_cached_per_article(articles: dict[str, str]) -> None:
    # A byline and a one-word line: too short to be compared, so not encoded (zero rows).
    p = prepare("By Staff Writer\nUpdated.\n" + articles["ferry-wire"])
    spans = [(s.start, s.end) for s in p.sents]
    long = [k for k, s in enumerate(p.sents) if s.tok_end - s.tok_start >= semantic.MIN_WORDS]
    assert 0 < len(long) < len(spans)
    v = embed.article_vectors(p.text, spans)
    assert v.shape == (len(spans), 384)
    assert np.allclose(np.linalg.norm(v[long], axis=1), 1.0, atol=1e-4)
    assert not v[[0, 1]].any()
    before = embed.stats["sentences"]
    assert np.array_equal(embed.article_vectors(p.text, spans), v)
    assert embed.stats["sentences"] == before  # read from the cache, not encoded again
    # An article's vectors do not depend on what else is encoded in the same run.
    alone = embed.encode([p.text[spans[k][0] : spans[k][1]] for k in long])
    assert np.allclose(alone, v[long], atol=1e-3)  # the cache holds float16


def test_threshold_separates_the_calibration_pairs() -> None:
    """The static encoder ranks hand-reworded sentences above same-story different ones,
    and at SENTENCE_MIN almost no different sentence counts as reworded; the few that do
    share no phrase, which a copy needs besides the cosine (``semantic.copy_evidence``)."""
    from sklearn.metrics import roc_auc_score

    rows = [
        json.loads(x)
        for x in (DATA / "paraphrase" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    va = embed.encode([r["a"] for r in rows])
    vb = embed.encode([r["b"] for r in rows])
    cos = (va * vb).sum(axis=1)
    assert roc_auc_score([r["label"] for r in rows], cos) >= 0.85
    neg = [(c, r) for c, r in zip(cos, rows, strict=True) if r["label"] == 0]
    above = [r for c, r in neg if c >= semantic.SENTENCE_MIN]
    assert len(above) <= len(neg) // 20
    assert all(semantic.shared_phrases(r["a"], r["b"]) < semantic.MIN_PHRASES for r in above)
    pos = [c for c, r in zip(cos, rows, strict=True) if r["label"] == 1]
    assert sum(c >= semantic.SENTENCE_MIN for c in pos) / len(pos) >= 0.4


def test_hard_reprint_is_found_only_with_embeddings(articles: dict[str, str]) -> None:
    wire, hard = prepare(articles["mine-wire"]), prepare(articles["mine-hard"])
    assert align(wire, hard) == []  # the lexical pass sees nothing
    refined = semantic.refine(wire, hard, [])
    assert [p.kind for p in refined] == ["paraphrase"]
    p = refined[0]
    # A sentence-by-sentence rewording: its similarity is the mean cosine of the run.
    assert p.similarity >= semantic.MIRROR_MEAN
    # Offsets are whole sentences of both texts, and span the reworded sentences.
    assert p.a_start == 0 and p.b_start == 0
    assert wire.text[p.a_end - 1] == "." and hard.text[p.b_end - 1] == "."
    a, b = wire.text[p.a_start : p.a_end], hard.text[p.b_start : p.b_end]
    assert "voice contact" in a and "Verdant Metals" in a
    assert "air shaft" in b and "Verdant Metals" in b
    # Not the last sentences: "Labour inspectors ..." has no counterpart in the reprint.
    assert "Labour inspectors" not in a


def test_same_event_reports_get_no_embedding_passage(articles: dict[str, str]) -> None:
    """Even forced to compare (the index would not propose them), independent reports of
    the same event with the same names and figures share no passage."""
    gold = json.loads((DATA / "reuse" / "gold.json").read_text(encoding="utf-8"))
    negatives = [p for p in gold["negatives"] if "-neg" in p[0] + p[1]]
    assert len(negatives) >= 80
    prepared = {k: prepare(t) for k, t in articles.items()}
    found = [
        (x, y)
        for x, y in negatives
        if semantic.refine(prepared[x], prepared[y], align(prepared[x], prepared[y]))
    ]
    assert found == []


def test_refine_is_deterministic_and_symmetric(articles: dict[str, str]) -> None:
    a, b = prepare(articles["wildfire-relead"]), prepare(articles["wildfire-hard"])
    one = semantic.refine(a, b, align(a, b))
    assert one
    assert semantic.refine(a, b, align(a, b)) == one
    swapped = semantic.refine(b, a, align(b, a))
    assert sorted((p.b_start, p.b_end, p.a_start, p.a_end) for p in swapped) == sorted(
        (p.a_start, p.a_end, p.b_start, p.b_end) for p in one
    )


def test_stricter_matching_reads_the_loose_pass_back(articles: dict[str, str]) -> None:
    """``refine`` matches a pair at ``MIRROR_MIN`` and again at stricter cosines from the
    same ``Cosines``: the stricter matches equal a fresh matching at that cosine."""
    pairs = [("wildfire-relead", "wildfire-hard"), ("mine-wire", "mine-paraphrase"), ("rates-wire", "rates-hard")]
    for x, y in pairs:
        a, b = prepare(articles[x]), prepare(articles[y])
        cos = semantic.cosines(a, b)
        loose = semantic.matches(a, b, semantic.MIRROR_MIN, cos)
        assert cos.greedy is not None and loose
        for strict in (semantic.ANCHORED_MIN, semantic.SENTENCE_MIN, semantic.SINGLE_MIN):
            assert semantic.matches(a, b, strict, cos) == semantic.matches(a, b, strict)


def test_eval_reuse_with_embeddings_meets_the_targets() -> None:
    s = run_eval_reuse()
    assert s["precision"] >= 0.95 and s["recall"] >= 0.95, s
    assert s["source_copy_recall"]["hard"] >= 0.95
    assert s["source_copy_recall"]["paraphrase"] >= 0.9
    assert s["direction_wrong"] == 0
    # What embeddings cannot reach: pairs the index never proposes (see docs/quality-reuse.md).
    assert all(is_hard(p) for p in s["false_negatives"])


def test_switching_embeddings_off_recomputes_the_stage(
    dbs, articles: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored reuse results say whether embeddings made them: toggling the setting
    redoes the pairs instead of mixing both kinds of result."""
    from newstrace.reuse.evaluate import store_records
    from newstrace.reuse.export import iter_reuse
    from newstrace.reuse.stage import ReuseStage
    from newstrace.store import open_store

    lines = (DATA / "reuse" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    subset = tmp_path / "mine.jsonl"
    subset.write_text("\n".join(x for x in lines if '"id": "mine-' in x) + "\n", encoding="utf-8")
    with open_store(dbs.new("r")) as store:
        store_records(subset, store)
        source = {r["id"]: r["source"] for r in store.query("SELECT id, source FROM articles")}

        def hard_pairs() -> set[tuple[str, str]]:
            pairs = {
                tuple(sorted((source[r["article_a"]], source[r["article_b"]])))
                for r in iter_reuse(store)
            }
            return {p for p in pairs if "mine-hard" in p}

        ReuseStage().run(store, lambda *_: None)
        with_embeddings = hard_pairs()
        assert ("mine-hard", "mine-wire") in with_embeddings
        monkeypatch.setenv(embed.ENV, "0")
        ReuseStage().run(store, lambda *_: None)
        assert ("mine-hard", "mine-wire") not in hard_pairs()
        monkeypatch.setenv(embed.ENV, "1")
        ReuseStage().run(store, lambda *_: None)
        assert hard_pairs() == with_embeddings


def test_long_articles_encode_a_bounded_number_of_sentences(
    articles: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded time per article: only the first MAX_SENTENCES sentences are encoded, and a
    reworded passage within them is still found."""
    monkeypatch.setattr(semantic, "MAX_SENTENCES", 12)
    filler = " ".join(
        f"Filler sentence number {k} says nothing in particular here." for k in range(400)
    )
    a = prepare(articles["mine-wire"] + "\n" + filler)
    b = prepare(articles["mine-hard"] + "\n" + filler.replace("Filler", "Padding"))
    before = embed.stats["sentences"]
    refined = semantic.refine(a, b, [])
    assert embed.stats["sentences"] - before <= 2 * 12
    assert any(p.kind == "paraphrase" and p.a_start == 0 and p.b_start == 0 for p in refined)
