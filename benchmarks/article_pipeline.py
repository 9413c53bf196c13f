"""Articles per second: the per-article pipeline (one spaCy pass + every registered article
stage) against spaCy's own ``nlp.pipe`` over the same texts, in the same run.

    PYTHONPATH=src python benchmarks/article_pipeline.py [--corpus ../shared/corpora/polnear/dev] [--limit 84]

Prints both rates and the ratio; target: the stages add under 50% to the spaCy pass. Each
stage's line also gives what it adds to the rest of the pipeline (the framing target: under
50%).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear" / "dev")
    ap.add_argument("--limit", type=int, default=84)
    ap.add_argument("--repeat", type=int, default=3, help="alternate runs, best of each is kept")
    args = ap.parse_args()

    from newstrace.ids import article_id
    from newstrace.nlp import load_nlp, parse_texts
    from newstrace.pipeline import registry
    from newstrace.records import Article
    from newstrace.stages import ArticleContext

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.corpus / "text").glob("*.txt"))[: args.limit]]
    articles = [
        Article(id=article_id(str(k), 0), source=str(k), part=0, text=t, language="en") for k, t in enumerate(texts)
    ]
    nlp = load_nlp()
    stages = registry.instances(registry.ARTICLE_STAGES)
    # Warm up: load models and the claims tagger once, outside the timings.
    for doc, art in zip(parse_texts(texts[:2]), articles[:2], strict=True):
        ctx = ArticleContext(art)
        for s in stages:
            ctx.outputs[s.name] = s.run(art, doc, ctx)

    spacy_times, pipeline_times, stage_times = [], [], []
    per_stage: list[dict[str, float]] = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        spacy_times.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        in_stages = 0.0
        each = dict.fromkeys((s.name for s in stages), 0.0)
        for doc, art in zip(parse_texts(texts), articles, strict=True):
            t1 = time.perf_counter()
            ctx = ArticleContext(art)
            for s in stages:
                t2 = time.perf_counter()
                ctx.outputs[s.name] = s.run(art, doc, ctx)
                each[s.name] += time.perf_counter() - t2
            in_stages += time.perf_counter() - t1
        pipeline_times.append(time.perf_counter() - t0)
        stage_times.append(in_stages)
        per_stage.append(each)

    n = len(texts)
    sp, pl, st = min(spacy_times), min(pipeline_times), min(stage_times)
    print(f"articles: {n}, chars: {sum(map(len, texts))}, stages: {[s.name for s in stages]}")
    print(f"spaCy nlp.pipe           : {n / sp:7.2f} articles/s ({sp:.2f} s)")
    print(f"newstrace article phase  : {n / pl:7.2f} articles/s ({pl:.2f} s)")
    print(f"  of which stages        : {st:.2f} s")
    best = per_stage[stage_times.index(st)]
    for name, secs in best.items():
        print(
            f"    {name:20} : {secs:.2f} s ({100 * secs / (pl - st):.1f}% of the spaCy part; "
            f"adds {100 * secs / (pl - secs):.1f}% to the rest of the pipeline)"
        )
    print(f"overhead on top of spaCy : {100 * (pl - sp) / sp:+.1f}%  (ratio {pl / sp:.2f})")
    # On a shared machine the two timings drift with the load; the stages' own share of
    # the same run is the steadier figure.
    print(f"stages / spaCy part of the same run: {100 * st / (pl - st):.1f}%")


if __name__ == "__main__":
    main()
