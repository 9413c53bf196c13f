"""``.txt`` and ``.html``/``.htm``: one file, one document."""

from __future__ import annotations

from collections.abc import Iterator

from newstrace.ids import content_hash
from newstrace.ingest.decode import decode_bytes, html_declared_charset, universal_newlines
from newstrace.ingest.limits import DOCUMENT_LIMIT
from newstrace.ingest.opener import InputFile, read_whole
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument


def read_document(f: InputFile) -> Iterator[RawDocument | InputProblem]:
    data = read_whole(f, DOCUMENT_LIMIT)
    if not data.strip():
        raise Unreadable("the file is empty")
    is_html = f.kind == "html"
    text = decode_bytes(data, declared=html_declared_charset(data) if is_html else None)
    if not is_html:
        text = universal_newlines(text)
    if not text.strip():
        raise Unreadable("the file holds only whitespace")
    yield RawDocument(
        source=f.source_name,
        content=text,
        format="html" if is_html else "text",
        input_path=f.display,
        content_hash=content_hash(text),
    )
