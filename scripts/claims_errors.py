"""Error analysis of the claims extractor on a PolNeAR split (train to study, dev to tune;
never test).

    PYTHONPATH=src python scripts/claims_errors.py [--split dev] [--model PATH] [--examples 10]

Prints, over the gold relations: matched, missed because no predicted claim shares the
cue ("cue missed"), missed with the cue found but the content overlapping less than
half ("content wrong"); over the predictions: false positives whose cue is no gold cue
and those whose cue is right but content wrong. Then the most frequent cue lemmas of
each kind of error, and random examples. Uses the cached spaCy parses (training.py).
"""

from __future__ import annotations

import argparse
import os
import random
from collections import Counter
from pathlib import Path

from newstrace.claims.evaluate import Scores, _overlap, _Tokens, score_article
from newstrace.claims.model import ClaimsTagger, packaged_model_path
from newstrace.claims.polnear import read_split
from newstrace.claims.stage import extract_claims
from newstrace.claims.training import default_cache_dir, parse_articles

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def _lemmas(doc, frags) -> str:  # type: ignore[no-untyped-def]
    words = []
    for a, b in frags:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            words += [t.lemma_.lower() for t in span if not t.is_punct]
    return " ".join(words) or "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear")
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--model", type=Path, default=packaged_model_path())
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    articles = list(read_split(args.corpus / args.split))
    docs = parse_articles(articles, default_cache_dir(), args.split)
    tagger = ClaimsTagger(args.model)
    counts: Counter[str] = Counter()
    lemma_of: dict[str, Counter[str]] = {k: Counter() for k in ("cue missed", "content wrong", "fp cue", "fp content", "matched")}
    examples: dict[str, list[str]] = {k: [] for k in lemma_of}
    scores = Scores()
    for art, doc in zip(articles, docs, strict=True):
        claims = extract_claims(art.name, art.text, doc, None, tagger)
        score_article(art.text, art.relations, claims, scores)
        toks = _Tokens(art.text)
        pred_sets = [toks.ids([(c.content.start, c.content.end)]) for c in claims]
        for g in art.relations:
            gs = toks.ids(g.content)
            on_cue = [i for i, c in enumerate(claims) if _overlap(g.cue, (c.cue.start, c.cue.end))]
            gold_text = " ".join(art.text[a:b] for a, b in g.content).replace("\n", " ")
            cue = _lemmas(doc, g.cue)
            if not on_cue:
                kind = "cue missed"
                ex = f"[{cue}] {gold_text[:140]}"
            else:
                best = max(len(gs & pred_sets[i]) / max(1, len(gs | pred_sets[i])) for i in on_cue)
                kind = "matched" if best >= 0.5 else "content wrong"
                pred = claims[on_cue[0]].content.text.replace("\n", " ")
                ex = f"[{cue}] iou {best:.2f}\n      GOLD {gold_text[:160]}\n      PRED {pred[:160]}"
            counts["gold: " + kind] += 1
            lemma_of[kind][cue] += 1
            examples[kind].append(ex)
        for c in claims:
            on_cue = [g for g in art.relations if _overlap(g.cue, (c.cue.start, c.cue.end))]
            kind = "fp content" if on_cue else "fp cue"
            if on_cue:
                cs = toks.ids([(c.content.start, c.content.end)])
                if any(len(cs & toks.ids(g.content)) / max(1, len(cs | toks.ids(g.content))) >= 0.5 for g in on_cue):
                    continue
            counts["pred: " + kind] += 1
            cue = _lemmas(doc, [(c.cue.start, c.cue.end)])
            lemma_of[kind][cue] += 1
            examples[kind].append(f"[{cue}] ({c.kind}) {c.content.text[:140]}".replace("\n", " "))
    print(scores.as_dict())
    for k, v in sorted(counts.items()):
        print(f"{k:24} {v}")
    rng = random.Random(1)
    for kind, c in lemma_of.items():
        print(f"\n== {kind}: top cue lemmas")
        print(", ".join(f"{w} {n}" for w, n in c.most_common(args.top)))
        if kind != "matched":
            for ex in rng.sample(examples[kind], min(args.examples, len(examples[kind]))):
                print("   ", ex)


if __name__ == "__main__":
    main()
