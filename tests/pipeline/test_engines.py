"""``--engine dask`` gives exactly the records of ``--engine local``: the whole run (ingest,
the per-article NLP phase on the cluster's workers, the corpus stages), every export kind,
on the seeds and on a corpus generated from real texts with planted copies."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newstrace.export import export_every
from newstrace.pipeline.analyze import analyze
from newstrace.store import open_store

REPO = Path(__file__).resolve().parents[2]

pytest.importorskip("dask.distributed", reason="the dask extra is not installed")


def _exports(db: str, tmp_path: Path, tag: str) -> dict[str, bytes]:
    with open_store(db, create=False) as store:
        return export_every(store, tmp_path, f"{tag}-")


def _lines(data: bytes) -> int:
    return data.count(b"\n")


@pytest.fixture(scope="module")
def generated(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("corpus", REPO / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    out = tmp_path_factory.mktemp("gen") / "corpus.jsonl"
    # Variants past the real pool (k >= pool size) and a high copy rate: reuse and stories.
    pool = len(corpus.Pool().articles)
    return corpus.write(pool + 12, out, copy_rate=0.4, start_at=pool)


@pytest.mark.slow
def test_seeds_and_a_generated_corpus_on_dask_export_what_local_exports(
    dbs, seeds_dir: Path, generated: Path, tmp_path: Path
) -> None:
    out = {}
    for engine in ("local", "dask"):  # local in this process; dask on 2 worker processes
        db = dbs.new(engine)
        with open_store(db) as store:
            summary = analyze([seeds_dir, generated], store, engine=engine, workers=1 if engine == "local" else 2)
        assert summary.articles_analysed >= 6 + 12 and not summary.problems
        out[engine] = _exports(db, tmp_path, engine)
    assert out["dask"] == out["local"]
    for what in ("articles", "claims", "events", "reuse", "stories"):
        assert _lines(out["local"][what]) > 0, f"the generated corpus gave no {what}"
