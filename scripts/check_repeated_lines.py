"""Which lines would the repeated-lines stage remove from a folder of one-article .txt
files whose outlet is the file-name prefix before the first "_" (PolNeAR's naming:
``breitbart_2015-11-11_....txt``)? Prints every removed line with its group and how
many articles lost it, so a reader can judge that only chrome goes.

    PYTHONPATH=src python scripts/check_repeated_lines.py /work/shared/corpora/polnear/train/text
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections import Counter
from pathlib import Path

from newstrace.clean.repeated_lines import RepeatedLinesStage
from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument
from newstrace.store import open_store


def main(folder: str) -> None:
    files = sorted(Path(folder).glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "check.db")) as store:
        lines_before = 0
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            raw = RawDocument(
                source=path.name, content=text, format="text", input_path=str(path),
                outlet=path.name.split("_", 1)[0], content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            articles = process_document(raw)
            lines_before += sum(len([ln for ln in a.text.split("\n") if ln.strip()]) for a in articles)
            store.replace_document(raw.source, raw.content_hash, raw.input_path, articles)
        before = {a.id: len(a.boilerplate_removed) for a in store.iter_articles()}
        RepeatedLinesStage().run(store, lambda *_: None)
        removed: Counter[tuple[str, str]] = Counter()
        outlets: Counter[str] = Counter()
        for a in store.iter_articles():
            outlets[a.outlet or "?"] += 1
            for line in a.boilerplate_removed[before[a.id]:]:
                removed[(a.outlet or "?", line)] += 1
    print(f"articles={sum(outlets.values())} outlets={len(outlets)} non-blank lines={lines_before}")
    print(f"removed lines={sum(removed.values())} distinct={len(removed)}")
    for (outlet, line), n in sorted(removed.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:5d}/{outlets[outlet]:<4d} {outlet}\t{line}")


if __name__ == "__main__":
    main(sys.argv[1])
