"""Main-text extraction quality: newstrace's cascade vs trafilatura, readability-lxml and
jusText alone, on the hand-written evaluation pages in benchmarks/data/extraction.

    PYTHONPATH=src python benchmarks/extraction_f1.py [FOLDER] [--details]

Same scoring as ``newstrace eval extraction FOLDER`` (bag-of-words token P/R/F1, as in
trafilatura's own evaluation, plus title/author/date accuracy).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newstrace.clean.evaluate import EXTRACTORS, evaluate, format_table

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=HERE / "data" / "extraction")
    parser.add_argument("--details", action="store_true", help="print every page's F1")
    args = parser.parse_args()
    names = list(EXTRACTORS)
    start = time.perf_counter()
    scores, per_page = evaluate(args.folder, names)
    if args.details:
        print(f"{'page':<28}" + "".join(f"{n:>13}" for n in names))
        for page, row in per_page.items():
            print(f"{page:<28}" + "".join(f"{row[n]:>13.3f}" for n in names))
        print()
    print(format_table(scores, len(per_page)))
    print(f"({time.perf_counter() - start:.1f}s for all extractors)")


if __name__ == "__main__":
    main()
