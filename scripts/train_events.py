"""Retrain the shipped events models: python scripts/train_events.py [CORPORA_DIR] [OUT_DIR]
(same as `newstrace train events --corpora ../shared/corpora`); with --gate-only, only the
precision gate of the models in OUT_DIR (after a change to the gate's data or settings, or
after the sub-type model was retrained: the gate learns from the events the models find)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newstrace.events.models import MODEL_DIR
from newstrace.events.training import train, train_gate

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--gate-only"]
    corpora = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpora"
    out = Path(args[1]) if len(args) > 1 else MODEL_DIR
    print(json.dumps(train_gate(corpora, out) if "--gate-only" in sys.argv else train(corpora, out), indent=2))
