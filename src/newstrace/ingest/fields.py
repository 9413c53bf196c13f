"""JSON/CSV records -> RawDocument: the fields INTERFACE.md recognises, the rest kept."""

from __future__ import annotations

import json
from typing import Any

from newstrace.ids import content_hash
from newstrace.ingest.limits import MAX_DOCUMENT_BYTES
from newstrace.records import InputProblem, RawDocument

KNOWN = ("id", "url", "title", "text", "html", "published", "outlet")


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def record_to_document(
    record: Any, *, fallback_source: str, input_path: str, line: int | None
) -> RawDocument | InputProblem:
    """One JSON object / CSV row -> a document, or a problem naming the record."""
    if not isinstance(record, dict):
        return InputProblem(input_path, f"record is a JSON {type(record).__name__}, not an object", line)
    text = record.get("text")
    html = record.get("html")
    body = text if isinstance(text, str) and text.strip() else None
    fmt = "text"
    if body is None and isinstance(html, str) and html.strip():
        body, fmt = html, "html"
    if body is None:
        return InputProblem(input_path, "record has no 'text' or 'html' field with content", line)
    if len(body.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        return InputProblem(
            input_path, f"record is too large for one article (> {MAX_DOCUMENT_BYTES // 1_000_000} MB)", line
        )
    rid = _str(record.get("id"))
    metadata = {k: v for k, v in record.items() if k not in KNOWN}
    known = {k: _str(record.get(k)) for k in ("url", "title", "published", "outlet")}
    # The hash covers everything we keep, so an edited title or date also counts as a change.
    fingerprint = json.dumps([body, fmt, known, metadata], sort_keys=True, default=str, ensure_ascii=False)
    return RawDocument(
        source=rid or fallback_source,
        content=body,
        format=fmt,  # type: ignore[arg-type]
        input_path=input_path,
        url=known["url"],
        outlet=known["outlet"],
        title=known["title"],
        published=known["published"],
        metadata=metadata,
        content_hash=content_hash(fingerprint),
    )
