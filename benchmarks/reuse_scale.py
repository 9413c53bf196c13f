"""Scale benchmark for the reuse stage, with datasketch MinHashLSH as the reference.

Synthetic corpus (deterministic, seed 7): N articles of 12-20 sentences from a Zipf
vocabulary of 30,000 pseudo-words mixed with real English function words. One article in
ten is a planted copy: 4-6 consecutive sentences of a random earlier article, embedded in
fresh sentences, copied either verbatim, edited (about 8% of words changed) or reworded
(35% of content words replaced by another word, function words dropped or changed).

Each system runs in its own child process (peak RSS is the child's own):
- newstrace: articles stored in a fresh SQLite store, then ``ReuseStage.run`` (index,
  candidates, alignment, direction); time of the stage alone and of the whole child.
  Embeddings on (the default: sentence encoding, meaning keys, reworded-passage checks).
- newstrace-lexical: the same with ``NEWSTRACE_EMBEDDINGS=0`` (shingle keys and lexical
  alignment only): the cost the embedding pass is compared with.
- datasketch: MinHashLSH (threshold 0.3, 128 permutations) over passages of 3 sentences
  (word 5-gram shingles); a planted pair counts as found when any passage of the copy
  retrieves a passage of its source. No alignment, offsets or direction: a reference for
  candidate recall and cost only.

Run: nice -n 10 python benchmarks/reuse_scale.py 10000 30000 [--systems=newstrace,datasketch]
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "as",
    "by",
    "at",
    "from",
    "it",
    "an",
    "be",
    "this",
    "which",
    "or",
    "are",
    "were",
    "has",
    "had",
    "not",
    "but",
    "his",
    "her",
    "their",
    "its",
    "after",
    "before",
    "over",
    "under",
    "about",
    "into",
    "than",
    "more",
]


def corpus(n: int, seed: int = 7) -> tuple[list[str], list[tuple[int, int, str]]]:
    rng = random.Random(seed)
    vocab = [f"w{k:x}z" for k in range(30_000)]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)

    def sentence() -> str:
        words = []
        for content in rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 14)):
            words.append(content)
            if rng.random() < 0.6:
                words.append(rng.choice(FUNCTION))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def sents(text: str) -> list[str]:
        return [s if s.endswith(".") else s + "." for s in text.split(". ")]

    def edit(s: str, p: float) -> str:
        words = [rng.choice(vocab) if rng.random() < p else w for w in s.rstrip(".").split(" ")]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def reword(s: str) -> str:
        out = []
        for w in s.rstrip(".").split(" "):
            if w in FUNCTION:
                if rng.random() < 0.5:
                    continue
                w = rng.choice(FUNCTION)
            elif rng.random() < 0.35:
                w = rng.choice(vocab)
            out.append(w)
        return (out[0].capitalize() + " " + " ".join(out[1:]) + ".") if out else "."

    texts: list[str] = []
    planted: list[tuple[int, int, str]] = []
    kinds = ("verbatim", "edited", "reworded")
    for i in range(n):
        if i >= 20 and i % 10 == 0:
            src = rng.randrange(0, i)
            ss = sents(texts[src])
            k = rng.randint(4, 6)
            start = rng.randrange(0, max(1, len(ss) - k))
            block = ss[start : start + k]
            kind = kinds[(i // 10) % 3]
            if kind == "edited":
                block = [edit(s, 0.08) for s in block]
            elif kind == "reworded":
                block = [reword(s) for s in block]
            before = [sentence() for _ in range(rng.randint(3, 6))]
            after = [sentence() for _ in range(rng.randint(3, 6))]
            texts.append(" ".join(before + block + after))
            planted.append((src, i, kind))
        else:
            texts.append(" ".join(sentence() for _ in range(rng.randint(12, 20))))
    return texts, planted


def run_newstrace(n: int) -> dict[str, object]:
    from newstrace.ids import article_id, content_hash
    from newstrace.nlp import encoder
    from newstrace.records import Article
    from newstrace.reuse.stage import ReuseStage
    from newstrace.store import open_store

    t0 = time.perf_counter()
    texts, planted = corpus(n)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as store:
        ids = [article_id(f"doc{i}", 0) for i in range(n)]
        with store.transaction():
            for i, t in enumerate(texts):
                a = Article(
                    id=ids[i], source=f"doc{i}", part=0, text=t, content_hash=content_hash(t)
                )
                store.replace_document(a.source, a.content_hash, "bench", [a])
        t1 = time.perf_counter()
        phases: dict[str, list[float]] = {}
        c1 = time.process_time()

        def progress(phase: str, done: int, total: int) -> None:
            # Last report of each phase: [wall s, CPU s] since the stage started, and its
            # count (articles keyed, candidate pairs, pairs aligned).
            phases[phase] = [
                round(time.perf_counter() - t1, 1),
                round(time.process_time() - c1, 1),
                done,
            ]

        ReuseStage().run(store, progress)
        t2 = time.perf_counter()
        stage_cpu = time.process_time() - c1
        found = {
            (r["article_a"], r["article_b"])
            for r in store.query("SELECT article_a, article_b FROM reuse_pairs")
        }
        db_mb = (Path(tmp) / "b.db").stat().st_size / 2**20
    by_kind: dict[str, list[int]] = {}
    for s, c, kind in planted:
        pair = tuple(sorted((ids[s], ids[c])))
        by_kind.setdefault(kind, []).append(pair in found)
    # Reported pairs that no chain of planted copies explains (a copy of a copy shares
    # text with the first source too): false positives.
    import networkx as nx

    chains = nx.Graph((ids[s], ids[c]) for s, c, _ in planted)
    unexplained = sum(
        1
        for x, y in found
        if not (chains.has_node(x) and chains.has_node(y) and nx.has_path(chains, x, y))
    )
    return {
        "system": "newstrace" if os.environ.get("NEWSTRACE_EMBEDDINGS") != "0" else "newstrace-lexical",
        "articles": n,
        "stage_seconds": round(t2 - t1, 1),
        "stage_cpu_seconds": round(stage_cpu, 1),
        "sentences_encoded": encoder.stats["sentences"],
        "encoding_seconds": round(encoder.stats["seconds"], 1),
        "total_seconds": round(t2 - t0, 1),
        "pairs_reported": len(found),
        "planted": len(planted),
        "unexplained_pairs": unexplained,
        "recall": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items())},
        "db_mb": round(db_mb, 1),
        "phase_end_wall_cpu_count": phases,
    }


def run_datasketch(n: int) -> dict[str, object]:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    texts, planted = corpus(n)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    owner: dict[str, int] = {}
    sketches: list[tuple[str, MinHash]] = []
    for i, t in enumerate(texts):
        _REACHED["articles indexed"] = i
        ss = t.lower().replace(".", "").split(" ")
        sents = t.split(". ")
        for w in range(0, max(1, len(sents) - 2)):
            words = " ".join(sents[w : w + 3]).lower().replace(".", "").split()
            m = MinHash(num_perm=128)
            m.update_batch(
                [" ".join(words[k : k + 5]).encode() for k in range(max(1, len(words) - 4))]
            )
            key = f"{i}:{w}"
            lsh.insert(key, m)
            owner[key] = i
            sketches.append((key, m))
        del ss
    pairs = set()
    for key, m in sketches:
        me = owner[key]
        for other in lsh.query(m):
            o = owner[other]
            if o != me:
                pairs.add((min(me, o), max(me, o)))
    del sketches
    t2 = time.perf_counter()
    by_kind: dict[str, list[int]] = {}
    for s, c, kind in planted:
        by_kind.setdefault(kind, []).append((min(s, c), max(s, c)) in pairs)
    return {
        "system": "datasketch MinHashLSH",
        "articles": n,
        "stage_seconds": round(t2 - t1, 1),
        "total_seconds": round(t2 - t0, 1),
        "pairs_reported": len(pairs),
        "planted": len(planted),
        "recall": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items())},
    }


# Address-space limits: newstrace must stay under the 4 GiB target (it fails with a
# MemoryError otherwise); the reference gets 8 GiB so it cannot starve the shared machine.
MEMORY_LIMIT = {"newstrace": 4 * 2**30, "newstrace-lexical": 4 * 2**30, "datasketch": 8 * 2**30}


_REACHED: dict[str, int] = {}  # how far a run got, reported if it runs out of memory


def child(system: str, n: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT[system], MEMORY_LIMIT[system]))
    t0 = time.perf_counter()
    if system == "newstrace-lexical":
        os.environ["NEWSTRACE_EMBEDDINGS"] = "0"
    try:
        out = run_newstrace(n) if system.startswith("newstrace") else run_datasketch(n)
    except MemoryError:
        out = {
            "system": system,
            "articles": n,
            "stopped": f"MemoryError at the {MEMORY_LIMIT[system] // 2**30} GiB limit",
            "reached": dict(_REACHED),
            "total_seconds": round(time.perf_counter() - t0, 1),
        }
    use = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_rss_mb"] = round(use.ru_maxrss / 1024, 1)
    # CPU seconds of the child: the machine is shared, so wall time depends on the load.
    out["cpu_seconds"] = round(use.ru_utime + use.ru_stime, 1)
    print(json.dumps(out))


def main(sizes: list[int], systems: tuple[str, ...]) -> None:
    print(
        "| system | articles | stage s (wall) | stage CPU s | child total s (wall) | child CPU s | peak RSS MB | pairs | planted "
        "| recall verbatim / edited / reworded |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for system in systems:
            res = subprocess.run(
                [sys.executable, __file__, "--child", system, str(n)],
                capture_output=True,
                text=True,
            )
            if res.returncode:
                print(f"| {system} | {n} | failed: {res.stderr.strip()[-300:]} |")
                continue
            r = json.loads(res.stdout.strip().splitlines()[-1])
            if "stopped" in r:
                print(f"| {system} | {n} | stopped: {r['stopped']}, {r['reached']} |", flush=True)
                print(f"<!-- {json.dumps(r)} -->", flush=True)
                continue
            rec = r["recall"]
            print(
                f"| {r['system']} | {n} | {r['stage_seconds']} | {r.get('stage_cpu_seconds', '-')} | {r['total_seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | "
                f"{r['pairs_reported']} | {r['planted']} | {rec.get('verbatim')} / {rec.get('edited')} / {rec.get('reworded')} |",
                flush=True,
            )
            print(f"<!-- {json.dumps(r)} -->", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        args = [a for a in sys.argv[1:] if not a.startswith("--systems=")]
        chosen = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--systems=")]
        main(
            [int(a) for a in args] or [10_000, 30_000, 100_000],
            tuple(chosen[0].split(",")) if chosen else ("newstrace-lexical", "newstrace", "datasketch"),
        )
