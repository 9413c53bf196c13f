"""The precision gate's thresholds per group of events on its held-out scores
(docs/quality-events.md, "Choosing precision").

    /work/bin/py scripts/events_gate_thresholds.py SCORES [--violent 0.35] [--non-violent 0.55] [--battles 0.25]
        [--civilians 0.35] [--search --sources ptc --target 0.8 --max-violent 0.65 --max-battles 0.35]

SCORES: the files ``scripts/events_gate.py cv --scores SCORES`` writes, one per fold seed
(SCORES.*.seed<N>.jsonl: every labelled event's held-out gate score). Prints, per source, the
precision and right events kept at these thresholds (mean ± standard deviation over the fold
seeds); violence against civilians has its own (--civilians, default the violent one). --search:
every combination of thresholds on a 0.05 grid (violent and battles at most --max-violent and
--max-battles: the checked seed events' scores) whose precision on the pooled --sources
reaches --target on every fold seed, the five that keep the most right events of those
sources. Chosen on the tuning data these scores are from: optimistic there.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from newstrace.events.data import taxonomy
from newstrace.events.gate import NOT_VIOLENT


def load(prefix: Path) -> list[list[dict[str, object]]]:
    files = sorted(prefix.parent.glob(prefix.name + ".*seed*.jsonl"))
    if not files:
        raise SystemExit(f"no {prefix}.*seed*.jsonl: run scripts/events_gate.py cv --scores {prefix}")
    return [[json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()] for f in files]


def group_of(label: str) -> str:
    kind = str(taxonomy()[label]["type"])
    if kind == "Violence against civilians":
        return "civilians"
    return "non_violent" if kind in NOT_VIOLENT else "battles" if kind == "Battles" else "violent"


def columns(rows: list[dict[str, object]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    source = np.asarray([str(r["source"]) for r in rows])
    group = np.asarray([group_of(str(r["label"])) for r in rows])
    right = np.asarray([r["verdict"] == "right" for r in rows])
    score = np.asarray([float(r["gate"]) for r in rows])  # type: ignore[arg-type]
    return source, group, right, score


def kept(group: np.ndarray, score: np.ndarray, violent: float, non_violent: float, battles: float,
         civilians: float) -> np.ndarray:
    need = np.select([group == "non_violent", group == "battles", group == "civilians"], [non_violent, battles, civilians], violent)
    return score >= need


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scores", type=Path)
    ap.add_argument("--violent", type=float, default=0.35)
    ap.add_argument("--non-violent", type=float, default=0.55)
    ap.add_argument("--battles", type=float, default=0.25)
    ap.add_argument("--civilians", type=float, default=None)
    ap.add_argument("--max-violent", type=float, default=0.95)
    ap.add_argument("--max-battles", type=float, default=0.95)
    ap.add_argument("--search", action="store_true")
    ap.add_argument("--sources", default="ptc,semeval25")
    ap.add_argument("--target", type=float, default=0.8)
    args = ap.parse_args()
    runs = [columns(rows) for rows in load(args.scores)]
    sources = sorted(set(runs[0][0]))

    def report(v: float, nv: float, b: float, cv: float) -> str:
        cells = []
        for s in sources:
            p, r, k = [], [], []
            for source, group, right, score in runs:
                keep = kept(group, score, v, nv, b, cv) & (source == s)
                r.append(int((keep & right).sum()))
                k.append(int(keep.sum()))
                p.append(r[-1] / max(1, k[-1]))
            n_right = int(((runs[0][0] == s) & runs[0][2]).sum())
            cells.append(f"{s} {np.mean(p):.3f} ± {np.std(p, ddof=1) if len(p) > 1 else 0:.3f} "
                         f"({np.mean(r):.0f} of {n_right}; {np.mean(k):.0f})")
        return f"violent {v:g} civilians {cv:g} non-violent {nv:g} battles {b:g}: " + "  ".join(cells)

    print(f"{len(runs)} fold seeds")
    civilians = args.violent if args.civilians is None else args.civilians
    print(report(args.violent, args.non_violent, args.battles, civilians))
    if not args.search:
        return
    pool = set(args.sources.split(","))
    grid = np.round(np.arange(0.2, 0.951, 0.05), 2)
    found = []
    for v, nv, b, cv in itertools.product(grid, grid, grid, grid):
        if b > v or v > args.max_violent or b > args.max_battles:
            continue
        worst, right = 1.0, 0
        for source, group, ok, score in runs:
            keep = kept(group, score, v, nv, b, cv) & np.isin(source, list(pool))
            worst = min(worst, (keep & ok).sum() / max(1, keep.sum()))
            right += int((keep & ok).sum())
        if worst >= args.target:
            found.append((right / len(runs), worst, v, nv, b, cv))
    found.sort(reverse=True)
    print(f"precision >= {args.target:g} on {'+'.join(sorted(pool))} on every fold seed, most right kept first:")
    for right, worst, v, nv, b, cv in found[:5]:
        print(f"  {report(v, nv, b, cv)}  (worst seed {worst:.3f}, {right:.0f} right kept)")


if __name__ == "__main__":
    main()
