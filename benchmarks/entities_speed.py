"""Cost of the entities stage next to the spaCy pass it follows (same texts, same run).

    PYTHONPATH=src python benchmarks/entities_speed.py ../shared/corpora/semeval2025t10_en/raw-documents 80
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newstrace.entities.stage import EntitiesStage
from newstrace.nlp import load_nlp
from newstrace.records import Article
from newstrace.stages import ArticleContext


def main(folder: str, limit: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))[:limit]]
    nlp, stage = load_nlp(), EntitiesStage()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t1 = time.perf_counter()
    for i, (text, doc) in enumerate(zip(texts, docs, strict=True)):
        article = Article(id=str(i), source=str(i), part=0, text=text)
        stage.run(article, doc, ArticleContext(article))
    t2 = time.perf_counter()
    print(f"{len(texts)} texts: spaCy nlp.pipe {t1 - t0:.2f}s, entities stage {t2 - t1:.2f}s "
          f"({100 * (t2 - t1) / (t1 - t0):.1f}% of the spaCy pass)")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 80)
