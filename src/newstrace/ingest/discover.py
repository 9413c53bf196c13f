"""Walk the PATH arguments: folders recursively in sorted order, one reader per file.

Streams: one file (one record of a multi-record file) is in memory at a time. Every
failure becomes an ``InputProblem`` with a reason for the user; the walk goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest.opener import SUPPORTED, InputFile, kind_of
from newstrace.ingest.problems import Unreadable
from newstrace.ingest.readers.archive import read_tar, read_zip
from newstrace.ingest.readers.csv_file import read_csv
from newstrace.ingest.readers.document import read_document
from newstrace.ingest.readers.json_file import read_json
from newstrace.ingest.readers.jsonl import read_jsonl
from newstrace.ingest.readers.warc import read_warc
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


def iter_inputs(paths: list[Path]) -> Iterator[Item]:
    """Every document (or problem) under the given files and folders, in a stable order."""
    for root in paths:
        yield from _inputs_under(Path(root))


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
    return InputFile(source_name, str(path), kind, compressed, lambda: open(path, "rb"), size)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _stat(path: Path) -> os.stat_result | InputProblem:
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return InputProblem(str(path), f"dangling symbolic link (it points to {os.readlink(path)}, which does not exist)")
        return InputProblem(str(path), "no such file or folder")
    except PermissionError:
        return InputProblem(str(path), "permission denied")
    except OSError as e:
        return InputProblem(str(path), f"cannot be accessed ({e.strerror or e})")


def _inputs_under(root: Path) -> Iterator[Item]:
    st = _stat(root)
    if isinstance(st, InputProblem):
        yield st
    elif stat.S_ISDIR(st.st_mode):
        yield from _walk(root, root)
    elif not stat.S_ISREG(st.st_mode):
        yield InputProblem(str(root), f"{_special(st.st_mode)}, not a file newstrace can read")
    else:
        f = _file(root, root.name, st.st_size)
        if f is None:
            yield InputProblem(str(root), f"unsupported file type; newstrace reads {SUPPORTED}")
        else:
            yield from read_file(f)


def _walk(folder: Path, root: Path) -> Iterator[Item]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield InputProblem(str(folder), "cannot list this folder (permission denied)")
        return
    except OSError as e:
        yield InputProblem(str(folder), f"cannot list this folder ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store, editor swap files)
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, root)
                continue
            if entry.is_symlink() and path.is_dir():
                continue  # linked folders are not followed: no loops, no escaping the tree
        except OSError:
            pass  # reported below by _stat
        if kind_of(entry.name)[0] is None:
            continue  # unknown extensions inside folders are not inputs
        st = _stat(path)
        if isinstance(st, InputProblem):
            yield st
        elif not stat.S_ISREG(st.st_mode):
            yield InputProblem(str(path), f"{_special(st.st_mode)}, not a file newstrace can read")
        else:
            f = _file(path, path.relative_to(root).as_posix(), st.st_size)
            if f is not None:
                yield from read_file(f)
