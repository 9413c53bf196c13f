"""Open one input for reading: gzip'd files transparently, truncation noticed, sizes bounded."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from newstrace.ingest.limits import CHUNK, human_size
from newstrace.ingest.problems import Unreadable

# Extensions (after a ".gz" is removed) -> reader kind.
KINDS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".warc": "warc",
}
ARCHIVE_KINDS = {".zip": "zip", ".tar": "tar", ".tgz": "tar", ".tar.gz": "tar"}
SUPPORTED = ", ".join(sorted({*KINDS, ".warc.gz", *ARCHIVE_KINDS})) + " (and any of them .gz)"


def kind_of(name: str) -> tuple[str | None, bool]:
    """(reader kind, gzip-compressed?) for a file name; kind None when unsupported."""
    low = name.lower()
    for ext, kind in ARCHIVE_KINDS.items():
        if low.endswith(ext):
            return kind, False
    compressed = low.endswith(".gz")
    if compressed:
        low = low[:-3]
    dot = low.rfind(".")
    return (KINDS.get(low[dot:]) if dot > 0 else None), compressed


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``source_name`` is its path relative to the PATH argument that found
    it (the ``source`` of its documents); ``display`` the path shown in problems."""

    source_name: str
    display: str
    kind: str
    compressed: bool
    open_raw: Callable[[], BinaryIO]
    size: int | None = None


class _GuardedGzip(io.RawIOBase):
    """A gzip stream that ends (instead of raising) where the compressed data breaks off,
    remembering why, so records before the break are still read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.error:
            return 0
        try:
            data = self._gz.read1(len(b))  # one step at a time: data before a break is kept
        except EOFError:
            self.error = "the file is truncated (the compressed data ends early)"
            return 0
        except (gzip.BadGzipFile, zlib.error) as e:
            self.error = f"the compressed data is corrupt ({e})"
            return 0
        n = len(data)
        b[:n] = data
        return n

    def close(self) -> None:
        self._gz.close()
        super().close()


class Opened:
    """A binary stream over an input's (decompressed) bytes; ``error`` says if it broke off."""

    def __init__(self, f: InputFile) -> None:
        self._raw = f.open_raw()
        self._guard = _GuardedGzip(self._raw) if f.compressed else None
        self.stream: BinaryIO = (
            io.BufferedReader(self._guard, CHUNK) if self._guard else self._raw
        )

    @property
    def error(self) -> str | None:
        return self._guard.error if self._guard else None

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        self._raw.close()


def read_whole(f: InputFile, limit: int) -> bytes:
    """All (decompressed) bytes of a single-document input, refusing more than ``limit``."""
    if f.size is not None and not f.compressed and f.size > limit:
        raise Unreadable(
            f"the file is {human_size(f.size)}, over the {human_size(limit)} limit for one document"
        )
    with Opened(f) as o:
        data = o.stream.read(limit + 1)
        if len(data) > limit:
            raise Unreadable(
                f"the file holds more than {human_size(limit)} (uncompressed), over the limit for one document"
            )
        if o.error:
            raise Unreadable(o.error)
    return data
