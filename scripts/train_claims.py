"""Train the claims tagger on PolNeAR and write it into the package.

    PYTHONPATH=src python scripts/train_claims.py [--corpus ../shared/corpora/polnear]
        [--out src/newstrace/models/claims] [--cache-dir DIR | --no-cache]

Uses the train split only and scores the dev split afterwards (never the test split).
Then trains the claim scorer (see scripts/train_claim_scorer.py): four out-of-fold taggers
(cached beside the parses) and gradient-boosted trees over their candidate claims.
The spaCy parses of train and dev are cached (default ~/.cache/newstrace/claims, or
$NEWSTRACE_CACHE/claims), keyed by the texts and the spaCy model version: the first run
parses (about 20 min on 2 cores), later runs only fit the CRF.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path

from newstrace.claims.training import train

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "newstrace" / "models" / "claims")
    ap.add_argument("--cache-dir", type=Path, default=None, help="keep spaCy parses here between runs")
    ap.add_argument("--no-cache", action="store_true", help="parse afresh and write no cache")
    ap.add_argument("--max-iterations", type=int, default=None, help="CRF iterations (fewer while exploring)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    print(json.dumps(train(
        args.corpus,
        args.out,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        params={"max_iterations": args.max_iterations} if args.max_iterations else None,
    ), indent=2))


if __name__ == "__main__":
    main()
