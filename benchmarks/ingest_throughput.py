"""Reader throughput: newstrace's readers vs the bare standard library on the same files.

Builds a temporary corpus from real articles (PTC 2020 train articles, repeated to N
documents) as a folder of .txt files, one .jsonl, one .csv and one .jsonl.gz, then times
``iter_inputs`` against a bare loop (read_text / json.loads / csv.DictReader / gzip).
The difference is the price of encoding checks, size limits, hashing and error reporting.

    PYTHONPATH=src python benchmarks/ingest_throughput.py [N] [CORPUS_DIR]
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newstrace.ingest import iter_inputs
from newstrace.records import RawDocument


def build(root: Path, texts: list[str], n: int) -> dict[str, Path]:
    docs = [texts[i % len(texts)] + f"\n(copy {i})\n" for i in range(n)]
    folder = root / "txt"
    folder.mkdir()
    for i, t in enumerate(docs):
        (folder / f"{i:06d}.txt").write_text(t, encoding="utf-8")
    jl = root / "all.jsonl"
    with open(jl, "w", encoding="utf-8") as f:
        for i, t in enumerate(docs):
            f.write(json.dumps({"id": f"d{i}", "title": t.split("\n", 1)[0], "text": t}) + "\n")
    gz = root / "all.jsonl.gz"
    gz.write_bytes(gzip.compress(jl.read_bytes()))
    cs = root / "all.csv"
    with open(cs, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "text"])
        for i, t in enumerate(docs):
            w.writerow([f"d{i}", t.split("\n", 1)[0], t])
    return {"txt folder": folder, "jsonl": jl, "jsonl.gz": gz, "csv": cs}


def bare(kind: str, path: Path) -> int:
    n = 0
    if kind == "txt folder":
        for p in sorted(path.iterdir()):
            n += bool(p.read_text(encoding="utf-8"))
    elif kind in ("jsonl", "jsonl.gz"):
        opener: Callable[..., object] = gzip.open if kind == "jsonl.gz" else open
        with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
            for line in f:
                n += bool(json.loads(line)["text"])
    else:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                n += bool(row["text"])
    return n


def ours(path: Path) -> int:
    return sum(isinstance(x, RawDocument) for x in iter_inputs([path]))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ptc2020" / "train-articles"
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else default
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = build(Path(tmp), texts, n)
        print(f"{n} documents from {len(texts)} articles in {folder}")
        print(f"{'input':12} {'newstrace docs/s':>17} {'stdlib docs/s':>14} {'overhead':>9}")
        for kind, path in inputs.items():
            t0 = time.perf_counter()
            got = ours(path)
            t1 = time.perf_counter()
            ref = bare(kind, path)
            t2 = time.perf_counter()
            assert got == ref == n, (kind, got, ref)
            print(f"{kind:12} {n / (t1 - t0):17.0f} {n / (t2 - t1):14.0f} {(t1 - t0) / (t2 - t1) - 1:9.0%}")


if __name__ == "__main__":
    main()
