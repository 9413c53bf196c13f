"""One JSON/CSV record (a dict) -> ``RawDocument``: the recognised fields of INTERFACE.md."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from newstrace.ingest.decode import universal_newlines
from newstrace.ingest.limits import RECORD_LIMIT, human_size
from newstrace.ingest.names import without_surrogates
from newstrace.ingest.problems import Unreadable
from newstrace.records import DocumentFormat, RawDocument

RECOGNISED = ("id", "url", "title", "text", "html", "published", "outlet")


def _clean(value: Any) -> Any:
    """Lone surrogates in strings (also inside lists and objects) become U+FFFD."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _as_text(value: Any, field: str) -> str | None:
    """A scalar field as text; None/"" as None; lists and objects refused."""
    if value is None:
        return None
    if isinstance(value, (bool, dict, list)):
        raise Unreadable(f"field '{field}' must be a string, not {type(value).__name__}")
    text = _clean(value if isinstance(value, str) else str(value))
    return text if text.strip() else None


def _record_hash(fields: dict[str, str | None], metadata: dict[str, Any], skip: str) -> str:
    """Hash of everything the document is made of: a change to any of it re-analyses it.
    Fed piece by piece: serialising a long text to JSON first costs more than hashing it."""
    h = hashlib.sha1()
    for name in RECOGNISED:
        value = fields[name]
        if name != skip and value is not None:
            h.update(f"\x1e{name}\x1f".encode())
            h.update(value.encode("utf-8", "surrogatepass"))
    if metadata:
        h.update(b"\x1emetadata\x1f")
        h.update(json.dumps(metadata, sort_keys=True, default=str).encode())
    return h.hexdigest()


def record_to_document(record: dict[str, Any], *, source: str, input_path: str) -> RawDocument:
    """``source`` is the position-based fallback, used when the record has no ``id``."""
    known: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in record.items():
        name = key.strip().lower() if isinstance(key, str) else key
        if name in RECOGNISED and name not in known:
            known[name] = value
        else:
            metadata[_clean(str(key))] = _clean(value)
    fields = {name: _as_text(known.get(name), name) for name in RECOGNISED}
    text, html = fields["text"], fields["html"]
    if text is None and html is None:
        raise Unreadable("the record has no 'text' or 'html' (or they are empty)")
    content = text if text is not None else html
    assert content is not None
    if len(content) > RECORD_LIMIT:
        raise Unreadable(f"the record's {'text' if text else 'html'} is over the {human_size(RECORD_LIMIT)} limit")
    fmt: DocumentFormat = "text" if text is not None else "html"
    if text is not None:
        fields["text"] = content = universal_newlines(text)
    return RawDocument(
        source=fields["id"] or source,
        content=content,
        format=fmt,
        input_path=input_path,
        url=fields["url"],
        outlet=fields["outlet"],
        title=fields["title"],
        published=fields["published"],
        metadata=metadata,
        content_hash=_record_hash(fields, metadata, skip="html" if text is not None else "text"),
    )
