"""``.json``: a list of objects, or one object. Parsed whole, so its size is limited."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.fields import record_to_document
from newstrace.ingest.limits import JSON_FILE_LIMIT
from newstrace.ingest.opener import InputFile, read_whole
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument


def read_json(f: InputFile) -> Iterator[RawDocument | InputProblem]:
    try:
        data = read_whole(f, JSON_FILE_LIMIT)
    except Unreadable as e:
        if "limit" in e.reason:
            raise Unreadable(f"{e.reason}; write large collections as .jsonl (one object a line)") from None
        raise
    if not data.strip():
        raise Unreadable("the file is empty")
    try:
        obj = json.loads(decode_bytes(data))
    except json.JSONDecodeError as e:
        raise Unreadable(f"malformed JSON ({e.msg} at column {e.colno})", e.lineno) from None
    except RecursionError:
        raise Unreadable("malformed JSON (nested too deeply)") from None
    if isinstance(obj, dict):
        yield record_to_document(obj, source=f.source_name, input_path=f.display)
        return
    if not isinstance(obj, list):
        raise Unreadable(f"the file holds a JSON {type(obj).__name__}; expected an object or a list of objects")
    if not obj:
        raise Unreadable("the file holds an empty list (no records)")
    for index, item in enumerate(obj):
        try:
            if not isinstance(item, dict):
                raise Unreadable(f"the item is a JSON {type(item).__name__}, not an object")
            yield record_to_document(item, source=f"{f.source_name}#{index}", input_path=f.display)
        except Unreadable as e:
            yield InputProblem(f.display, f"item {index}: {e.reason}")
