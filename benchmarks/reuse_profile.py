"""Profile of ``ReuseStage.run`` on the synthetic corpus of ``reuse_scale.py`` (cProfile,
sorted by own time; prints the CPU second at which each phase first reports progress).

Run: PYTHONPATH=src nice -n 10 python benchmarks/reuse_profile.py 10000
"""

from __future__ import annotations

import cProfile
import pstats
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


def main(n: int) -> None:
    texts, _ = corpus(n)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as store:
        with store.transaction():
            for i, t in enumerate(texts):
                a = Article(
                    id=article_id(f"doc{i}", 0),
                    source=f"doc{i}",
                    part=0,
                    text=t,
                    content_hash=content_hash(t),
                )
                store.replace_document(a.source, a.content_hash, "bench", [a])
        seen: set[str] = set()
        t0 = time.process_time()

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in seen:
                seen.add(phase)
                print(
                    f"phase {phase} first reports at CPU {time.process_time() - t0:.1f} s",
                    flush=True,
                )

        profile = cProfile.Profile()
        profile.enable()
        ReuseStage().run(store, progress)
        profile.disable()
        db_mb = (Path(tmp) / "b.db").stat().st_size / 2**20
        print(
            f"stage CPU {time.process_time() - t0:.1f} s (under cProfile); database {db_mb:.1f} MB"
        )
    pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main(int(sys.argv[1]))
