"""Opening inputs: gzip transparently, bounded reads, truncation reported."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO

from newstrace.ingest.limits import MAX_DOCUMENT_BYTES


class ReadProblem(OSError):
    """A file that cannot be read as a whole; the message is for the user."""


def is_gzip_name(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def logical_suffix(path: Path) -> str:
    """The format suffix, looking through a trailing .gz (``a.jsonl.gz`` -> ``.jsonl``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def open_binary(path: Path) -> IO[bytes]:
    """Open for streaming, decompressing .gz transparently."""
    if is_gzip_name(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_document_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """Read a one-document file whole, refusing files over ``limit`` bytes (after
    decompression) without loading them."""
    if not is_gzip_name(path):
        size = path.stat().st_size
        if size > limit:
            raise ReadProblem(
                f"is too large for one article ({size / 1e6:.0f} MB > {limit / 1e6:.0f} MB); "
                "split it, or store many articles as .jsonl/.csv"
            )
    try:
        with open_binary(path) as f:
            data = f.read(limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise ReadProblem(f"is a truncated or corrupt gzip file ({e})") from e
    if len(data) > limit:
        raise ReadProblem(f"is too large for one article once decompressed (> {limit / 1e6:.0f} MB)")
    return data
