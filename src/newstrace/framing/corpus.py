"""Read the framing corpora: SemEval-2023 task 3 (genre, frames, technique paragraphs and
spans), PTC 2020 (technique spans, mapped onto the 2023 names) and SemEval-2025 task 10
subtask 1 (entity roles); and the fixed held-out split of their training data.

Offsets here are into the corpus files as read (``newline=""`` is not needed: the files use
``\\n``). SemEval-2025 end offsets are inclusive upstream and are made exclusive here.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.errors import UsageError
from newstrace.framing import labels

FOLDS = 5
HELDOUT_FOLD = 0  # the fixed held-out part of train: model selection and `--split heldout`


def fold_of(doc_id: str, folds: int = FOLDS) -> int:
    """A document's fold: a hash of its id, so the split never depends on file order."""
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % folds


def in_split(doc_id: str, split: str) -> bool:
    """``heldout``: fold 0; ``train``: the other folds; ``all``: everything."""
    if split == "all":
        return True
    if split == "heldout":
        return fold_of(doc_id) == HELDOUT_FOLD
    if split == "train":
        return fold_of(doc_id) != HELDOUT_FOLD
    raise UsageError(f"unknown split {split!r}: use heldout, train or all")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    technique: str
    start: int
    end: int


@dataclass
class Article23:
    """One SemEval-2023 task 3 training article. ``paragraph_labels`` is None when the
    article has no subtask-3 labels here (7 articles are subtask-3 dev upstream)."""

    id: str
    path: Path
    text: str
    genre: str | None = None
    frames: tuple[str, ...] | None = None
    paragraph_labels: dict[int, frozenset[str]] | None = None
    spans: list[GoldSpan] = field(default_factory=list)
    ptc_spans: list[GoldSpan] = field(default_factory=list)  # PTC 2020, mapped names

    @property
    def paragraphs(self) -> dict[int, tuple[int, int]]:
        """Paragraph number -> (start, end): as upstream, a paragraph is a non-empty line,
        numbered by its 1-based line number in the file."""
        return paragraph_offsets(self.text)


def paragraph_offsets(text: str) -> dict[int, tuple[int, int]]:
    out = {}
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            out[number] = (pos, pos + len(line))
        pos += len(line) + 1
    return out


def _fix_label(name: str, known: Iterable[str], unknown: set[str]) -> str | None:
    known = tuple(known)
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
    if close:  # "Appeal_to_Fear-Prejudi-čce", a corrupted label upstream
        return close[0]
    unknown.add(name)
    return None


def _tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def semeval23_train_dir(path: Path) -> Path:
    """Accept the corpus folder or its ``train`` folder."""
    for cand in (path, path / "train"):
        if (cand / "train-labels-subtask-1.txt").is_file():
            return cand
    raise UsageError(
        f"{path} is not the SemEval-2023 task 3 training folder (no train-labels-subtask-1.txt): "
        "pass ../shared/corpora/semeval2023t3_en"
    )


def read_semeval23(path: Path, ptc: Path | None = None) -> list[Article23]:
    """All training articles with whatever labels they have, sorted by id."""
    train = semeval23_train_dir(path)
    unknown: set[str] = set()
    arts: dict[str, Article23] = {}
    for sub in ("1", "3"):  # the subtask-1 and -2 folders are identical upstream
        folder = train / f"train-articles-subtask-{sub}"
        for f in sorted(folder.glob("article*.txt")):
            doc_id = f.stem.removeprefix("article")
            if doc_id not in arts:
                arts[doc_id] = Article23(doc_id, f, f.read_text(encoding="utf-8"))
    for row in _tsv(train / "train-labels-subtask-1.txt"):
        if row[0] in arts:
            arts[row[0]].genre = row[1].strip()
    for row in _tsv(train / "train-labels-subtask-2.txt"):
        if row[0] in arts:
            names = [_fix_label(x.strip(), labels.frames(), unknown) for x in row[1].split(",") if x.strip()]
            arts[row[0]].frames = tuple(sorted({n for n in names if n}))
    with_st3: set[str] = set()
    for line in (train / "train-labels-subtask-3.txt").read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if len(row) < 2 or row[0] not in arts:
            continue
        a = arts[row[0]]
        if a.paragraph_labels is None:
            a.paragraph_labels = {}
        with_st3.add(a.id)
        names = [_fix_label(x.strip(), labels.techniques(), unknown) for x in (row[2] if len(row) > 2 else "").split(",") if x.strip()]
        a.paragraph_labels[int(row[1])] = frozenset(n for n in names if n)
    for f in sorted((train / "train-labels-subtask-3-spans").glob("*.txt")):
        for row in _tsv(f):
            if len(row) == 4 and row[0] in arts:
                name = _fix_label(row[1], labels.techniques(), unknown)
                if name:
                    arts[row[0]].spans.append(GoldSpan(name, int(row[2]), int(row[3])))
    if ptc is not None:
        for doc_id, spans in read_ptc(ptc).items():
            if doc_id in arts and doc_id in with_st3:
                arts[doc_id].ptc_spans = spans
    return [arts[k] for k in sorted(arts)]


def read_ptc(path: Path) -> dict[str, list[GoldSpan]]:
    """PTC 2020 technique spans with SemEval-2023 names (labels without one are dropped)."""
    folder = path / "train-labels-task2-technique-classification"
    if not folder.is_dir():
        raise UsageError(f"{path} is not the PTC 2020 corpus folder (no {folder.name}/): pass ../shared/corpora/ptc2020")
    mapping = labels.ptc_map()
    out: dict[str, list[GoldSpan]] = {}
    for f in sorted(folder.glob("*.labels")):
        for row in _tsv(f):
            if len(row) == 4 and mapping.get(row[1]):
                out.setdefault(row[0], []).append(GoldSpan(str(mapping[row[1]]), int(row[2]), int(row[3])))
    return out


# -- SemEval-2025 task 10, subtask 1 ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoldRole:
    text: str
    start: int
    end: int  # exclusive
    main_role: str
    fine_roles: tuple[str, ...]


@dataclass
class Document25:
    id: str  # the file name, e.g. EN_CC_100013.txt
    path: Path
    text: str
    mentions: list[GoldRole] = field(default_factory=list)


def read_semeval25(path: Path) -> list[Document25]:
    """Documents that have subtask-1 annotations, sorted by file name."""
    ann = path / "subtask-1-annotations.txt"
    if not ann.is_file():
        raise UsageError(
            f"{path} is not the SemEval-2025 task 10 folder (no subtask-1-annotations.txt): "
            "pass ../shared/corpora/semeval2025t10_en"
        )
    docs: dict[str, Document25] = {}
    for row in _tsv(ann):
        if len(row) < 6:
            continue
        name = row[0]
        if name not in docs:
            f = path / "raw-documents" / name
            if not f.is_file():
                continue
            docs[name] = Document25(name, f, f.read_text(encoding="utf-8"))
        start, end = _locate(docs[name].text, row[1], int(row[2]), int(row[3]) + 1)  # inclusive upstream
        fine = tuple(x.strip() for x in row[5:] if x.strip())
        docs[name].mentions.append(GoldRole(row[1], start, end, row[4].strip(), fine))
    return [docs[k] for k in sorted(docs)]


def _locate(text: str, mention: str, start: int, end: int) -> tuple[int, int]:
    """A few upstream offsets are one character off: find the mention close by."""
    if text[start:end] == mention:
        return start, end
    near = text.find(mention, max(0, start - 5), end + 5)
    return (near, near + len(mention)) if near >= 0 else (start, end)
