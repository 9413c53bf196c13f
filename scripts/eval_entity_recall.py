"""Mention recall of the entities stage on SemEval-2025 task 10 (English) subtask-1 gold
entity mentions (the corpus annotates only salient entities, so precision is not
measurable here). A gold mention counts as found when a predicted mention overlaps it;
"exact" when the spans are identical. spaCy's own entities are scored in the same run.

    PYTHONPATH=src python scripts/eval_entity_recall.py ../shared/corpora/semeval2025t10_en
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from newstrace.entities.stage import EntitiesStage
from newstrace.nlp import load_nlp
from newstrace.records import Article
from newstrace.stages import ArticleContext


def main(folder: str) -> None:
    root = Path(folder)
    gold: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for line in (root / "subtask-1-annotations.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            gold[parts[0]].append((parts[1], int(parts[2]), int(parts[3]) + 1))  # end inclusive upstream
    nlp, stage = load_nlp(), EntitiesStage()
    names = sorted(gold)
    texts = [(root / "raw-documents" / n).read_text(encoding="utf-8") for n in names]
    found = exact = total = 0
    base_found = base_exact = 0  # spaCy's own entities (same labels), for comparison
    for name, text, doc in zip(names, texts, nlp.pipe(texts, batch_size=16), strict=True):
        article = Article(id=name, source=name, part=0, text=text)
        mentions = stage.run(article, doc, ArticleContext(article)).mentions
        for _, start, end in gold[name]:
            total += 1
            hits = [m for m in mentions if m.start < end and start < m.end]
            found += bool(hits)
            exact += any(m.start == start and m.end == end for m in hits)
            ents = [e for e in doc.ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
                    and e.start_char < end and start < e.end_char]
            base_found += bool(ents)
            base_exact += any(e.start_char == start and e.end_char == end for e in ents)
    print(f"documents {len(names)}  gold mentions {total}")
    print(f"newstrace entities: overlap recall {found / total:.3f}  exact-span recall {exact / total:.3f}")
    print(f"spaCy ents alone:   overlap recall {base_found / total:.3f}  exact-span recall {base_exact / total:.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/semeval2025t10_en")
