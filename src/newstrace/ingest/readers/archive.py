"""``.zip`` and ``.tar``/``.tar.gz``/``.tgz``: every supported member read as if it were a file.

Member names that could escape a folder (absolute, ``..``) are refused; nothing is ever
extracted to disk. Zip members are read in sorted order, tar members in archive order
(a compressed tar can only be streamed front to back).
"""

from __future__ import annotations

import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from newstrace.ingest.names import display_name
from newstrace.ingest.opener import InputFile, kind_of
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument

ReadFile = Callable[[InputFile], Iterator[RawDocument | InputProblem]]


def unsafe_member_name(name: str) -> bool:
    """True for names that are absolute or climb out with '..' (zip-slip)."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return ".." in norm.split("/")


def _member(f: InputFile, name: str, size: int | None, opener: Callable[[], BinaryIO]) -> InputFile | InputProblem | None:
    """The member as an InputFile; a problem if refused; None when it is silently skipped."""
    name = display_name(name)  # tar keeps undecodable bytes of a name as surrogates
    display = f"{f.display}/{name}"
    if unsafe_member_name(name):
        return InputProblem(display, "refused: the archive member's name is absolute or contains '..'")
    base = posixpath.basename(name.rstrip("/"))
    if not base or any(part.startswith(".") for part in name.split("/")):
        return None  # hidden files, as in folders
    kind, compressed = kind_of(base)
    if kind is None:
        return None
    if kind in ("zip", "tar"):
        return InputProblem(display, "archives inside archives are not read; extract the outer archive first")
    return InputFile(f"{f.source_name}/{posixpath.normpath(name)}", display, kind, compressed, opener, size)


def _read_member(
    f: InputFile, name: str, size: int | None, opener: Callable[[], BinaryIO], read_file: ReadFile
) -> Iterator[RawDocument | InputProblem]:
    """Documents of one archive member, or the reason it is refused (nothing if skipped)."""
    member = _member(f, name, size, opener)
    if isinstance(member, InputProblem):
        yield member
    elif member is not None:
        yield from read_file(member)


def _zip_opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    return lambda: zf.open(info)  # type: ignore[return-value]


def read_zip(f: InputFile, read_file: ReadFile) -> Iterator[RawDocument | InputProblem]:
    try:
        zf = zipfile.ZipFile(f.open_raw())
    except (zipfile.BadZipFile, EOFError) as e:
        raise Unreadable(f"not a readable ZIP archive ({e}); it may be truncated") from None
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            yield from _read_member(f, info.filename, info.file_size, _zip_opener(zf, info), read_file)


def read_tar(f: InputFile, read_file: ReadFile) -> Iterator[RawDocument | InputProblem]:
    raw = f.open_raw()
    try:
        tf = tarfile.open(fileobj=raw, mode="r|*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, EOFError, zlib.error) as e:
        raw.close()
        raise Unreadable(f"not a readable tar archive ({e})") from None
    members = 0
    try:
        with tf:
            for info in tf:
                members += 1
                if info.isdir():
                    continue
                if not info.isfile():
                    if kind_of(info.name)[0] is not None:
                        yield InputProblem(f"{f.display}/{display_name(info.name)}", "refused: not a regular file (a link or device inside the archive)")
                    continue
                def opener(info: tarfile.TarInfo = info) -> BinaryIO:
                    member = tf.extractfile(info)
                    assert member is not None
                    return member  # type: ignore[return-value]
                yield from _read_member(f, info.name, info.size, opener, read_file)
    except (tarfile.TarError, EOFError, zlib.error) as e:
        yield InputProblem(f.display, f"the archive is truncated or corrupt ({e}); {members} members were read before it")
    finally:
        raw.close()
