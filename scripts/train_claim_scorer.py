"""Train the claim scorer (keep or drop each assembled claim) and write it into the package.

    PYTHONPATH=src python scripts/train_claim_scorer.py [--corpus ../shared/corpora/polnear]
        [--out src/newstrace/models/claims] [--folds 4]

Fits (or reuses from the cache) one claims tagger per fold of PolNeAR train, labels each
train article's candidate claims against gold, fits a logistic regression (needs
scikit-learn: pip install -e '.[train]'), and scores dev with and without it. The test
split is never read. `newstrace train claims` runs this after training the tagger.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path

from newstrace.claims.scorer_training import train_scorer
from newstrace.claims.training import default_cache_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "newstrace" / "models" / "claims")
    ap.add_argument("--cache-dir", type=Path, default=None, help="parses and fold taggers are kept here")
    ap.add_argument("--folds", type=int, default=4)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    print(json.dumps(train_scorer(args.corpus, args.out, args.cache_dir or default_cache_dir(), args.folds), indent=2))


if __name__ == "__main__":
    main()
