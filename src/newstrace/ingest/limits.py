"""Size limits: one document never takes unbounded memory or time."""

from __future__ import annotations

MB = 1024 * 1024

# A single-document file (.txt, .html, .json) larger than this is reported, not read.
DOCUMENT_LIMIT = 20 * MB
# One record of a multi-record file (.jsonl line, .csv row, WARC record) larger than this
# is reported and skipped; the rest of the file is still read.
RECORD_LIMIT = 20 * MB
# A .json file is parsed whole (lists of objects); beyond this size use .jsonl.
JSON_FILE_LIMIT = 100 * MB
# How much of a file is sampled to tell text from binary and to guess the encoding.
SNIFF_BYTES = 64 * 1024
# Wall-clock seconds one document's per-document work (extraction, cleaning, metadata) may
# take before its worker process is stopped and the document reported (--time-limit).
DOCUMENT_TIME_LIMIT = 60.0
# Reading chunk for streamed files.
CHUNK = 1 * MB


def human_size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} bytes"
