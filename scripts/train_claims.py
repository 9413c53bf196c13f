"""Train the claims tagger and the claim scorer on PolNeAR and write them into the package.

    PYTHONPATH=src python scripts/train_claims.py [--corpus ../shared/corpora/polnear]
        [--out src/newstrace/models/claims] [--cache-dir DIR | --no-cache]
        [--scorer-only [--folds 4]]

Uses the train split only and scores the dev split afterwards (never the test split).
First the CRF tagger, then the claim scorer: four out-of-fold taggers (cached beside the
parses) and gradient-boosted trees over their candidate claims. `--scorer-only` keeps the
tagger in --out and retrains only the scorer. The spaCy parses of train and dev are cached
(default ~/.cache/newstrace/claims, or $NEWSTRACE_CACHE/claims), keyed by the texts and the
spaCy model version: the first run parses (about 20 min on 2 cores), later runs only fit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path

from newstrace.claims.model import MODEL_FILE
from newstrace.claims.scorer_training import train_scorer
from newstrace.claims.training import default_cache_dir, train

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "polnear")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "newstrace" / "models" / "claims")
    ap.add_argument("--cache-dir", type=Path, default=None, help="keep spaCy parses and fold taggers here between runs")
    ap.add_argument("--no-cache", action="store_true", help="parse afresh and write no parse cache")
    ap.add_argument("--max-iterations", type=int, default=None, help="CRF iterations (fewer while exploring)")
    ap.add_argument("--scorer-only", action="store_true", help="retrain only the claim scorer")
    ap.add_argument("--folds", type=int, default=4, help="out-of-fold taggers for the scorer (with --scorer-only)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    params = {"max_iterations": args.max_iterations} if args.max_iterations else None
    if args.scorer_only:
        summary = train_scorer(
            args.corpus, args.out, args.cache_dir or default_cache_dir(), args.folds, params, args.out / MODEL_FILE
        )
    else:
        summary = train(args.corpus, args.out, cache_dir=args.cache_dir, use_cache=not args.no_cache, params=params)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
