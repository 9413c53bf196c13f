"""Precision of the events stage on short ordinary texts: each article of a PolNeAR split cut
into pieces of N paragraphs, every piece analysed as an article of its own through the product
path (as `newstrace eval events-precision` does for whole articles), each event looked up in the
split's labelled file. The gate reads texts under 6 sentences without article levels, so this
shows what it passes on news briefs, which whole articles and CASE snippets do not measure.

    python scripts/events_short_texts.py ../shared/corpora/polnear/dev --paragraphs 2
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from newstrace.events.casepath import cut_paragraphs
from newstrace.events.precision import LABELS_FILE, VERDICTS, find_events, read_labels, split_files


def cut(split: Path, out: Path, paragraphs: int) -> int:
    """Piece k of every article into out/kNNN/<article>.txt (file stems keep the labels' keys)."""
    pieces = 0
    for f in split_files(split):
        for k, piece in enumerate(cut_paragraphs(f.read_text(encoding="utf-8"), paragraphs)):
            folder = out / f"k{k:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f.name).write_text(piece, encoding="utf-8")
            pieces += 1
    return pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path, help="a PolNeAR split folder (text/ inside)")
    parser.add_argument("--paragraphs", type=int, default=2, help="paragraphs per piece")
    parser.add_argument("--labels", type=Path, default=LABELS_FILE)
    args = parser.parse_args()
    known = read_labels(args.labels)
    verdicts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        pieces = cut(args.split, Path(tmp), args.paragraphs)
        for folder in sorted(Path(tmp).iterdir()):
            for e in find_events(folder):
                v = known.get(e.key, {}).get("verdict")
                verdicts[v if v in VERDICTS else "unlabelled"] += 1
                if v == "wrong":
                    print(f"wrong  {e.confidence:.2f} {e.label:24s} [{e.trigger}] {e.sentence[:120]}")
    judged = verdicts["right"] + verdicts["wrong"]
    print(f"{pieces} pieces of {args.paragraphs} paragraphs: {sum(verdicts.values())} events, "
          f"{verdicts['right']} right, {verdicts['wrong']} wrong, {verdicts['unlabelled']} unlabelled")
    if judged:
        print(f"precision (labelled events): {verdicts['right']}/{judged} = {verdicts['right'] / judged:.3f}")


if __name__ == "__main__":
    main()
