"""One reader per format. Each yields RawDocument or InputProblem and streams its file."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newstrace.ids import content_hash
from newstrace.ingest.decode import DecodeError, decode_bytes, looks_binary
from newstrace.ingest.fields import record_to_document
from newstrace.ingest.files import ReadProblem, open_binary, read_document_bytes
from newstrace.ingest.limits import MAX_DOCUMENT_BYTES, SNIFF_BYTES
from newstrace.records import InputProblem, RawDocument

Item = RawDocument | InputProblem
_TRUNCATED = (EOFError, gzip.BadGzipFile, zlib.error)


def read_single(path: Path, source: str, fmt: str) -> Iterator[Item]:
    """A .txt or .html file: one document."""
    try:
        data = read_document_bytes(path)
    except ReadProblem as e:
        yield InputProblem(str(path), str(e))
        return
    if not data.strip():
        yield InputProblem(str(path), "is empty")
        return
    try:
        text, _ = decode_bytes(data, html=(fmt == "html"))
    except DecodeError as e:
        yield InputProblem(str(path), str(e))
        return
    if not text.strip():
        yield InputProblem(str(path), "has no text")
        return
    yield RawDocument(source, text, fmt, str(path), content_hash=content_hash(data))  # type: ignore[arg-type]


def _text_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text or None, problem or None) for each line of a line-based file,
    decoded one line at a time so a 200 MB file is never held in memory."""
    with open_binary(path) as f:
        head = f.read(SNIFF_BYTES)
        if looks_binary(head):
            yield 0, None, "is a binary file, not text"
            return
        stream = io.BufferedReader(_Prefixed(head, f)) if head else f
        for number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_DOCUMENT_BYTES:
                yield number, None, f"line is too large for one article (> {MAX_DOCUMENT_BYTES // 1_000_000} MB)"
                continue
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8"), None
            except UnicodeDecodeError:
                try:
                    yield number, decode_bytes(raw)[0], None
                except DecodeError as e:
                    yield number, None, f"line {e}"


class _Prefixed(io.RawIOBase):
    """A stream that replays bytes already sniffed, then continues with the file."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(b), len(self.head))
            b[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        chunk = self.rest.read(len(b))
        b[: len(chunk)] = chunk
        return len(chunk)


def read_jsonl(path: Path, rel: str) -> Iterator[Item]:
    seen = False
    try:
        for number, line, problem in _text_lines(path):
            if problem:
                yield InputProblem(str(path), problem, number or None)
                if number == 0:
                    return
                continue
            assert line is not None
            if not line.strip():
                continue
            seen = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                yield InputProblem(str(path), f"malformed JSON ({e.msg} at column {e.colno})", number)
                continue
            yield record_to_document(record, fallback_source=f"{rel}#L{number}", input_path=str(path), line=number)
    except _TRUNCATED as e:
        yield InputProblem(str(path), f"is truncated or corrupt (gzip: {e}); records before the break were read")
        return
    if not seen:
        yield InputProblem(str(path), "is empty")


def read_json(path: Path, rel: str) -> Iterator[Item]:
    try:
        data = read_document_bytes(path, limit=MAX_DOCUMENT_BYTES * 10)
    except ReadProblem as e:
        yield InputProblem(
            str(path), f"{e} (for large collections use .jsonl, which is read one line at a time)"
        )
        return
    if not data.strip():
        yield InputProblem(str(path), "is empty")
        return
    try:
        text, _ = decode_bytes(data)
        parsed = json.loads(text)
    except DecodeError as e:
        yield InputProblem(str(path), str(e))
        return
    except json.JSONDecodeError as e:
        yield InputProblem(str(path), f"malformed JSON ({e.msg})", e.lineno)
        return
    if isinstance(parsed, dict):
        yield record_to_document(parsed, fallback_source=rel, input_path=str(path), line=None)
    elif isinstance(parsed, list):
        for i, record in enumerate(parsed):
            item = record_to_document(record, fallback_source=f"{rel}#{i}", input_path=str(path), line=None)
            if isinstance(item, InputProblem):
                item.reason = f"record {i}: {item.reason}"
            yield item
    else:
        yield InputProblem(str(path), "must hold a JSON object or a list of objects")


def read_csv(path: Path, rel: str) -> Iterator[Item]:
    csv.field_size_limit(MAX_DOCUMENT_BYTES + 1)
    try:
        with open_binary(path) as raw:
            head = raw.read(SNIFF_BYTES)
            if not head.strip():
                yield InputProblem(str(path), "is empty")
                return
            if looks_binary(head):
                yield InputProblem(str(path), "is a binary file, not CSV text")
                return
            try:
                head.decode("utf-8")
                encoding = "utf-8-sig"
            except UnicodeDecodeError as e:
                # A multi-byte character cut at the sniff boundary is still UTF-8.
                encoding = "utf-8-sig" if e.start >= len(head) - 3 else (decode_bytes(head)[1])
            stream = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, raw)), encoding=encoding, errors="replace", newline="")
            reader = csv.DictReader(stream)
            columns = [c.strip().lower() for c in (reader.fieldnames or [])]
            if "text" not in columns and "html" not in columns:
                yield InputProblem(
                    str(path),
                    f"has no 'text' or 'html' column (columns: {', '.join(columns) or 'none'}); "
                    "name the article column 'text' or 'html'",
                )
                return
            reader.fieldnames = columns
            for number, row in enumerate(reader, start=1):
                record = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
                yield record_to_document(record, fallback_source=f"{rel}#R{number}", input_path=str(path), line=number + 1)
    except DecodeError as e:
        yield InputProblem(str(path), str(e))
    except csv.Error as e:
        yield InputProblem(str(path), f"malformed CSV ({e})")
    except _TRUNCATED as e:
        yield InputProblem(str(path), f"is truncated or corrupt (gzip: {e}); rows before the break were read")


HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, rel: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not any(t in ctype for t in HTML_TYPES):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{rel}#{count}"
                data = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                count += 1
                if len(data) > MAX_DOCUMENT_BYTES:
                    yield InputProblem(str(path), f"record {uri} is too large for one article")
                    continue
                if not data.strip():
                    continue
                try:
                    text, _ = decode_bytes(data, html=True)
                except DecodeError as e:
                    yield InputProblem(str(path), f"record {uri} {e}")
                    continue
                yield RawDocument(uri, text, "html", str(path), url=uri, content_hash=content_hash(data))
    except (ArchiveLoadFailed, *_TRUNCATED, ValueError, AttributeError) as e:
        # warcio raises assorted errors on a cut record (AttributeError on a missing URI).
        yield InputProblem(str(path), f"is truncated or not a valid WARC file ({e}); {count} records before the break were read")
        return
    if path.suffix.lower() == ".gz" and not _gzip_complete(path):
        # warcio ends quietly at a cut gzip member: check the stream really ends.
        yield InputProblem(str(path), f"is truncated (the gzip stream ends early); {count} records before the break were read")
        return
    if count == 0:
        yield InputProblem(str(path), "holds no HTML response records")


def _gzip_complete(path: Path) -> bool:
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    except _TRUNCATED:
        return False
    return True
