"""``newstrace eval polnear PATH``: score claims against PolNeAR attribution relations.

Matching (one-to-one, greedy by content overlap): a predicted claim matches a gold
relation when their content spans overlap by at least half (intersection over union of
word tokens, punctuation counted as tokens) and their cue spans share a character.
Reported:
- relation precision / recall / F1 under that matching;
- exact-content F1: the same, but the content token sets must be identical;
- speaker accuracy on matched relations: the predicted speaker span shares a character
  with the gold Source span, or both are absent (relations annotated without a source);
  also given over the matched relations whose gold relation has a Source.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newstrace.claims.polnear import Fragments, GoldArticle, GoldRelation, read_split
from newstrace.records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.claims.model import ClaimsTagger
    from newstrace.claims.scorer import ClaimScorer

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    speaker_ok: int = 0
    with_source: int = 0
    with_source_ok: int = 0
    articles: int = 0
    seconds: float = 0.0
    per_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [predicted, matched]

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        ep = self.exact / self.predicted if self.predicted else 0.0
        er = self.exact / self.gold if self.gold else 0.0
        return {
            "articles": self.articles,
            "gold_relations": self.gold,
            "predicted_claims": self.predicted,
            "matched": self.matched,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(self._f(p, r), 4),
            "exact_content_f1": round(self._f(ep, er), 4),
            "speaker_accuracy": round(self.speaker_ok / self.matched, 4) if self.matched else 0.0,
            "speaker_accuracy_gold_source": round(self.with_source_ok / self.with_source, 4)
            if self.with_source
            else 0.0,
            "per_kind_precision": {
                k: round(m / n, 4) if n else 0.0 for k, (n, m) in sorted(self.per_kind.items())
            },
        }


class _Tokens:
    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def ids(self, frags: Sequence[tuple[int, int]]) -> frozenset[int]:
        out: set[int] = set()
        for a, b in frags:
            out.update(range(bisect_right(self.ends, a), bisect_left(self.starts, b)))
        return frozenset(out)


def _overlap(a: Fragments | None, b: tuple[int, int] | None) -> bool:
    if not a or b is None:
        return False
    return any(min(y, b[1]) > max(x, b[0]) for x, y in a)


def candidate_pairs(
    text: str, gold: list[GoldRelation], predicted: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> list[tuple[float, int, int]]:
    """(IoU, prediction, gold) for every predicted (cue, content) span pair that may match a
    gold relation (cue overlap, content IoU >= 0.5), best first: the order of the greedy
    one-to-one matching."""
    toks = _Tokens(text)
    gold_sets = [toks.ids(g.content) for g in gold]
    pairs = []
    for i, (cue, content) in enumerate(predicted):
        pred = toks.ids([content])
        for j, g in enumerate(gold):
            if not _overlap(g.cue, cue):
                continue
            union = len(pred | gold_sets[j])
            iou = len(pred & gold_sets[j]) / union if union else 0.0
            if iou >= 0.5:
                pairs.append((iou, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    return pairs


def score_article(text: str, gold: list[GoldRelation], claims: list[Claim], scores: Scores) -> None:
    pairs = candidate_pairs(text, gold, [((c.cue.start, c.cue.end), (c.content.start, c.content.end)) for c in claims])
    used_p: set[int] = set()
    used_g: set[int] = set()
    for iou, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        scores.matched += 1
        scores.per_kind.setdefault(claims[i].kind, [0, 0])[1] += 1
        if iou == 1.0:
            scores.exact += 1
        sp = claims[i].speaker
        g = gold[j]
        span = (sp.start, sp.end) if sp else None
        ok = _overlap(g.source, span) if g.source else span is None
        scores.speaker_ok += ok
        if g.source:
            scores.with_source += 1
            scores.with_source_ok += ok
    scores.gold += len(gold)
    scores.predicted += len(claims)
    for c in claims:
        scores.per_kind.setdefault(c.kind, [0, 0])[0] += 1
    scores.articles += 1


def score_split(
    articles: list[GoldArticle],
    docs: list[Doc],
    tagger: ClaimsTagger | None = None,
    scorer: ClaimScorer | bool = True,
) -> Scores:
    """Score the claims extractor on parsed articles (no entities stage: for tuning).
    ``scorer``: as ``extract_claims`` (True: the shipped one, False: none)."""
    from newstrace.claims.stage import extract_claims

    scores = Scores()
    t0 = time.perf_counter()
    for article, doc in zip(articles, docs, strict=True):
        claims = extract_claims(article.name, article.text, doc, None, tagger, scorer)
        score_article(article.text, article.relations, claims, scores)
    scores.seconds = time.perf_counter() - t0
    return scores


def eval_polnear(
    path: Annotated[Path, typer.Argument(help="A PolNeAR split folder with text/ and attributions/ (e.g. corpora/polnear/dev).")],
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N articles.")] = None,
) -> None:
    """Score attributed claims on PolNeAR: relation P/R/F1, exact-content F1, speaker accuracy."""
    import json

    from newstrace.errors import NewstraceError
    from newstrace.ids import article_id
    from newstrace.nlp import parse_texts
    from newstrace.pipeline import registry
    from newstrace.records import Article
    from newstrace.stages import ArticleContext

    try:
        articles = list(read_split(path, limit=limit))
    except NewstraceError as e:
        typer.echo(f"newstrace: {e}", err=True)
        raise typer.Exit(e.exit_code) from None
    if not articles:
        typer.echo(f"newstrace: no annotated articles found under {path}.", err=True)
        raise typer.Exit(2)
    # The per-article pipeline up to and including claims (entities first when present).
    stages = registry.article_stages_up_to("ClaimsStage")
    scores = Scores()
    t0 = time.perf_counter()
    for gold, doc in zip(articles, parse_texts(a.text for a in articles), strict=True):
        art = Article(id=article_id(gold.name, 0), source=gold.name, part=0, text=gold.text, language="en")
        ctx = ArticleContext(art)
        for stage in stages:
            ctx.outputs[stage.name] = stage.run(art, doc, ctx)
        claims = ctx.outputs.get("claims") or []
        score_article(gold.text, gold.relations, claims, scores)
    scores.seconds = time.perf_counter() - t0
    result = scores.as_dict()
    result["stages"] = [s.name for s in stages]
    result["seconds"] = round(scores.seconds, 1)
    typer.echo(json.dumps(result, indent=2))
