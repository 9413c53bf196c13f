"""Record writers. JSONL and CSV stream; Parquet streams in row groups when the record
kind declares an Arrow schema, and infers one from all records otherwise."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP = 2000


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become dotted columns (``speaker.text``); lists become JSON text."""
    flat: dict[str, Any] = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(flatten(v, key + "."))
        elif isinstance(v, list):
            flat[key] = json.dumps(v, ensure_ascii=False)
        else:
            flat[key] = v
    return flat


def schema_columns(schema: pa.Schema) -> list[str]:
    cols: list[str] = []

    def walk(fields: Iterable[pa.Field], prefix: str) -> None:
        for f in fields:
            if pa.types.is_struct(f.type):
                walk(list(f.type), prefix + f.name + ".")
            else:
                cols.append(prefix + f.name)

    walk(list(schema), "")
    return cols


def write_csv(records: Iterable[dict[str, Any]], out: IO[bytes], schema: pa.Schema | None) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    n = 0
    if schema is not None:
        columns = schema_columns(schema)
        rows: Iterable[dict[str, Any]] = (flatten(r) for r in records)
    else:
        # No declared schema: the union of all flattened keys, in first-seen order.
        buffered = [flatten(r) for r in records]
        columns = []
        for r in buffered:
            columns.extend(k for k in r if k not in columns)
        rows = buffered
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore", restval="")
    writer.writeheader()
    for r in rows:
        writer.writerow(r)
        n += 1
    text.flush()
    text.detach()
    return n


def _chunks(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for r in records:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_parquet(records: Iterable[dict[str, Any]], out: IO[bytes], schema: pa.Schema | None) -> int:
    n = 0
    if schema is None:
        rows = list(records)
        table = pa.Table.from_pylist(rows)
        pq.write_table(table, out)
        return len(rows)
    with pq.ParquetWriter(out, schema) as writer:
        for chunk in _chunks(records, ROW_GROUP):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
