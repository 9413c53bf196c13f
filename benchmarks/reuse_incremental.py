"""Incremental cost of the reuse index: analyse N - K synthetic articles, then add K more
and run the stage again (only the K new articles are keyed and compared, against
everything indexed). Same generator as ``reuse_scale.py``; prints CPU seconds of both
runs, pairs, and planted recall overall and for the copies that arrived in the second run.

Run: PYTHONPATH=src nice -n 10 python benchmarks/reuse_incremental.py 10000 500
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuse_scale import corpus  # noqa: E402

from newstrace.ids import article_id, content_hash  # noqa: E402
from newstrace.records import Article  # noqa: E402
from newstrace.reuse.stage import ReuseStage  # noqa: E402
from newstrace.store import open_store  # noqa: E402
from newstrace.store.base import Store  # noqa: E402


def main(n: int, extra: int) -> None:
    texts, planted = corpus(n)
    ids = [article_id(f"doc{i}", 0) for i in range(n)]

    def add(store: Store, numbers: range) -> None:
        with store.transaction():
            for i in numbers:
                a = Article(
                    id=ids[i],
                    source=f"doc{i}",
                    part=0,
                    text=texts[i],
                    content_hash=content_hash(texts[i]),
                )
                store.replace_document(a.source, a.content_hash, "bench", [a])

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as store:
        add(store, range(n - extra))
        t = time.process_time()
        ReuseStage().run(store, lambda *_: None)
        first = time.process_time() - t
        add(store, range(n - extra, n))
        t = time.process_time()
        ReuseStage().run(store, lambda *_: None)
        second = time.process_time() - t
        found = {
            (r["article_a"], r["article_b"])
            for r in store.query("SELECT article_a, article_b FROM reuse_pairs")
        }
    hits = [tuple(sorted((ids[s], ids[c]))) in found for s, c, _ in planted]
    late = [tuple(sorted((ids[s], ids[c]))) in found for s, c, _ in planted if c >= n - extra]
    print(
        f"first run {n - extra} articles: {first:.1f} CPU s; second run +{extra}: {second:.1f} CPU s; "
        f"pairs {len(found)}; planted recall {sum(hits) / len(hits):.3f}; "
        f"recall of copies added in the second run {sum(late) / max(1, len(late)):.3f} ({len(late)})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
