"""Build the databases the web benchmarks run on, from real texts in ../shared/corpora.

Two steps, each a sub-command:

``base OUT.db``  analyses real articles through the product path (``newstrace analyze``):
                 PolNeAR train + dev (US political news, 924), SemEval-2023 task 3 train (433,
                 international news), news_reuse_dev (74 wire stories and their reprints),
                 MUC-4 dev (200 terrorism reports). About 1,700 articles.
``grow BASE.db OUT.db --articles N``  copies the analysed base to N articles the way a real
                 scraped corpus grows: each added article is a reprint of a base article by
                 another outlet (a wire story picked up hours to days later), whole or cut
                 after a paragraph, with the base article's mentions, claims and events carried
                 over at the same offsets (no NLP is run again), and its framing
                 (persuasion-technique spans, entity roles, genre and frames). The reuse of each copy is
                 written as the copy was made (the shared text, verbatim: from the original,
                 directed; with the previous copy of the same original, direction unknown):
                 the reuse stage's alignment of ~25,000 near-identical pairs would take hours
                 on 2 cores and measures nothing the web app does. The other corpus stages
                 (entity resolution, event groups, claim statements, stories) run on the grown
                 corpus as ``analyze`` runs them.

    nice -n 10 /work/bin/py benchmarks/web_corpus.py base /tmp/web-base.db
    nice -n 10 /work/bin/py benchmarks/web_corpus.py grow /tmp/web-base.db /tmp/web-10k.db --articles 10000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"

# Outlets the grown copies are attributed to: (name, kind, country). Real-sounding spread of
# kinds so the outlet-kind facets have something to show.
REPRINT_OUTLETS = [
    ("Reuters", "wire agency", "GB"), ("Associated Press", "wire agency", "US"), ("AFP", "wire agency", "FR"),
    ("Xinhua", "state media", "CN"), ("TASS", "state media", "RU"), ("Anadolu Agency", "state media", "TR"),
    ("The Straits Times", "newspaper", "SG"), ("Dawn", "newspaper", "PK"), ("The Guardian", "newspaper", "GB"),
    ("Gulf News", "newspaper", "AE"), ("The Hindu", "newspaper", "IN"), ("Daily Sabah", "newspaper", "TR"),
    ("BBC News", "broadcaster", "GB"), ("Al Jazeera", "broadcaster", "QA"), ("NHK World", "broadcaster", "JP"),
    ("Yahoo News", "aggregator", "US"), ("MSN", "aggregator", "US"), ("Daily Top Feeds", "aggregator", None),
    ("Global Domains News", "other", None), ("Earth Press News", "other", None),
]


def base_records() -> Iterator[dict[str, object]]:
    """One JSON record per real article: id, title, text, outlet, published where known."""
    meta: dict[str, dict[str, str]] = {}
    with (CORPORA / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    for split in ("train", "dev"):
        for path in sorted((CORPORA / "polnear" / split / "text").glob("*.txt")):
            m = meta.get(path.stem, {})
            text = path.read_text(encoding="utf-8")
            yield {
                "id": f"polnear/{path.stem}", "text": text, "title": m.get("title") or None,
                "outlet": m.get("publisher") or path.stem.split("_", 1)[0],
                "published": m.get("publication_date") or None,
            }
    for path in sorted((CORPORA / "semeval2023t3_en" / "train" / "train-articles-subtask-1").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        yield {"id": f"semeval2023/{path.stem}", "title": title.strip() or None, "text": body.strip() or text}
    reuse_meta = json.loads((CORPORA / "news_reuse_dev" / "meta.json").read_text(encoding="utf-8"))
    for path in sorted((CORPORA / "news_reuse_dev" / "pages").glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        m = reuse_meta.get(page["id"], {})
        yield {"id": f"news_reuse/{page['id']}", "url": page.get("url"), "text": page["text"],
               "outlet": m.get("outlet"), "published": m.get("date")}
    for line in (CORPORA / "muc4" / "dev.json").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        yield {"id": f"muc4/{doc['docid']}", "text": doc["doctext"]}


def build_base(out: Path, workers: int) -> None:
    if not CORPORA.exists():
        sys.exit(f"{CORPORA} is absent: the generator reads the shared corpora beside the repo.")
    jsonl = out.with_suffix(".input.jsonl")
    n = 0
    with jsonl.open("w", encoding="utf-8") as fh:
        for rec in base_records():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} real articles -> {jsonl}", flush=True)
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "newstrace", "analyze", str(jsonl), "--db", str(out), "--workers", str(workers)]
    subprocess.run(cmd, check=False)
    print(f"analysed in {time.monotonic() - t0:.0f} s", flush=True)


# -- grow ------------------------------------------------------------------------------------
def _shift(published: str | None, rng: random.Random) -> tuple[str | None, str | None]:
    """A reprint's date and time: the same day or up to 3 days later, at some hour."""
    hour = f"{rng.randrange(5, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    if not published or len(published) < 10:
        base = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 3))
        return base.isoformat(), hour
    d = date.fromisoformat(published[:10]) + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    return d.isoformat(), hour


def grow(base: Path, out: Path, articles: int, seed: int) -> None:
    from newstrace.ids import digest
    from newstrace.pipeline import registry
    from newstrace.pipeline.analyze import run_corpus_stages
    from newstrace.store import open_store

    rng = random.Random(seed)
    shutil.copy(base, out)
    for suffix in ("-wal", "-shm"):
        if Path(str(base) + suffix).exists():
            shutil.copy(Path(str(base) + suffix), Path(str(out) + suffix))
    open_store(str(out)).close()  # this version's migrations first
    conn = sqlite3.connect(out)
    conn.row_factory = sqlite3.Row
    cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
    have = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    originals = [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]
    # Per-article rows carried over to each copy, with the column that ends each row's span
    # (a cut copy keeps the rows inside its text); framing's per-article row whole.
    ends = {"mentions": "end_char", "claims": "content_end", "events": "sentence_end",
            "techniques": "end_char", "roles": "end_char", "article_framing": None}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    per_table = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in ends if t in tables}
    has_time = "published_time" in cols
    has_outlets = "outlet_id" in cols
    outlet_ids: dict[str, str] = {}
    if has_outlets:
        # Outlets as the registry knows them (kind, country), else as listed above.
        from newstrace.outlets.registry import registry as outlet_registry

        listed = {name: (kind, country) for name, kind, country in REPRINT_OUTLETS}
        names = {r[0] for r in conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")}
        for name in sorted(names | set(listed)):
            o = outlet_registry().for_name(name)
            if o is None:
                continue
            kind, country = listed.get(name, (None, None))
            conn.execute(
                "INSERT OR IGNORE INTO outlets (id, name, kind, country, registered) VALUES (?, ?, ?, ?, ?)",
                (o.id, o.name, o.kind or kind, o.country or country, int(o.registered)),
            )
            outlet_ids[name] = o.id
            conn.execute("UPDATE articles SET outlet_id = ? WHERE outlet = ? AND outlet_id IS NULL", (o.id, name))
        conn.commit()
        originals = [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]
    t0 = time.monotonic()
    last_copy: dict[str, tuple[str, int, str]] = {}  # original id -> (copy id, its length, its date)
    conn.execute("BEGIN")
    for k in range(articles - have):
        src = rng.choice(originals)
        text: str = src["text"]
        paras = text.split("\n\n")
        if len(paras) > 3 and rng.random() < 0.4:  # a cut reprint: the first paragraphs only
            keep = rng.randrange(2, len(paras))
            text = "\n\n".join(paras[:keep])
        name, _kind, _country = rng.choice(REPRINT_OUTLETS)
        published, hhmm = _shift(src["published"], rng)
        new_id = "a_" + digest("web-bench", src["id"], str(k))[:16]
        row = dict(src)
        row.update(
            id=new_id, source=f"reprint/{k:06d}", part=0, text=text, outlet=name, published=published,
            published_precision="day", url=None, content_hash=digest("web-bench-doc", str(k)),
        )
        if has_time:
            row["published_time"] = hhmm
        if has_outlets:
            row["outlet_id"] = outlet_ids.get(name)
        conn.execute(
            "INSERT INTO documents (source, content_hash, input_path, article_count) VALUES (?, ?, 'web-bench', 1)",
            (row["source"], row["content_hash"]),
        )
        conn.execute(
            f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",  # noqa: S608
            [row.get(c) for c in cols],
        )
        n = len(text)
        for table, tcols in per_table.items():
            end_col = ends[table]
            inside = f" AND {end_col} <= ?" if end_col else ""
            args = (src["id"], n) if end_col else (src["id"],)
            rows = conn.execute(f"SELECT * FROM {table} WHERE article_id = ?{inside}", args).fetchall()  # noqa: S608
            for r in rows:
                d = dict(r)
                d["article_id"] = new_id
                if "id" in d:
                    d["id"] = d["id"] + "_" + new_id[2:10]
                if table == "events":
                    d["event_group"] = None
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(tcols)}) VALUES ({', '.join('?' for _ in tcols)})",  # noqa: S608
                    [d[c] for c in tcols],
                )
        conn.execute(
            "INSERT INTO stage_runs (article_id, stage, version) SELECT ?, stage, version FROM stage_runs WHERE article_id = ?",
            (new_id, src["id"]),
        )
        # The copy's reuse, as made: the original's first n characters, verbatim.
        links = [(src["id"], n, "a_to_b" if (src["published"] or "") <= published else "unknown")]
        if src["id"] in last_copy:
            prev, prev_n, _prev_date = last_copy[src["id"]]
            links.append((prev, min(n, prev_n), "unknown"))
        last_copy[src["id"]] = (new_id, n, published)
        for other, shared, direction in links:
            a, b = sorted((other, new_id))
            if direction == "a_to_b" and a != other:
                direction = "b_to_a"
            conn.execute(
                "INSERT OR IGNORE INTO reuse_pairs (article_a, article_b, direction, evidence_json, same_outlet, covered_a, covered_b) "
                "VALUES (?, ?, ?, ?, 0, 1.0, 1.0)",
                (a, b, direction, json.dumps(["benchmark copy"])),
            )
            conn.execute(
                "INSERT OR IGNORE INTO reuse_passages (article_a, article_b, seq, a_start, a_end, b_start, b_end, similarity, kind) "
                "VALUES (?, ?, 0, 0, ?, 0, ?, 1.0, 'verbatim')",
                (a, b, shared, shared),
            )
        if (k + 1) % 1000 == 0:
            print(f"  {have + k + 1} articles ({time.monotonic() - t0:.0f} s)", flush=True)
    conn.execute("COMMIT")
    conn.close()
    print(f"copied to {articles} articles in {time.monotonic() - t0:.0f} s; running the corpus stages", flush=True)
    t1 = time.monotonic()
    with open_store(str(out)) as store:
        store.flush_search_index()
        stages = [ref for ref in registry.CORPUS_STAGES if not ref.endswith(":ReuseStage")]
        run_corpus_stages(stages, store, None)
    print(f"corpus stages in {time.monotonic() - t1:.0f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("base", help="analyse the real base articles")
    b.add_argument("out", type=Path)
    b.add_argument("--workers", type=int, default=1)
    g = sub.add_parser("grow", help="grow an analysed base to N articles")
    g.add_argument("base", type=Path)
    g.add_argument("out", type=Path)
    g.add_argument("--articles", type=int, default=10_000)
    g.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    if args.cmd == "base":
        build_base(args.out, args.workers)
    else:
        grow(args.base, args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
