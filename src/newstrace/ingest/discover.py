"""Walk the inputs. (Minimal first version: .txt and .html only; see issue 3.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newstrace.ids import content_hash
from newstrace.records import InputProblem, RawDocument


def iter_inputs(paths: list[Path]) -> Iterator[RawDocument | InputProblem]:
    for root in paths:
        if not root.exists():
            yield InputProblem(str(root), "no such file or folder")
            continue
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for f in files:
            rel = f.relative_to(root).as_posix() if root.is_dir() else f.name
            data = f.read_bytes()
            text = data.decode("utf-8", "replace")
            fmt = "html" if f.suffix.lower() in (".html", ".htm") else "text"
            yield RawDocument(rel, text, fmt, str(f), content_hash=content_hash(data))  # type: ignore[arg-type]
