"""``.jsonl``: one JSON object a line, streamed line by line (memory bounded by one record)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from newstrace.ingest.decode import binary_kind, decode_bytes, split_bom
from newstrace.ingest.fields import record_to_document
from newstrace.ingest.limits import CHUNK, RECORD_LIMIT, SNIFF_BYTES, human_size
from newstrace.ingest.opener import InputFile, Opened
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _parse_line(raw: bytes, lineno: int) -> dict[str, object]:
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        line = decode_bytes(raw, what="the line")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise Unreadable(f"malformed JSON ({e.msg} at column {e.colno})", lineno) from None
    except RecursionError:
        raise Unreadable("malformed JSON (nested too deeply)", lineno) from None
    if not isinstance(obj, dict):
        raise Unreadable(f"the line is a JSON {type(obj).__name__}, not an object", lineno)
    return obj


def read_jsonl(f: InputFile) -> Iterator[RawDocument | InputProblem]:
    records = 0
    with Opened(f) as o:
        head = o.stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        bom, _ = split_bom(head)
        if bom and bom != "utf-8":
            raise Unreadable(f"JSON Lines must be UTF-8 but this file is {bom.upper()}; convert it to UTF-8")
        kind = binary_kind(head)
        if kind:
            raise Unreadable(f"the file is {kind}, not JSON Lines")
        lineno = 0
        while True:
            raw = o.stream.readline(RECORD_LIMIT + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > RECORD_LIMIT:
                _skip_rest_of_line(o.stream)
                yield InputProblem(f.display, f"the record is over the {human_size(RECORD_LIMIT)} limit; skipped", lineno)
                continue
            if o.error and not raw.endswith(b"\n"):
                break  # the broken-off last line: reported as truncation below
            if not raw.strip():
                continue
            records += 1
            try:
                obj = _parse_line(raw, lineno)
                yield record_to_document(obj, source=f"{f.source_name}#L{lineno}", input_path=f.display)
            except Unreadable as e:
                yield InputProblem(f.display, e.reason, lineno)
        if o.error:
            yield InputProblem(f.display, f"{o.error}; read up to line {lineno}")
        elif not records:
            yield InputProblem(f.display, "the file is empty (no JSON lines)")
