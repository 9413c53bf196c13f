"""Event places on MUC-4 dev under variants of the fallbacks (docs/quality-events.md, "Event
places"): the place table of ``newstrace eval muc4`` for each variant, per half of dev.

    /work/bin/py scripts/events_places.py ../shared/corpora/muc4/dev.json
    /work/bin/py scripts/events_places.py --polnear dev|train|check [../shared/corpora/polnear]

The second form prints ``newstrace eval events-places``'s figures for each variant.

Variants: the stage as shipped; without the article's main place; without the dateline;
without both; the dateline before the main place; round-ups not split into items; and
"before", the rule of main before 43e2026 (``nearby_place`` below as the event's place: its
sentence, the previous event, the 3 sentences before, attribution clauses and paragraphs
regardless).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newstrace.events import muc_eval, placing
from newstrace.events.casepath import events_of, prepare
from newstrace.events.training import read_muc
from newstrace.nlp.cache import cache_root
from newstrace.records import Dateline


@contextmanager
def patched(obj: object, **values: object) -> Iterator[None]:
    old = {k: getattr(obj, k) for k in values}
    for k, v in values.items():
        setattr(obj, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(obj, k, v)


def nearby_place(art: placing.ArticlePlaces, i: int, own: Sequence[Any], anchor: int,
                 previous: tuple[int, placing.Place] | None) -> placing.Place | None:
    """The rule before 43e2026: a place named in sentence i, else the previous event's place
    (3 sentences back at most), else the place the 3 sentences before it name most."""
    if own:
        return placing.best(own, anchor)
    if previous is not None and i - previous[0] <= placing.CONTEXT_SENTENCES:
        return previous[1]
    back = range(i - 1, max(-1, i - 1 - placing.CONTEXT_SENTENCES), -1)
    return placing.most_named(h for b in back for h in art.places_in(b))


VARIANTS: dict[str, Callable[[], object]] = {
    "shipped": lambda: patched(placing),
    "no main place": lambda: patched(placing, FROM_MAIN_PLACE=False),
    "no dateline": lambda: patched(placing, FROM_DATELINE=False),
    "neither": lambda: patched(placing, FROM_MAIN_PLACE=False, FROM_DATELINE=False),
    "dateline first": lambda: patched(placing, DATELINE_FIRST=True),
    "no sections": lambda: patched(placing, BY_SECTION=False),
    "before": lambda: patched(placing, event_place=nearby_place),
}


def polnear(which: str, corpora: Path) -> None:
    from newstrace.events.place_check import SETS, placed_events, read_place_labels, score

    split, labels, skip, limit = SETS[which]
    known = read_place_labels(labels)
    print(f"{'variant':16s} {'given':>5s} {'placed':>6s} {'country':>8s} {'on path':>8s} {'specific':>8s} {'wrong':>6s}")
    for name, variant in VARIANTS.items():
        with variant():  # type: ignore[attr-defined]
            c = score(placed_events(corpora / split, skip, limit), known)
        print(f"{name:16s} {c['given']:5d} {c['placed']:6d} {c['country']:8d} {c['on_path']:8d} {c['specific']:8d} {c['off_path']:6d}")


def main() -> None:
    if sys.argv[1] == "--polnear":
        polnear(sys.argv[2], Path(sys.argv[3] if len(sys.argv) > 3 else "../shared/corpora/polnear"))
        return
    docs = read_muc(Path(sys.argv[1]))
    snippets = prepare([d["docid"] for d in docs], [d["doctext"] for d in docs], cache_root() / "events", "muc4-eval")
    gold, datelines = muc_eval.read_place_gold()
    for d, s in zip(docs, snippets, strict=True):
        if d["docid"] in datelines:
            for a in s.parts:
                a.dateline = Dateline(datelines[d["docid"]], None, None)
    print(f"{'variant':16s} {'docs':5s} {'matched':>7s} {'placed':>6s} {'country':>8s} {'on path':>8s} {'specific':>8s}")
    for name, variant in VARIANTS.items():
        with variant():  # type: ignore[attr-defined]
            scores = muc_eval.place_scores([(d["docid"], events_of(s, None)) for d, s in zip(docs, snippets, strict=True)], gold)
        for group in sorted(scores, key=lambda g: (g == "all", g)):
            c = scores[group]
            print(f"{name:16s} {group:5s} {c['matched']:7d} {c['placed']:6d} {c['country']:8d} {c['on_path']:8d} {c['specific']:8d}")


if __name__ == "__main__":
    main()
