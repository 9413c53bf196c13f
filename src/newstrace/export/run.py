"""``newstrace export``: pick the record kind, stream it to a file or stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newstrace.errors import UnknownExport, UsageError
from newstrace.export.writers import write_csv, write_jsonl, write_parquet
from newstrace.pipeline import registry
from newstrace.store.base import Store

FORMATS = ("jsonl", "csv", "parquet")
GRAPH_FORMATS = ("graphml", "gexf")


@contextmanager
def _open_out(out: str) -> Iterator[IO[bytes]]:
    if out == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary name and rename: a failed export never leaves half a file.
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("wb") as f:
        yield f
    tmp.replace(path)


def export(store: Store, what: str, fmt: str, out: str) -> int:
    """Write all records of kind ``what``; returns how many were written."""
    if what in registry.GRAPH_EXPORTS:
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"--what {what} is a graph: use --format {' or '.join(GRAPH_FORMATS)}.")
        ref = registry.GRAPH_EXPORTS[what]
        if not registry.available(ref):
            raise UsageError(f"--what {what} needs the reuse stage, which is not in this build.")
        with _open_out(out) as f:
            return int(registry.load(ref)(store, fmt, f))
    if what not in registry.EXPORTS:
        known = ", ".join([*registry.EXPORTS, *registry.GRAPH_EXPORTS])
        raise UnknownExport(f"unknown --what {what!r}: choose one of {known}.")
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r} for records: choose one of {', '.join(FORMATS)}.")
    ref = registry.EXPORTS[what]
    records: Iterator[dict[str, Any]]
    schema = None
    if registry.available(ref):
        fn = registry.load(ref)
        records = fn(store)
        schema = getattr(fn, "arrow_schema", None)
    else:
        # The stage producing these records is not part of this build: an empty export.
        records = iter(())
    with _open_out(out) as f:
        if fmt == "jsonl":
            return write_jsonl(records, f)
        if fmt == "csv":
            return write_csv(records, f, schema)
        return write_parquet(records, f, schema)


def export_every(store: Store, folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every record kind as JSON Lines in ``folder`` (``{prefix}{kind}.jsonl``); returns
    each file's bytes (what runs on two engines or two backends are compared by)."""
    out = {}
    for what in registry.EXPORTS:
        path = folder / f"{prefix}{what}.jsonl"
        export(store, what, "jsonl", str(path))
        out[what] = path.read_bytes()
    return out
