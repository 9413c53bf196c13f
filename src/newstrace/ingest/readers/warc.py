"""``.warc`` / ``.warc.gz``: response records with HTML, via warcio.

``source`` and ``url`` are the record's WARC-Target-URI. Non-HTML responses, non-2xx
statuses and other record types (request, metadata, revisit) are not articles: skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newstrace.ids import content_hash
from newstrace.ingest.decode import decode_bytes, html_declared_charset
from newstrace.ingest.limits import RECORD_LIMIT, human_size
from newstrace.ingest.opener import InputFile, Opened
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def read_warc(f: InputFile) -> Iterator[RawDocument | InputProblem]:
    # Decompress ourselves (warcio would silently drop a truncated last gzip member).
    with Opened(f) as o:
        head = o.stream.peek(64)[:64].lstrip()  # type: ignore[attr-defined]
        if not head:
            raise Unreadable(o.error or "the file is empty")
        if not head.startswith(b"WARC/"):
            # warcio would also accept the older ARC format and print warnings; refuse early.
            raise Unreadable("not a valid WARC file (it does not start with a WARC/1.x record header)")
        index = 0
        try:
            for record in ArchiveIterator(o.stream):
                index += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                ctype = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2") or ctype.split(";")[0].strip().lower() not in HTML_TYPES:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{f.source_name}#{index}"
                if (record.length or 0) > RECORD_LIMIT:
                    yield InputProblem(f.display, f"record {index} ({uri}) is over the {human_size(RECORD_LIMIT)} limit; skipped")
                    continue
                body = record.content_stream().read(RECORD_LIMIT + 1)
                if record.raw_stream.limit:  # fewer bytes than its Content-Length: cut off
                    yield InputProblem(f.display, f"the file is truncated inside record {index} ({uri}); records before it were read")
                    return
                if len(body) > RECORD_LIMIT:
                    yield InputProblem(f.display, f"record {index} ({uri}) is over the {human_size(RECORD_LIMIT)} limit once decompressed; skipped")
                    continue
                if not body.strip():
                    continue
                try:
                    declared = _charset(ctype) or html_declared_charset(body)
                    html = decode_bytes(body, declared=declared, what="the record")
                except Unreadable as e:
                    yield InputProblem(f.display, f"record {index} ({uri}): {e.reason}")
                    continue
                yield RawDocument(
                    source=uri, content=html, format="html", input_path=f.display, url=uri,
                    content_hash=content_hash(html),
                )
        except ArchiveLoadFailed as e:
            if index == 0:
                raise Unreadable(f"not a valid WARC file ({e.msg if hasattr(e, 'msg') else e})") from None
            yield InputProblem(f.display, f"record {index + 1} is not a valid WARC record ({e}); the rest of the file is skipped")
        if o.error:
            yield InputProblem(f.display, f"{o.error}; {index} records were read before it")
