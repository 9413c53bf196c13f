"""The claim scorer: its tree evaluator, the content variants it chooses from, the
out-of-fold bookkeeping of its training, and its effect on real PolNeAR dev articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.claims.folds import fold_of
from newstrace.claims.scorer import ClaimScorer, default_scorer
from newstrace.claims.scorer_training import ArticleCandidates


def test_exported_trees_give_scikit_learns_probabilities(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from sklearn.ensemble import HistGradientBoostingClassifier

    from newstrace.claims.scorer_training import export

    rng = np.random.default_rng(0)
    names = ["a", "b", "c", "p*"]
    x = np.zeros((400, 4), dtype=np.float32)
    x[:, :3] = rng.integers(0, 2, size=(400, 3))
    x[:, 3] = rng.random(400)
    y = ((x[:, 0] == 1) & (x[:, 3] > 0.4)) | ((x[:, 1] == 1) & (x[:, 2] == 0))
    model = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(x, y)
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(export(model, {n: i for i, n in enumerate(names)}, 0.5)), encoding="utf-8")
    scorer = ClaimScorer(path)
    expected = model.predict_proba(x)[:, 1]
    for row, want in zip(x[:100], expected[:100], strict=True):
        feats = [n for n, v in zip(names, row, strict=True) if v == 1.0 and n != "p*"] + ["p*"]
        got = scorer.probability(feats, {"p*": float(row[3])})
        assert got == pytest.approx(float(want), abs=1e-5)


def test_shipped_scorer_loads_with_a_sane_threshold() -> None:
    scorer = default_scorer()
    assert scorer is not None, "src/newstrace/models/claims/scorer.json is missing"
    assert 0.05 < scorer.threshold < 0.95
    assert len(scorer.trees) > 10 and len(scorer.index) > 100
    assert 0.0 < scorer.probability([]) < 1.0


def test_folds_are_reproducible_and_balanced() -> None:
    names = [f"article-{i:03d}" for i in range(41)]
    fold = fold_of(names, 4)
    assert fold == fold_of(list(reversed(names)), 4)[::-1]
    sizes = [fold.count(k) for k in range(4)]
    assert max(sizes) - min(sizes) <= 1


def test_choice_keeps_the_likeliest_variant_and_matches_one_to_one() -> None:
    item = ArticleCandidates(fold=0, gold=2)
    # Claim 0 has two variants (rows 0, 1), claim 1 one (row 2); both claims' best rows
    # match gold relation 0 and row 1 matches it best: only one of them can count.
    item.rows = [(0, ["v=asis"], {}), (0, ["v=to_sent_end"], {}), (1, ["v=asis"], {})]
    item.pairs = [(0.9, 1, 0), (0.6, 2, 0), (0.55, 0, 1)]
    chosen = item.choose([0.4, 0.7, 0.6], threshold=0.5)
    assert chosen == {1, 2}
    assert item.matched(chosen) == 1
    assert item.choose([0.4, 0.45, 0.3], threshold=0.5) == set()
    assert item.label(0) and item.label(1) and item.label(2)


TEXT = (
    "The governor said on Tuesday that the bridge would reopen in March, after repairs "
    "that cost the state $40 million.\n\n"
    "Critics were unconvinced. “We have heard this before,” said Maria Lopez, who leads a "
    "commuters' group.\n\nThe bridge carries 60,000 cars a day."
)


@pytest.fixture(scope="module")
def text_doc() -> Any:
    from newstrace.nlp import parse_texts

    return next(iter(parse_texts([TEXT])))


@pytest.fixture(scope="module")
def candidates(text_doc: Any) -> tuple[Any, Any]:
    from newstrace.claims.model import default_tagger
    from newstrace.claims.stage import candidate_claims

    found = candidate_claims(TEXT, text_doc, default_tagger())
    assert found is not None
    return found


def test_variants_stay_in_the_paragraph_of_their_claim(candidates: tuple[Any, Any]) -> None:
    from newstrace.claims.scorer import content_variants

    raw, ctx = candidates
    assert raw, "no candidate claims in a plain reported-speech text"
    for claim in raw:
        variants = content_variants(ctx, claim)
        assert variants["asis"] == claim.content
        for name, (a, b) in variants.items():
            if name != "asis":
                assert "\n\n" not in TEXT[min(a, claim.cue[0]) : max(b, claim.cue[1])], name


def test_clear_statements_survive_the_scorer(text_doc: Any) -> None:
    from newstrace.claims.stage import extract_claims

    claims = extract_claims("a", TEXT, text_doc, None)
    got = {(c.cue.text, c.speaker.text if c.speaker else None) for c in claims}
    assert ("said", "The governor") in got
    assert any(c.content.text.startswith("“We have heard this before") and c.speaker and c.speaker.text.startswith("Maria Lopez")
               for c in claims), got
    bridge = next(c for c in claims if c.speaker and c.speaker.text == "The governor")
    assert "reopen in March" in bridge.content.text


def test_scorer_raises_precision_on_polnear_dev(corpora_dir: Path) -> None:
    """On real annotated articles the scorer must pay for itself: higher precision and no
    lower F1 than keeping every candidate (first 15 dev articles, parsed here)."""
    from newstrace.claims.evaluate import Scores, score_article
    from newstrace.claims.polnear import read_split
    from newstrace.claims.stage import extract_claims
    from newstrace.nlp import parse_texts

    dev = corpora_dir / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip(f"{dev} is absent")
    articles = list(read_split(dev, limit=15))
    with_scorer, without = Scores(), Scores()
    for art, doc in zip(articles, parse_texts([a.text for a in articles]), strict=True):
        score_article(art.text, art.relations, extract_claims(art.name, art.text, doc, None), with_scorer)
        score_article(art.text, art.relations, extract_claims(art.name, art.text, doc, None, scorer=False), without)
    a, b = with_scorer.as_dict(), without.as_dict()
    assert a["predicted_claims"] < b["predicted_claims"]
    assert a["precision"] > b["precision"]
    assert a["f1"] >= b["f1"]


def test_speaker_loses_the_comma_of_an_apposition() -> None:
    from newstrace.claims.stage import _trim_speaker

    text = "The Front's political leader, Lida Marren, denied that."
    end = text.index(" denied")
    assert text[slice(*_trim_speaker(text, (0, end)))] == "The Front's political leader, Lida Marren"
    dated = "TEHRAN Dec 29 (TNS): A Pakistani political figure said"
    a, b = _trim_speaker(dated, (0, dated.index(" said")))
    assert dated[a:b] == "A Pakistani political figure"
