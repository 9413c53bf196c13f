"""SQLite vs PostgreSQL: write and query throughput of the store, and a million-claim
Parquet export, in one run (ratios on the same machine, same data).

    PYTHONPATH=src nice -n 10 python benchmarks/store_throughput.py [--articles 5000]
        [--claims-per-article 20] [--export-claims 1000000] [--pg postgresql://...]

Articles are the corpus of benchmarks/corpus.py (real texts from ../shared/corpora, varied
past the pool). Without --pg a throwaway PostgreSQL cluster is started in a temporary
folder (tests/pg_cluster.py: fsync off, Unix socket), so PostgreSQL figures are an upper
bound for a server with durable commits; SQLite runs with its shipped settings (WAL,
synchronous=NORMAL). What is timed, through the Store interface the pipeline uses:
- write articles: ``replace_document`` per document (one transaction each, full-text
  index included: SQLite's deferred flush at the end, PostgreSQL's trigger);
- write claims: ``insert_rows`` of one article's claims per transaction (the per-article
  stage save);
- read: ``get_article`` by random id; ``iter_articles`` over everything; full-text
  ``search`` of single words (20 hits a page); the claims export (``iter_claims``);
- export: ``newstrace export --what claims --format parquet`` of ``--export-claims``
  claims in a child process: wall time and the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from modules import load_file  # noqa: E402

from newstrace.claims.export import iter_claims  # noqa: E402
from newstrace.ids import article_id  # noqa: E402
from newstrace.records import Article  # noqa: E402
from newstrace.store import open_store  # noqa: E402
from newstrace.store.base import Store  # noqa: E402


def _load(name: str, path: Path) -> Any:
    return load_file(name, path)


def articles(n: int) -> list[Article]:
    corpus = _load("corpus", REPO / "benchmarks" / "corpus.py")
    out = []
    for rec in corpus.generate(n):
        src = rec["id"] + ".json"
        out.append(Article(id=article_id(src, 0), source=src, part=0, text=rec["text"], title=rec["title"],
                           outlet=rec["outlet"], published=rec["published"], published_precision="day"))
    return out


def claim_rows(a: Article, k: int) -> list[dict[str, Any]]:
    rows = []
    n = len(a.text)
    for j in range(k):
        s = (j * 997) % max(1, n - 200)
        rows.append({
            "id": f"c_{a.id}_{j}", "article_id": a.id, "kind": ("direct", "indirect", "mixed")[j % 3],
            "speaker_text": a.text[s : s + 12], "speaker_start": s, "speaker_end": s + 12,
            "speaker_entity_id": f"e_{j % 50}", "cue_text": "said", "cue_start": s + 13, "cue_end": s + 17,
            "content_text": a.text[s + 18 : s + 180], "content_start": s + 18, "content_end": s + 180,
        })
    return rows


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    t = time.perf_counter()
    n = fn()
    return time.perf_counter() - t, n


def bench_backend(db: str, arts: list[Article], per_article: int, words: list[str]) -> dict[str, float]:
    res: dict[str, float] = {}
    with open_store(db) as store:
        def write_articles() -> int:
            for a in arts:
                store.replace_document(a.source, "h", a.source, [a])
            store.flush_search_index()
            return len(arts)

        def write_claims() -> int:
            n = 0
            for a in arts:
                rows = claim_rows(a, per_article)
                with store.transaction():
                    store.insert_rows("claims", rows)
                n += len(rows)
            return n

        rng = random.Random(3)
        ids = [a.id for a in arts]

        def get_articles() -> int:
            for aid in rng.sample(ids, min(2000, len(ids))):
                store.get_article(aid)
            return min(2000, len(ids))

        def scan() -> int:
            return sum(1 for _ in store.iter_articles())

        def search() -> int:
            for w in words:
                store.search(w, limit=20)
            return len(words)

        def export_claims() -> int:
            return sum(1 for _ in iter_claims(store))

        for name, fn in [("write articles/s", write_articles), ("write claims rows/s", write_claims),
                         ("get_article/s", get_articles), ("scan articles/s", scan),
                         ("search queries/s", search), ("export claims rows/s", export_claims)]:
            secs, n = timed(fn)
            res[name] = n / secs
            print(f"  {name:24s} {n / secs:10.0f}   ({n} in {secs:.2f} s)", flush=True)
    return res


def fill_claims(store: Store, n: int) -> None:
    """``n`` claims over 1,000 stored articles, written in large transactions (setup only)."""
    arts = articles(1000)
    for a in arts:
        store.replace_document(a.source, "h", a.source, [a])
    per = max(1, n // len(arts))
    batch: list[dict[str, Any]] = []
    done = 0
    for a in arts:
        batch.extend(claim_rows(a, per))
        if len(batch) >= 50_000:
            with store.transaction():
                store.insert_rows("claims", batch)
            done += len(batch)
            batch = []
    with store.transaction():
        store.insert_rows("claims", batch)


def export_parquet(db: str, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``newstrace export`` in a child process."""
    code = (
        "import resource, sys, time; from newstrace.cli.main import run; t = time.perf_counter()\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        f"{_HWM}\nprint(time.perf_counter() - t, hwm())"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "export", "--db", db, "--what", "claims", "--format", "parquet", "-o", str(out)],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    secs, mib = r.stdout.split()[-2:]
    return float(secs), float(mib)


# A child's peak: VmHWM of its own address space (ru_maxrss would carry over the parent's
# resident size through fork + exec).
_HWM = (
    "def hwm():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) / 1024\n"
)
_PEER_SQL = "SELECT * FROM claims ORDER BY article_id, content_start, cue_start, id"


def peer_parquet(db: str, out: Path) -> tuple[float, float]:
    """The peer: the same claims rows read with sqlite3 and written with pyarrow in 50,000-row
    batches, no record building (what a hand-written dump costs), in a child process."""
    code = f"""
import resource, sqlite3, time
import pyarrow as pa, pyarrow.parquet as pq
t = time.perf_counter()
con = sqlite3.connect({db!r})
cur = con.execute({_PEER_SQL!r})
names = [d[0] for d in cur.description]
writer = None
while rows := cur.fetchmany(50_000):
    table = pa.Table.from_pydict({{n: [r[i] for r in rows] for i, n in enumerate(names)}})
    writer = writer or pq.ParquetWriter({str(out)!r}, table.schema)
    writer.write_table(table)
writer.close()
{_HWM}
print(time.perf_counter() - t, hwm())
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    secs, mib = r.stdout.split()[-2:]
    return float(secs), float(mib)


def _load_avg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--claims-per-article", type=int, default=20)
    ap.add_argument("--export-claims", type=int, default=1_000_000)
    ap.add_argument("--export-only", action="store_true", help="only the Parquet export of --export-claims")
    ap.add_argument("--pg", help="a postgresql:// URL of an empty database (default: a throwaway cluster)")
    a = ap.parse_args()

    cluster = None
    pg_url = a.pg
    if pg_url is None:
        pgmod = _load("pg_cluster", REPO / "tests" / "pg_cluster.py")
        cluster = pgmod.Cluster().start()
    try:
        arts = articles(a.articles if not a.export_only else 200)
        rng = random.Random(5)
        words = [w for a_ in rng.sample(arts, 200) for w in [rng.choice(a_.text.split())] if w.isalpha()]
        results: dict[str, dict[str, float]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for backend in ("sqlite", "postgresql") if not a.export_only else ():
                db = str(Path(tmp) / "w.db") if backend == "sqlite" else (pg_url or cluster.create_database())
                print(f"{backend}: {len(arts)} articles, {a.claims_per_article} claims each; {_load_avg()}", flush=True)
                results[backend] = bench_backend(db, arts, a.claims_per_article, words)
            print("\nPostgreSQL / SQLite:")
            for k in results.get("sqlite", {}):
                print(f"  {k:24s} {results['postgresql'][k] / results['sqlite'][k]:6.2f}x")

            print(f"\nParquet export of {a.export_claims:,} claims (child process):")
            for backend in ("sqlite", "postgresql"):
                db = str(Path(tmp) / "x.db") if backend == "sqlite" else cluster.create_database() if cluster else pg_url
                with open_store(db) as store:
                    fill_claims(store, a.export_claims)
                    n = store.count("claims")
                secs, mib = export_parquet(db, Path(tmp) / f"{backend}.parquet")
                size = (Path(tmp) / f"{backend}.parquet").stat().st_size / 2**20
                print(f"  {backend:10s} {n:,} claims in {secs:.1f} s ({n / secs:,.0f}/s), "
                      f"peak RSS {mib:.0f} MiB, file {size:.0f} MiB; {_load_avg()}", flush=True)
                if backend == "sqlite":
                    secs, mib = peer_parquet(db, Path(tmp) / "peer.parquet")
                    print(f"  {'peer':10s} sqlite3 + pyarrow, no records: {n / secs:,.0f}/s, "
                          f"peak RSS {mib:.0f} MiB; {_load_avg()}", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
    print(f"\n(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
