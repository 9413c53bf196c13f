"""Walk the PATH arguments: folders recursively in sorted order, one reader per file.

Streams: one file (one record of a multi-record file) is in memory at a time. Every
failure becomes an ``InputProblem`` with a reason for the user; the walk goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest.names import display_name
from newstrace.ingest.opener import SUPPORTED, InputFile, kind_of
from newstrace.ingest.problems import Unreadable
from newstrace.ingest.readers.archive import read_tar, read_zip
from newstrace.ingest.readers.csv_file import read_csv
from newstrace.ingest.readers.document import read_document
from newstrace.ingest.readers.json_file import read_json
from newstrace.ingest.readers.jsonl import read_jsonl
from newstrace.ingest.readers.warc import read_warc
from newstrace.ingest.skipped import (
    HIDDEN,
    LINKED_FOLDER,
    LOOP,
    SYMLINK_OUTSIDE,
    UNKNOWN_EXTENSION,
    Skipped,
)
from newstrace.records import InputProblem, RawDocument

Item = RawDocument | InputProblem

READERS = {
    "text": read_document,
    "html": read_document,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "warc": read_warc,
}


def iter_inputs(
    paths: list[Path], *, follow_symlinks: bool = False, skipped: Skipped | None = None
) -> Iterator[Item]:
    """Every document (or problem) under the given files and folders, in a stable order.

    Inside a folder, hidden entries and unknown extensions are passed over, as are symbolic
    links whose target lies outside the folder given (unless ``follow_symlinks``); each
    is counted in ``skipped``. A PATH named explicitly is always read."""
    skips = skipped if skipped is not None else Skipped()
    for root in paths:
        yield from _inputs_under(Path(root), follow_symlinks, skips)


def read_file(f: InputFile) -> Iterator[Item]:
    """Run the file's reader; whatever goes wrong becomes a problem, never an exception."""
    try:
        if f.kind == "zip":
            yield from read_zip(f, read_file)
        elif f.kind == "tar":
            yield from read_tar(f, read_file)
        else:
            yield from READERS[f.kind](f)
    except Unreadable as e:
        yield InputProblem(f.display, e.reason, e.line)
    except PermissionError:
        yield InputProblem(f.display, "permission denied; make the file readable and run again")
    except OSError as e:
        yield InputProblem(f.display, f"cannot be read ({e.strerror or e})")
    except Exception as e:  # noqa: BLE001 - a reader bug must not end the whole run
        yield InputProblem(f.display, f"could not be read ({type(e).__name__}: {e}); please report this")


def _file(path: Path, source_name: str, size: int) -> InputFile | None:
    kind, compressed = kind_of(path.name)
    if kind is None:
        return None
    return InputFile(display_name(source_name), display_name(path), kind, compressed, lambda: open(path, "rb"), size)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _stat(path: Path) -> os.stat_result | InputProblem:
    shown = display_name(path)
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            target = display_name(os.readlink(path))
            return InputProblem(shown, f"dangling symbolic link (it points to {target}, which does not exist)")
        return InputProblem(shown, "no such file or folder")
    except PermissionError:
        return InputProblem(shown, "permission denied")
    except OSError as e:
        return InputProblem(shown, f"cannot be accessed ({e.strerror or e})")


def _inputs_under(root: Path, follow_symlinks: bool, skipped: Skipped) -> Iterator[Item]:
    st = _stat(root)
    if isinstance(st, InputProblem):
        yield st
    elif stat.S_ISDIR(st.st_mode):
        yield from _Walk(root, follow_symlinks, skipped).folder(root)
    elif not stat.S_ISREG(st.st_mode):
        yield InputProblem(display_name(root), f"{_special(st.st_mode)}, not a file newstrace can read")
    else:
        f = _file(root, root.name, st.st_size)
        if f is None:
            yield InputProblem(display_name(root), f"unsupported file type; newstrace reads {SUPPORTED}")
        else:
            yield from read_file(f)


class _Walk:
    """One folder PATH, recursively. Linked folders are followed only with
    ``follow_symlinks`` (and then each real folder once: no loops)."""

    def __init__(self, root: Path, follow_symlinks: bool, skipped: Skipped) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow = follow_symlinks
        self.skipped = skipped
        self.seen_folders = {self.real_root}

    def _inside(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def folder(self, folder: Path) -> Iterator[Item]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except PermissionError:
            yield InputProblem(display_name(folder), "cannot list this folder (permission denied)")
            return
        except OSError as e:
            yield InputProblem(display_name(folder), f"cannot list this folder ({e.strerror or e})")
            return
        for entry in entries:
            yield from self._entry(entry)

    def _entry(self, entry: os.DirEntry[str]) -> Iterator[Item]:
        path = Path(entry.path)
        shown = display_name(path)
        if entry.name.startswith("."):
            self.skipped.add(HIDDEN, shown)  # .git, .DS_Store, editor swap files
            return
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            link, is_dir = False, False  # reported below by _stat
        if link and os.path.exists(path):
            real = os.path.realpath(path)
            if not self.follow and not self._inside(real):
                self.skipped.add(SYMLINK_OUTSIDE, f"{shown} -> {display_name(real)}")
                return
            if is_dir and not self.follow:
                self.skipped.add(LINKED_FOLDER, shown)
                return
        if is_dir:
            real = os.path.realpath(path)
            if link and real in self.seen_folders:  # a link back to a folder already walked
                self.skipped.add(LOOP, shown)
                return
            self.seen_folders.add(real)
            yield from self.folder(path)
            return
        if kind_of(entry.name)[0] is None:
            self.skipped.add(UNKNOWN_EXTENSION, shown)
            return
        st = _stat(path)
        if isinstance(st, InputProblem):
            yield st
        elif not stat.S_ISREG(st.st_mode):
            yield InputProblem(shown, f"{_special(st.st_mode)}, not a file newstrace can read")
        else:
            f = _file(path, path.relative_to(self.root).as_posix(), st.st_size)
            if f is not None:
                yield from read_file(f)
