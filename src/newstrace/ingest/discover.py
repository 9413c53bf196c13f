"""Walk the inputs and dispatch each file to its reader, in a deterministic order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest.files import logical_suffix
from newstrace.ingest.readers import Item, read_csv, read_json, read_jsonl, read_single, read_warc
from newstrace.records import InputProblem

SUPPORTED = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".csv", ".warc")


def _read(path: Path, rel: str) -> Iterator[Item]:
    suffix = logical_suffix(path)
    if suffix == ".txt":
        yield from read_single(path, rel, "text")
    elif suffix in (".html", ".htm"):
        yield from read_single(path, rel, "html")
    elif suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(path, rel)
    elif suffix == ".json":
        yield from read_json(path, rel)
    elif suffix == ".csv":
        yield from read_csv(path, rel)
    elif suffix == ".warc":
        yield from read_warc(path, rel)
    else:
        yield InputProblem(
            str(path),
            f"unsupported file type {suffix or '(no extension)'!r}: newstrace reads "
            f"{', '.join(SUPPORTED)} (optionally .gz)",
        )


def _read_file(path: Path, rel: str) -> Iterator[Item]:
    try:
        mode = path.stat().st_mode
    except OSError as e:
        yield InputProblem(str(path), f"cannot be opened ({e.strerror or e})")
        return
    if not stat.S_ISREG(mode):
        yield InputProblem(str(path), "is not a regular file (a pipe, socket or device)")
        return
    try:
        yield from _read(path, rel)
    except OSError as e:
        yield InputProblem(str(path), f"cannot be read ({e.strerror or e})")


def _walk(root: Path) -> Iterator[Item]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        while errors:
            e = errors.pop()
            yield InputProblem(str(e.filename or dirpath), f"folder cannot be listed ({e.strerror or e})")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if logical_suffix(path) not in SUPPORTED:
                continue  # inside folders, other files (images, notes) are not inputs
            if path.is_symlink() and not path.exists():
                yield InputProblem(str(path), "is a broken symbolic link")
                continue
            yield from _read_file(path, path.relative_to(root).as_posix())
    while errors:
        e = errors.pop()
        yield InputProblem(str(e.filename or root), f"folder cannot be listed ({e.strerror or e})")


def iter_inputs(paths: list[Path]) -> Iterator[Item]:
    """Every document (or problem) under the given files and folders, streamed."""
    for root in paths:
        if root.is_symlink() and not root.exists():
            yield InputProblem(str(root), "is a broken symbolic link")
        elif not root.exists():
            yield InputProblem(str(root), "no such file or folder")
        elif root.is_dir():
            yield from _walk(root)
        else:
            yield from _read_file(root, root.name)
