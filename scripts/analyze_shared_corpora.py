"""Run ``newstrace analyze`` over every corpus in ../shared, one at a time, each into a fresh
database, and print per corpus: documents, articles, problems (by stage), internal errors
(the CLI's last-resort exit 3: must be 0) and wall time. The table in docs/quality.md
("Robustness: every shared corpus analysed") comes from this script.

Two corpora are not in a format newstrace reads, and are converted into the work folder
first (nothing else is changed):
- case2021_t2: a TSV (id, EventSnippet, SubType) -> CSV with columns id, text, subtype;
- muc4: JSON Lines in ``.json`` files ({"docid", "doctext", ...}) -> ``.jsonl`` with
  id, text (the templates kept as metadata).

    nice -n 10 python scripts/analyze_shared_corpora.py [--only NAME ...] [--work DIR] [--max-docs N]

``--max-docs N`` analyses a subset where a full run does not fit the time at hand: every
k-th input file (or record of a converted corpus), k chosen so at most N remain, copied
into the work folder. The table says which rows are subsets.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def _case2021(work: Path) -> list[Path]:
    src = SHARED / "corpora/case2021_t2/test_set_final_release_with_labels.tsv"
    out = work / "case2021_t2.csv"
    with src.open(encoding="utf-8", newline="") as f, out.open("w", encoding="utf-8", newline="") as g:
        w = csv.writer(g)
        w.writerow(["id", "text", "subtype"])
        for row in csv.DictReader(f, delimiter="\t"):
            w.writerow([f"case-{row['id']}", row["EventSnippet"], row["SubType"]])
    return [out]


def _muc4(work: Path) -> list[Path]:
    outs = []
    for split in ("train", "dev"):
        out = work / f"muc4-{split}.jsonl"
        with (SHARED / f"corpora/muc4/{split}.json").open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    rec = {"id": d.pop("docid"), "text": d.pop("doctext"), **d}
                    g.write(json.dumps(rec, ensure_ascii=False) + "\n")
        outs.append(out)
    return outs


def _folders(*rel: str) -> Callable[[Path], list[Path]]:
    return lambda _work: [SHARED / r for r in rel]


CORPORA: dict[str, Callable[[Path], list[Path]]] = {
    "seeds": _folders("seeds"),
    "polnear (train+dev text)": _folders("corpora/polnear/train/text", "corpora/polnear/dev/text"),
    "ptc2020": _folders("corpora/ptc2020/train-articles"),
    # The three subtask folders hold mostly the same articles: the largest one (446).
    "semeval2023t3_en (train-articles-subtask-3)": _folders("corpora/semeval2023t3_en/train/train-articles-subtask-3"),
    "semeval2025t10_en": _folders("corpora/semeval2025t10_en/raw-documents"),
    "case2021_t2 (TSV -> CSV)": _case2021,
    "muc4 (JSON Lines -> .jsonl)": _muc4,
    "trafilatura_eval (HTML)": _folders("corpora/trafilatura_eval/pages"),
    "news_reuse_dev": _folders("corpora/news_reuse_dev/pages"),
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _input_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")) if p.is_dir() else [p])
    return files


def _subset(paths: list[Path], work: Path, max_docs: int) -> tuple[list[Path], str]:
    """Every k-th file (or line of a one-record-a-line file) so at most ``max_docs`` remain."""
    files = _input_files(paths)
    if len(files) == 1 and files[0].suffix == ".jsonl":
        body = files[0].read_text(encoding="utf-8").splitlines(keepends=True)
        if len(body) <= max_docs:
            return paths, ""
        step = -(-len(body) // max_docs)
        out = work / f"subset-{files[0].name}"
        out.write_text("".join(body[::step]), encoding="utf-8")
        return [out], f"1 in {step} of {len(body)} records"
    if len(files) <= max_docs:
        return paths, ""
    step = -(-len(files) // max_docs)
    folder = work / "subset"
    for i, f in enumerate(files[::step]):
        target = folder / f"{i:05d}-{f.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return [folder], f"1 in {step} of {len(files)} files"


def run(name: str, work: Path, max_docs: int | None = None) -> dict[str, object]:
    corpus_work = work / _slug(name)
    shutil.rmtree(corpus_work, ignore_errors=True)
    corpus_work.mkdir(parents=True)
    paths = CORPORA[name](corpus_work)
    subset = ""
    if max_docs:
        if len(paths) > 1 and all(p.suffix == ".jsonl" for p in paths):
            paths = paths[-1:]  # muc4: the dev file (the smaller one)
            subset = f"{paths[0].stem} only"
        paths, how = _subset(paths, corpus_work, max_docs)
        subset = "; ".join(x for x in (subset, how) if x)
    db = corpus_work / "corpus.db"
    cmd = [sys.executable, "-m", "newstrace", "analyze", *map(str, paths), "--db", str(db), "--quiet"]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    wall = time.monotonic() - start
    (corpus_work / "stderr.txt").write_text(proc.stderr, encoding="utf-8")
    with sqlite3.connect(db) as conn:
        documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        stages = Counter(dict(conn.execute("SELECT stage, COUNT(*) FROM problems GROUP BY stage").fetchall()))
        errors = Counter(dict(conn.execute("SELECT error, COUNT(*) FROM problems GROUP BY error").fetchall()))
    return {
        "corpus": name + (f" (subset: {subset})" if subset else ""),
        "exit": proc.returncode,
        "documents": documents,
        "articles": articles,
        "problems": sum(stages.values()),
        "by_stage": dict(stages),
        "by_error": dict(errors),
        "internal_errors": proc.stderr.count("internal error"),
        "wall_s": round(wall, 1),
        "summary": next((ln for ln in proc.stderr.splitlines() if "documents seen" in ln), ""),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", help="corpus names (or a prefix of them)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/newstrace-corpora"))
    ap.add_argument("--max-docs", type=int, help="analyse at most about N documents per corpus (a subset; see above)")
    args = ap.parse_args()
    names = [n for n in CORPORA if not args.only or any(n.startswith(o) for o in args.only)]
    results = []
    for name in names:
        r = run(name, args.work, args.max_docs)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    print("\n| corpus | documents | articles | problems (by stage) | internal errors | exit | wall time |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for r in results:
        by = ", ".join(f"{n} {s}" for s, n in sorted(r["by_stage"].items(), key=lambda kv: -kv[1]))  # type: ignore[attr-defined]
        print(f"| {r['corpus']} | {r['documents']} | {r['articles']} | {r['problems']}{f' ({by})' if by else ''} "
              f"| {r['internal_errors']} | {r['exit']} | {r['wall_s']:.0f} s |")


if __name__ == "__main__":
    main()
