"""List the mentions whose entity changes when a nameless country title may take the person a
later sentence introduces by rank (``entities.stage.INTRODUCED_BY_RANK``): the rule's effect on
real text, for reading each change as right or wrong.

    python scripts/entities_title_links.py "../shared/corpora/semeval2025t10_en/raw-documents/*" 400
"""

from __future__ import annotations

import argparse
import glob
from pathlib import Path

from newstrace.entities import stage as entities_stage
from newstrace.nlp import load_nlp
from newstrace.records import Article
from newstrace.stages import ArticleContext


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pattern", help="glob of text files")
    parser.add_argument("limit", type=int, nargs="?", default=400, help="files read, in sorted order")
    args = parser.parse_args()
    nlp = load_nlp()
    stage = entities_stage.EntitiesStage()
    files = sorted(glob.glob(args.pattern))[: args.limit]
    changed = 0
    for path in files:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        doc = nlp(text)
        article = Article(id="a", source=path, part=0, text=text)
        with_rule = stage.run(article, doc, ArticleContext(article)).mentions
        entities_stage.INTRODUCED_BY_RANK = False
        try:
            without = stage.run(article, doc, ArticleContext(article)).mentions
        finally:
            entities_stage.INTRODUCED_BY_RANK = True
        for new, old in zip(with_rule, without, strict=True):
            if new.canonical != old.canonical:
                changed += 1
                print(f"{Path(path).name} | {new.text} | {old.canonical} -> {new.canonical}")
    print(f"changed mentions: {changed} in {len(files)} files")


if __name__ == "__main__":
    main()
