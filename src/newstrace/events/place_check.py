"""Event places on ordinary news: the place the product exports for each event it keeps,
checked against the place a person reading the article says the text gives for that event
(``newstrace eval events-places``).

Labelled files (data/events/places_polnear_*.tsv), one event a line, keyed like the precision
labels (article, whitespace-normalised sentence, sub-type): ``place`` is the place the text
gives for the event, as a path from the country down at the most specific level the text
supports ("United States: Florida: Orlando"; alternatives "A / B"), or ``-`` when the text
gives none (the event is named without a place, and the article's other places are those of
other events). Scored as the MUC-4 place table (muc_eval.place_agreement): country, on path
(the exported place is one of the path's names), specific (it is the path's last name); an
event the text gives no place for is right when it is exported without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.events.data import DATA_DIR
from newstrace.events.geo import gazetteer, place_key
from newstrace.events.muc_eval import PLACE_LEVELS, GoldPlace, location_paths, place_agreement
from newstrace.events.precision import Found, norm

DEV_FILE = DATA_DIR / "places_polnear_dev.tsv"
TRAIN_FILE = DATA_DIR / "places_polnear_train.tsv"
CHECK_FILE = DATA_DIR / "places_polnear_check.tsv"
# name -> (PolNeAR split, labelled file, articles skipped, articles read) in name order.
# dev and train were read to write the place rules; check was held out.
SETS: dict[str, tuple[str, Path, int, int | None]] = {
    "dev": ("dev", DEV_FILE, 0, None),
    "train": ("train", TRAIN_FILE, 300, 200),
    "check": ("train", CHECK_FILE, 500, 100),
}
COLUMNS = ("article", "label", "trigger", "place", "sentence", "note")
NONE_GIVEN = "-"


@dataclass(frozen=True)
class PlaceLabel:
    article: str
    label: str
    sentence: str
    place: str  # a keyed path ("United States: Florida: Orlando") or NONE_GIVEN
    note: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.article, norm(self.sentence), self.label)

    @property
    def gold(self) -> GoldPlace | None:
        paths = location_paths(self.place)
        return GoldPlace(self.article, self.label, paths) if paths else None


def read_place_labels(path: Path) -> dict[tuple[str, str, str], PlaceLabel]:
    """The labelled file: key -> label. Raises ValueError on a malformed line (its number)."""
    out: dict[tuple[str, str, str], PlaceLabel] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = line.split("\t")
        if not line.strip() or line.startswith("#") or row == list(COLUMNS):
            continue
        if len(row) < 5:
            raise ValueError(f"{path}:{n}: expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)})")
        article, label, _trigger, place, sentence = row[:5]
        lab = PlaceLabel(article, label, sentence, place.strip() or NONE_GIVEN, row[5] if len(row) > 5 else "")
        out[lab.key] = lab
    return out


def place_text(loc: Any) -> str:
    """An exported place as a path ("United States: Florida: Orlando"), or ``-``."""
    if loc is None:
        return NONE_GIVEN
    parts = [loc.country, loc.admin1 if loc.precision == "town" else None, loc.name if loc.precision != "country" else None]
    return ": ".join(dict.fromkeys(p for p in parts if p))


def admin1_of(loc: Any) -> str | None:
    """A town's first-level division: its own, else the one of the gazetteer's town of that
    name at the same coordinates (a location stored without it)."""
    if loc.admin1 or loc.precision != "town" or loc.lat is None or loc.lon is None:
        return loc.admin1
    at = (round(loc.lat, 3), round(loc.lon, 3))
    return next((p.admin1 for _, p in gazetteer().cities.get(place_key(loc.name), [])
                 if p.lat is not None and p.lon is not None and (round(p.lat, 3), round(p.lon, 3)) == at), None)


def agreement(loc: Any, gold: GoldPlace) -> dict[str, bool]:
    """muc_eval.place_agreement, and a town in another first-level division than the one the
    labelled path names ("United States: North Carolina: Charlotte: Uptown" is not the Uptown
    in Illinois) agrees on the country only."""
    out = place_agreement(loc, gold)
    division = admin1_of(loc)
    if loc.precision == "town" and division and (out["on_path"] or out["specific"]):
        paths = [p for p in gold.paths if p[0] == place_key(loc.country or "")]
        if paths and all(len(p) >= 3 and p[1] != place_key(division) for p in paths):
            out["on_path"] = out["specific"] = False
    return out


def placed_events(split_dir: Path, skip: int = 0, limit: int | None = None) -> list[tuple[Found, Any]]:
    """Each event the stage keeps on the split's articles (precision.split_files order), with
    its exported place (a Location or None)."""
    from newstrace.events.precision import candidate_events

    return [(found, e.location) for found, e, keep in candidate_events(split_dir, skip, limit) if keep]


def score(events: Sequence[tuple[Found, Any]], labels: dict[tuple[str, str, str], PlaceLabel]) -> dict[str, int]:
    """Counts over the kept events: labelled; with a place in the text (given) and, of those,
    placed and agreeing at each level, or placed off the labelled path (a wrong place); without one (none_given) and, of those, exported
    with a place anyway (placed_none)."""
    c = dict.fromkeys(("events", "labelled", "given", "placed", *PLACE_LEVELS, "off_path", "none_given", "placed_none"), 0)
    for found, loc in events:
        c["events"] += 1
        lab = labels.get(found.key)
        if lab is None:
            continue
        c["labelled"] += 1
        gold = lab.gold
        if gold is None:
            c["none_given"] += 1
            c["placed_none"] += loc is not None
            continue
        c["given"] += 1
        c["placed"] += loc is not None
        if loc is not None:
            agree = agreement(loc, gold)
            for level in PLACE_LEVELS:
                c[level] += agree[level]
            c["off_path"] += not agree["on_path"]
    return c


def rows(events: Sequence[tuple[Found, Any]], labels: dict[tuple[str, str, str], PlaceLabel]) -> list[list[str]]:
    """One row per kept event: article, sub-type, trigger, labelled place (or ``?``),
    exported place, verdict (specific / on path / country / wrong / none given ok / placed
    without one / missing / ?), sentence."""
    out = []
    for found, loc in events:
        lab = labels.get(found.key)
        if lab is None:
            verdict, gold = "?", "?"
        elif lab.gold is None:
            verdict, gold = ("none given ok" if loc is None else "placed without one"), lab.place
        elif loc is None:
            verdict, gold = "missing", lab.place
        else:
            agree = agreement(loc, lab.gold)
            verdict = next((lv for lv in ("specific", "on_path", "country") if agree[lv]), "wrong")
            gold = lab.place
        out.append([found.article, found.label, found.trigger, gold, place_text(loc), verdict, norm(found.sentence)])
    return out


def tsv(records: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Tab-separated lines (tabs and line breaks inside a field become spaces)."""
    return "".join("\t".join(" ".join(str(x).split("\t")).replace("\n", " ") for x in r) + "\n" for r in [header, *records])
