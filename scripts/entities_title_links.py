"""List the mentions whose entity or type changes when one of the entities stage's rules is
switched off: a nameless country title taking the person a later sentence introduces by rank
(``--rule INTRODUCED_BY_RANK``, the default) or a PERSON written with a place noun after it
being that place (``--rule PLACE_HEADS``), a name written as a city of the country next to it
("Syria's Al-Bukamal", ``--rule COUNTRY_CITIES``): the rule's effect on real text, for reading each
change as right or wrong.

    python scripts/entities_title_links.py "../shared/corpora/semeval2025t10_en/raw-documents/*" 400
    python scripts/entities_title_links.py "../shared/corpora/polnear/train/text/*" 400 --rule PLACE_HEADS
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
    parser.add_argument("--rule", choices=["INTRODUCED_BY_RANK", "PLACE_HEADS", "COUNTRY_CITIES"], default="INTRODUCED_BY_RANK")
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
        setattr(entities_stage, args.rule, False)
        try:
            without = stage.run(article, doc, ArticleContext(article)).mentions
        finally:
            setattr(entities_stage, args.rule, True)
        for new, old in zip(with_rule, without, strict=True):
            if (new.canonical, new.label) != (old.canonical, old.label):
                changed += 1
                print(f"{Path(path).name} | {new.text} | {old.canonical} {old.label} -> {new.canonical} {new.label}")
    print(f"changed mentions: {changed} in {len(files)} files")


if __name__ == "__main__":
    main()
