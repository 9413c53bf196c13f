"""Ingest throughput and memory: newstrace vs trafilatura's bare extraction of the same HTML.

    PYTHONPATH=src nice -n 10 python benchmarks/throughput.py --pages ../shared/corpora/trafilatura_eval/pages --memory 300,600,900
    PYTHONPATH=src nice -n 10 python benchmarks/throughput.py [--docs 3000] [--memory 1000,2000,4000]

1. Real pages (``--pages DIR``: every .html file in DIR, e.g. the 923 pages of
   trafilatura_eval), or DOCS news pages generated from templates (varied site chrome,
   random paragraphs from a seeded word list) into a temporary folder.
2. Times, in this one run and on the same files:
   (a) trafilatura alone: ``bare_extraction(html)`` text only, and with its metadata;
   (b) newstrace: ``newstrace.pipeline.analyze.ingest`` (read, extract, clean, split,
       metadata, one SQLite transaction per document) into a temporary store.
   and reports documents/second and newstrace's overhead beyond extraction.
3. Memory: peak RSS of a fresh process ingesting the first N documents for each N of
   ``--memory`` (flat = streaming).

trafilatura reads each file's bytes (it decodes them itself); newstrace reads the folder.
newstrace's ingest does each document's work in a killable child process (the per-document
time limit): CPU seconds and peak memory count that child too (``os.times`` and
``RUSAGE_CHILDREN`` after the children are reaped at the end of ingest).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (  # noqa: SIM905 - a word list reads better as prose
    "council minister farmers police river harbour station budget village report court "
    "union election workers school museum bridge festival prices weather drought storm "
    "company factory hospital railway airport market tourists students scientists coast "
    "said announced warned agreed rejected expected reported confirmed promised estimated "
    "on Monday on Tuesday last week this year by March after talks despite protests "
    "the a of in to and for with from about more than percent million new old local "
    "regional national officials residents spokesperson director mayor government plan"
).split()
NAMES = ["Ana Costa", "Lars Nilsson", "Priya Raman", "Tomás Ruiz", "Ewa Nowak", "Kofi Mensah", "Mei Lin"]
PLACES = ["PORTO", "GDANSK", "ACCRA", "MADURAI", "TROMSØ", "CUSCO", "NAGOYA", "TARTU"]
SITES = ["Coastal Courier", "Valley Times", "Metro Ledger", "Harbour Post", "Plains Gazette"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 28))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def page(i: int, rng: random.Random) -> str:
    site, author = rng.choice(SITES), rng.choice(NAMES)
    title = " ".join(rng.choices(WORDS, k=rng.randint(5, 10))).capitalize()
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = [f"{rng.choice(PLACES)}, {date} - {paragraph(rng)}"]
    paras += [paragraph(rng) for _ in range(rng.randint(4, 14))]
    if rng.random() < 0.5:
        paras.insert(2, f'"{sentence(rng)}" said {rng.choice(NAMES)}.')
    nav = "".join(f"<li><a href='/s{k}'>{w}</a></li>" for k, w in enumerate(rng.sample(WORDS, 12)))
    related = "".join(f"<li><a href='/r{k}'>{' '.join(rng.choices(WORDS, k=8))}</a></li>" for k in range(5))
    body = "".join(f"<p>{p}</p>" for p in paras)
    template = i % 3
    if template == 0:
        main = f"<article><h1>{title}</h1><p class='byline'>By {author}</p><div class='share'><a>Share</a> <a>Tweet</a></div>{body}</article>"
    elif template == 1:
        main = f"<div class='c1'><div class='h'>{title}</div><div class='a'>{author}</div><div class='b'>{body}</div></div>"
    else:
        half = len(paras) // 2
        main = (f"<main><h1>{title}</h1><span class='author'>{author}</span>" + "".join(f"<p>{p}</p>" for p in paras[:half])
                + "<div class='ad-slot'>Advertisement</div>" + "".join(f"<p>{p}</p>" for p in paras[half:]) + "</main>")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | {site}</title>"
        f"<meta property='og:site_name' content='{site}'><meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{date}T08:00:00Z'>"
        f"<script>window.cfg={{'id':{i}}};</script></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>{main}"
        f"<section class='related'><h3>Related</h3><ul>{related}</ul></section>"
        f"<footer>&copy; 2024 {site}. All rights reserved.</footer></body></html>"
    )


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = folder / f"{i // 1000:03d}" / f"page-{i:05d}.html"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(page(i, rng), encoding="utf-8")
        paths.append(p)
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (ingest's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def time_trafilatura(paths: list[Path], with_metadata: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) for reading and extracting every page."""
    import trafilatura

    start, cpu = time.perf_counter(), cpu_seconds()
    for p in paths:
        trafilatura.bare_extraction(p.read_bytes(), with_metadata=with_metadata)
    return time.perf_counter() - start, cpu_seconds() - cpu


def time_newstrace(folder: Path, db: Path) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, articles stored, documents with a problem) for
    ingesting the folder. Real pages include some without article text: counted, as
    ``analyze`` reports them."""
    from newstrace.pipeline.analyze import ingest
    from newstrace.store import open_store

    start, cpu = time.perf_counter(), cpu_seconds()
    with open_store(str(db)) as store:
        summary = ingest([folder], store)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return elapsed, cpu, summary.articles_stored, len(summary.problems)


def copy_pages(pages: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, p in enumerate(pages):
        target = folder / f"{i:05d}-{p.name}"
        shutil.copyfile(p, target)
        out.append(target)
    return out


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not ru_maxrss: Linux carries that over
    from the parent across exec, so a child would report the benchmark's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_children_mb() -> float:
    """The largest peak resident set among this process's ended children (ingest's
    per-document workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def peak_rss_child(n: int, pages_dir: Path | None) -> dict[str, float]:
    """Ingest n pages (the first n real pages, or n generated ones) in a fresh process;
    its peak RSS and its workers' in MB."""
    make = (
        f"copy_pages(sorted(Path({str(pages_dir)!r}).glob('*.html'))[:{n}], folder)"
        if pages_dir else f"generate(folder, {n})"
    )
    code = f"""
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from throughput import copy_pages, generate, peak_rss_children_mb, peak_rss_mb, time_newstrace
import newstrace.pipeline.analyze, newstrace.store, trafilatura  # imports are not corpus memory
with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp) / "pages"
    {make}
    base = peak_rss_mb()
    elapsed, _, articles, _ = time_newstrace(folder, Path(tmp) / "m.db")
    peak = peak_rss_mb()
print(json.dumps({{"docs": {n}, "peak_rss_mb": peak, "worker_peak_rss_mb": peak_rss_children_mb(),
                  "rss_before_ingest_mb": base, "seconds": elapsed}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, help="a folder of real .html pages to use instead of generated ones")
    parser.add_argument("--docs", type=int, default=3000, help="generated pages for the timing runs (0: memory runs only)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--memory", default="1000,2000,4000", help="document counts for the RSS runs ('' to skip)")
    args = parser.parse_args()

    if args.pages or args.docs > 0:
        timing(args)
    sizes = [int(s) for s in args.memory.split(",") if s.strip()]
    if sizes:
        print(f"\n{'docs':>6}{'peak RSS MB':>13}{'worker peak MB':>16}{'RSS before ingest MB':>22}{'docs/s':>9}")
        for size in sizes:
            r = peak_rss_child(size, args.pages)
            print(f"{r['docs']:>6}{r['peak_rss_mb']:>13.0f}{r['worker_peak_rss_mb']:>16.0f}"
                  f"{r['rss_before_ingest_mb']:>22.0f}{r['docs'] / r['seconds']:>9.1f}")


def timing(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        if args.pages:
            paths = copy_pages(sorted(args.pages.glob("*.html")), folder)
            what = f"real pages from {args.pages}"
        else:
            paths = generate(folder, args.docs)
            what = "generated pages"
        n = len(paths)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{n} {what}, {size_mb:.1f} MB of HTML")
        # Warm-up: imports and lazy initialisation (trafilatura's, and newstrace's store
        # migrations and language model) are not per-document costs.
        time_trafilatura(paths[:20], True)
        warm = Path(tmp) / "warm"
        copy_pages(paths[:20], warm)
        time_newstrace(warm, Path(tmp) / "warm.db")
        # The machine may be shared: each run is repeated, interleaved, and the fastest kept;
        # CPU time (this process only) is reported beside wall time.
        runs: dict[str, list[tuple[float, float]]] = {"bare": [], "meta": [], "newstrace": []}
        articles = problems = 0
        for r in range(args.repeat):
            runs["bare"].append(time_trafilatura(paths, with_metadata=False))
            runs["meta"].append(time_trafilatura(paths, with_metadata=True))
            wall, cpu, articles, problems = time_newstrace(folder, Path(tmp) / f"bench{r}.db")
            runs["newstrace"].append((wall, cpu))
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in runs.items()}
    labels = {
        "bare": "trafilatura bare_extraction (text only)",
        "meta": "trafilatura bare_extraction (with metadata)",
        "newstrace": "newstrace ingest (extract+clean+metadata+store)",
    }
    print(f"best of {args.repeat} runs each")
    print(f"{'run':<50}{'wall s':>8}{'docs/s':>9}{'CPU s':>8}{'docs/CPU-s':>12}")
    for k, label in labels.items():
        wall, cpu = best[k]
        print(f"{label:<50}{wall:>8.1f}{n / wall:>9.1f}{cpu:>8.1f}{n / cpu:>12.1f}")
    print(f"articles stored: {articles}; documents with a problem (e.g. no article text): {problems}")
    for k in ("bare", "meta"):
        wall = best["newstrace"][0] / best[k][0]
        cpu = best["newstrace"][1] / best[k][1]
        print(f"newstrace time / {labels[k]}: wall {wall:.2f}x, CPU {cpu:.2f}x")


if __name__ == "__main__":
    main()
