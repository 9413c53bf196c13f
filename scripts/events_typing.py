"""What the ACLED constraints on sub-types (data/events/typing.yaml) do on the labelled PolNeAR
train events (docs/quality-events.md, "Typing in context"):

    PYTHONPATH=src nice -n 10 python scripts/events_typing.py [--corpora ../shared/corpora] [--list]
        [--write-unlabelled OUT.jsonl] [--corpus semeval|ptc [--part a|b]]

Runs the stage (shipped detector and sub-type model, before the precision gate) on PolNeAR
train articles 300-839 with the constraints off and on, and looks every event up in
data/events/precision_polnear_train.jsonl by (article, sentence, label): how many events change
type, how their verdicts move, and the share right before the gate. ``--write-unlabelled``
writes the events found with the constraints that the file has no verdict for (verdict "?"),
to be read and labelled. ``--corpus ptc``: PTC 2020 train articles 160-370 with the tuning
labels (precision_ptc_tune_*.jsonl; never the blind sample), ``--part a`` / ``b`` the articles
of precision_ptc_tune_a.jsonl / _b.jsonl only. An event with no record of its own is right when
a record of its sentence names its kind as the one it should have had (``correct``).
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from newstrace.events import extract
from newstrace.events.casepath import PTC_PREFIX, GateCorpus, load_gate_corpus, ungated_of
from newstrace.events.data import DATA_DIR
from newstrace.events.models import shipped_models
from newstrace.events.precision import norm, read_labels

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def found(corpus: Any, on: bool) -> dict[tuple[str, str, int], dict[str, str]]:
    """(article, sentence, trigger offset) -> the event's label, trigger and sentence."""
    models = shipped_models()
    if models is None:
        raise SystemExit("no shipped events models: train them first (scripts/train_events.py)")
    extract.TYPING_CONSTRAINTS = on
    out = {}
    for name, s in zip(corpus.names, corpus.snippets, strict=True):
        by_id = {a.id: a.text for a in s.parts}
        for e, _ in ungated_of(s, models):
            sentence = norm(by_id[e.article_id][e.sentence.start : e.sentence.end])
            out[(name, sentence, e.trigger.start)] = {"article": name, "sentence": sentence, "label": e.label,
                                                      "trigger": e.trigger.text}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    ap.add_argument("--list", action="store_true", help="print every event whose type changes")
    ap.add_argument("--corpus", choices=("polnear", "semeval", "ptc"), default="polnear",
                    help="semeval: SemEval 2023 train articles 150-299 (precision_semeval_train.jsonl); "
                         "ptc: PTC 2020 train articles 160-370 (precision_ptc_tune_*.jsonl)")
    ap.add_argument("--part", choices=("a", "b"), default=None,
                    help="with --corpus ptc: only the articles of precision_ptc_tune_a.jsonl or _b.jsonl")
    ap.add_argument("--write-unlabelled", type=Path, default=None)
    args = ap.parse_args()
    corpus = load_gate_corpus(args.corpora).only(args.corpus)
    if args.part is not None:
        mine = {PTC_PREFIX + a for a, _, _ in read_labels(DATA_DIR / f"precision_ptc_tune_{args.part}.jsonl")}
        keep = [i for i, n in enumerate(corpus.names) if n in mine]
        corpus = GateCorpus([corpus.names[i] for i in keep], [corpus.snippets[i] for i in keep], corpus.verdicts,
                            corpus.hashes, sources=[corpus.sources[i] for i in keep])

    # A record of a real event typed as another kind names the kind it should have had
    # ("correct", the PTC tuning labels): an event of that kind in that sentence is right.
    correct = {(a, s, r["correct"]) for (a, s, _), r in corpus.verdicts.items() if r.get("correct")}

    def verdict(e: dict[str, str] | None) -> str:
        if e is None:
            return "dropped"
        key = (e["article"], e["sentence"], e["label"])
        return str((corpus.verdicts.get(key) or {}).get("verdict", "right" if key in correct else "?"))

    off, on = found(corpus, False), found(corpus, True)
    changed = [(off[k], on.get(k)) for k in off if on.get(k) is None or on[k]["label"] != off[k]["label"]]
    print(f"events without the constraints: {len(off)}; with them: {len(on)}; type changed: {len(changed)} "
          f"({sum(b is None for _, b in changed)} dropped), new: {len(set(on) - set(off))}")
    print("verdicts (without -> with):", dict(Counter((verdict(a), verdict(b)) for a, b in changed).most_common()))
    for name, events in (("without", off), ("with", on)):
        v = Counter(verdict(e) for e in events.values())
        print(f"{name}: {v['right']} right, {v['wrong']} wrong, {v['?']} unlabelled: "
              f"{v['right'] / max(1, v['right'] + v['wrong']):.3f} right before the gate")
    if args.list:
        for a, b in changed:
            print(f"  {a['label']}:{verdict(a)} -> {b['label'] if b else '-'}:{verdict(b)} [{a['trigger']}] {a['sentence'][:120]}")
    if args.write_unlabelled is not None:
        rows = [{**e, "verdict": "?", "reason": ""} for e in on.values() if verdict(e) == "?"]
        args.write_unlabelled.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} unlabelled events written to {args.write_unlabelled}")


if __name__ == "__main__":
    main()
