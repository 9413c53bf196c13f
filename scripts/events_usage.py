"""What the stage's rules for trigger words that name a thing (extract.NAME_RULES: a word inside a
name, "the North Atlantic Treaty Organization"; extract.OBJECT_RULES: a weapon as an object,
"factories produce 36,000 shells"; data/events/naming.yaml ``names`` / ``objects``) remove from
the candidates before the precision gate, looked up in the labelled tuning files:

    PYTHONPATH=src nice -n 10 python scripts/events_usage.py [--rules names,objects]
        [--corpora ../shared/corpora] [--list]

Runs the stage (shipped detector and sub-type model, before the gate) with the rules off and on
over the labelled SemEval 2025 t10 articles (precision_semeval25_*.jsonl), PTC 2020 train articles
160-370 (precision_ptc_tune_*.jsonl; never the blind sample), PolNeAR train 300-839
(precision_polnear_train.jsonl) and SemEval 2023 train 150-299 (precision_semeval_train.jsonl),
and counts per labels file the candidates removed (a key, article / sentence / label, found with
the rules off and not with them on) and added (retyped), right / wrong / unlabelled. An event
with no record is right when a record of its sentence names its kind as the one it should have
had (``correct``). ``--list`` prints the removed and added SemEval 2025 candidates only (the set
the rules were written on; the others are checks, counted, not read).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any

from newstrace.events import extract
from newstrace.events.casepath import (
    PTC_PREFIX,
    load_gate_corpus,
    prepare,
    ptc_gate_label_files,
    semeval25_gate_label_files,
    ungated_of,
)
from newstrace.events.data import DATA_DIR
from newstrace.events.models import shipped_models
from newstrace.events.precision import norm, read_labels
from newstrace.events.training import GATE_LABELS, SEMEVAL_GATE_LABELS
from newstrace.nlp.cache import cache_root

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
Key = tuple[str, str, str]


def events(names: list[str], snippets: list[Any], models: Any) -> dict[Key, str]:
    """(article, sentence, label) -> trigger of every candidate before the gate."""
    out = {}
    for name, s in zip(names, snippets, strict=True):
        by_id = {a.id: a.text for a in s.parts}
        for e, _ in ungated_of(s, models):
            out[(name, norm(by_id[e.article_id][e.sentence.start : e.sentence.end]), e.label)] = e.trigger.text
    return out


def label_files(source: str) -> list[tuple[str, dict[Key, dict[str, Any]]]]:
    """(file name, its records keyed as the corpus names its articles)."""
    if source == "semeval25":
        return [(p.name, read_labels(p)) for p in semeval25_gate_label_files()]
    if source == "ptc":
        return [(p.name, {(PTC_PREFIX + a, s, lb): r for (a, s, lb), r in read_labels(p).items()}) for p in ptc_gate_label_files()]
    name = GATE_LABELS if source == "polnear" else SEMEVAL_GATE_LABELS
    return [(name, read_labels(DATA_DIR / name))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    ap.add_argument("--rules", default="names,objects",
                    help="the rules switched on: names, objects or both; several sets separated by '/' (each against all off)")
    ap.add_argument("--case", action="store_true",
                    help="also CASE 2021 (every snippet reports an event): candidates removed, answers changed")
    ap.add_argument("--list", action="store_true", help="print the removed and added SemEval 2025 candidates")
    ap.add_argument("--list-checks", action="store_true",
                    help="print those of the check sets too (they are no longer blind checks once read)")
    args = ap.parse_args()
    variants = [set(v.split(",")) for v in args.rules.split("/")]
    models = shipped_models()
    if models is None:
        raise SystemExit("no shipped events models: train them first (scripts/train_events.py)")
    # The gate corpus holds every labelled part (the SemEval 2025 documents with records too).
    corpus = load_gate_corpus(args.corpora)
    parts = {source: (corpus.only(source).names, corpus.only(source).snippets)
             for source in ("semeval25", "ptc", "polnear", "semeval")}
    if args.case:
        case(args.corpora, variants, models)
    for source, (names, snippets) in parts.items():
        extract.NAME_RULES = extract.OBJECT_RULES = False
        off = events(names, snippets, models)
        for rules in variants:
            extract.NAME_RULES, extract.OBJECT_RULES = "names" in rules, "objects" in rules
            on = events(names, snippets, models)
            report(source, ",".join(sorted(rules)), off, on, args.list and (source == "semeval25" or args.list_checks))


def case(corpora: Path, variants: list[set[str]], models: Any) -> None:
    """CASE 2021 with the shipped models (trained on it: in-sample): every candidate is an event
    of the snippet's kind, so a removed one can only cost; the answers that change."""
    from newstrace.events.casepath import answer
    from newstrace.events.training import read_case

    ids, texts, labels = read_case(corpora / "case2021_t2" / "test_set_final_release_with_labels.tsv")
    snippets = prepare(ids, texts, cache_root() / "events", "case")

    def run() -> tuple[Counter[tuple[str, str]], list[str]]:
        found: Counter[tuple[str, str]] = Counter()
        out = []
        for i, s in zip(ids, snippets, strict=True):
            events = ungated_of(s, models)
            found.update((i, e.trigger.text.lower()) for e, _ in events)
            out.append(answer([e for e, feats in events if extract.kept(models, e, feats)]))
        return found, out

    extract.NAME_RULES = extract.OBJECT_RULES = False
    off, off_answers = run()
    for rules in variants:
        extract.NAME_RULES, extract.OBJECT_RULES = "names" in rules, "objects" in rules
        on, on_answers = run()
        changed = [(g, a, b) for g, a, b in zip(labels, off_answers, on_answers, strict=True) if a != b]
        print(f"[{','.join(sorted(rules))}] case: candidates {sum(off.values())} -> {sum(on.values())}; "
              f"answers changed {len(changed)} (right before {sum(g == a for g, a, _ in changed)}, "
              f"right after {sum(g == b for g, _, b in changed)})")


def report(source: str, rules: str, off: dict[Key, str], on: dict[Key, str], listing: bool) -> None:
    removed, added = set(off) - set(on), set(on) - set(off)
    files = label_files(source)
    # One verdict per key over the source's files (the PTC parts share articles).
    recs = {k: r for _, rs in files for k, r in rs.items()}
    correct = {(a, s, r["correct"]) for (a, s, _), r in recs.items() if r.get("correct")}

    def verdict(k: Key) -> str:
        r = recs.get(k)
        return str(r.get("verdict", "?")) if r else ("right" if k in correct else "?")

    articles = {a for a, _, _ in recs}
    mine = [k for k in off if k[0] in articles]
    v_off = Counter(verdict(k) for k in mine)
    v_rem = Counter(verdict(k) for k in removed if k[0] in articles)
    v_add = Counter(verdict(k) for k in added if k[0] in articles)
    print(f"[{rules}] {source}: candidates {len(mine)} ({v_off['right']} right, {v_off['wrong']} wrong, {v_off['?']} ?); "
          f"removed {sum(v_rem.values())}: {v_rem['right']} right, {v_rem['wrong']} wrong, {v_rem['?']} ?; "
          f"added {sum(v_add.values())}: {v_add['right']} right, {v_add['wrong']} wrong, {v_add['?']} ?")
    if len(files) > 1:
        for fname, rs in files:
            v = Counter(verdict(k) for k in removed if k in rs)
            print(f"    {fname}: removed records {v['right']} right, {v['wrong']} wrong")
    if listing:
        for k in sorted(k for k in removed | added if k[0] in articles):
            sign = "-" if k in removed else "+"
            print(f"  {sign} {k[2]}:{verdict(k)} [{off.get(k) or on.get(k)}] {k[0]} {k[1][:150]}")

if __name__ == "__main__":
    main()
