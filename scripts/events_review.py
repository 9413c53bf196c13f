"""List every event the pipeline finds in a folder of PolNeAR-style texts, one line each,
for a manual precision review (docs/quality-events.md, "Precision on non-conflict news").

    NEWSTRACE_SHARED=../shared PYTHONPATH=src python scripts/events_review.py [--split dev]

Runs the registered article stages up to events (entities, claims, events) on the texts
of a PolNeAR split (US election coverage: little conflict, so most of what fires there is
a false positive worth reading). Prints confidence, type / sub-type, trigger and sentence.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from newstrace.claims.polnear import read_split
from newstrace.ids import article_id
from newstrace.nlp import parse_texts
from newstrace.pipeline import registry
from newstrace.records import Article
from newstrace.stages import ArticleContext

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear")
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    args = ap.parse_args()
    articles = list(read_split(args.corpus / args.split))
    stages = registry.article_stages_up_to("EventsStage")
    n = 0
    for gold, doc in zip(articles, parse_texts(a.text for a in articles), strict=True):
        art = Article(id=article_id(gold.name, 0), source=gold.name, part=0, text=gold.text, language="en")
        ctx = ArticleContext(art)
        for stage in stages:
            ctx.outputs[stage.name] = stage.run(art, doc, ctx)
        for e in ctx.outputs.get("events") or []:
            n += 1
            sentence = gold.text[e.sentence[0] : e.sentence[1]].replace("\n", " ")
            print(f"{n:3d} {e.confidence:.2f} {e.type} / {e.subtype} [{e.trigger.text}] {sentence[:240]}")
    print(f"{n} events in {len(articles)} articles")


if __name__ == "__main__":
    main()
