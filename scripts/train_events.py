"""Retrain the shipped events models: python scripts/train_events.py [CORPORA_DIR] [OUT_DIR]
(same as `newstrace train events --corpora ../shared/corpora`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newstrace.events.models import MODEL_DIR
from newstrace.events.training import train

if __name__ == "__main__":
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpora"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else MODEL_DIR
    print(json.dumps(train(corpora, out), indent=2))
