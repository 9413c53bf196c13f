"""Read PolNeAR (brat standoff): articles and their attribution relations.

A split folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``. When an
article has several annotators, the first file in sorted order is used (the README's
"first annotator"). Spans may be discontinuous (``T7 Content 209 236;91 186``); a relation
is an ``E`` line linking Source (optional), Cue and Content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.errors import UsageError

Fragments = tuple[tuple[int, int], ...]
_ANN_NAME = re.compile(r"^(?P<stem>.+)_(?P<annotator>[0-9a-z]+)\.ann$")


@dataclass(slots=True)
class GoldRelation:
    cue: Fragments
    content: Fragments
    source: Fragments | None


@dataclass(slots=True)
class GoldArticle:
    name: str
    text: str
    relations: list[GoldRelation] = field(default_factory=list)


def _fragments(spec: str) -> Fragments:
    frags = []
    for part in spec.split(";"):
        a, b = part.split()
        frags.append((int(a), int(b)))
    return tuple(sorted(frags))


def parse_ann(ann_text: str) -> list[GoldRelation]:
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if line.startswith("T"):
            label, _, spec = cols[1].partition(" ")
            try:
                spans[cols[0]] = (label, _fragments(spec))
            except ValueError:
                continue  # a malformed span line: skip it rather than the article
        elif line.startswith("E"):
            roles: dict[str, str] = {}
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), ref)
            events.append(roles)
    relations = []
    for roles in events:
        cue, content = spans.get(roles.get("Cue", "")), spans.get(roles.get("Content", ""))
        if cue is None or content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        relations.append(GoldRelation(cue[1], content[1], source[1] if source else None))
    return relations


def annotation_files(split_dir: Path) -> dict[str, Path]:
    """Article stem -> its first annotator's ``.ann`` file."""
    chosen: dict[str, Path] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        m = _ANN_NAME.match(ann.name)
        if m and m.group("stem") not in chosen:
            chosen[m.group("stem")] = ann
    return chosen


def read_split(split_dir: Path, limit: int | None = None) -> Iterator[GoldArticle]:
    text_dir = split_dir / "text"
    if not text_dir.is_dir() or not (split_dir / "attributions").is_dir():
        raise UsageError(
            f"{split_dir} is not laid out like a PolNeAR split: it needs text/ and attributions/ "
            "folders (e.g. ../shared/corpora/polnear/dev)."
        )
    anns = annotation_files(split_dir)
    n = 0
    for txt in sorted(text_dir.glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            continue
        yield GoldArticle(txt.stem, _read(txt), parse_ann(_read(ann)))
        n += 1
        if limit is not None and n >= limit:
            return


def _read(path: Path) -> str:
    # newline="" keeps offsets: brat counts the characters of the file as written.
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()
