"""Encoding detection: newstrace's decoder vs charset-normalizer's bare best guess.

Takes real English news articles (PTC 2020 train articles), keeps those with non-ASCII
characters, encodes each (whole, and a short 300-character excerpt around its first
non-ASCII character) in several encodings, and counts exact round trips.

    PYTHONPATH=src python benchmarks/ingest_encodings.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from charset_normalizer import from_bytes

from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.problems import Unreadable

ENCODINGS = ["utf-8", "cp1252", "utf-16"]


def samples(folder: Path) -> list[str]:
    out = []
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            continue  # not representable in every tested encoding
        if not text.isascii():
            out.append(text)
    return out


def excerpt(text: str) -> str:
    i = next(i for i, c in enumerate(text) if ord(c) > 127)
    start = max(0, i - 150)
    return text[start : start + 300]


def newstrace_decode(data: bytes) -> str | None:
    try:
        return decode_bytes(data)
    except Unreadable:
        return None


def normalizer_decode(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ptc2020" / "train-articles"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    texts = samples(folder)
    print(f"{len(texts)} non-ASCII articles from {folder}")
    print(f"{'length':8} {'encoding':9} {'newstrace':>10} {'charset-normalizer':>19}  (exact round trips)")
    for label, make in (("whole", lambda t: t), ("excerpt", excerpt)):
        for enc in ENCODINGS:
            ok_ns = ok_cn = 0
            t_ns = t_cn = 0.0
            for text in texts:
                t = make(text)
                data = t.encode(enc)
                t0 = time.perf_counter()
                ok_ns += newstrace_decode(data) == t
                t1 = time.perf_counter()
                ok_cn += normalizer_decode(data) == t
                t_cn += time.perf_counter() - t1
                t_ns += t1 - t0
            n = len(texts)
            print(f"{label:8} {enc:9} {ok_ns / n:10.1%} {ok_cn / n:19.1%}  "
                  f"(time {t_ns:.2f}s vs {t_cn:.2f}s)")


if __name__ == "__main__":
    main()
