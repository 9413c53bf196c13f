"""Server time per page and latency under concurrent clients, for ``newstrace serve``.

Starts ``newstrace serve`` on a free 127.0.0.1 port (a separate process, as analysts run
it), then:
1. every page kind, one after another: the app's own time (its ``Server-Timing`` header)
   for the first request (cold: nothing cached) and the median of ``--repeat`` more; as the
   peer in the same run, the app's smallest answer (a static file: the framework's floor);
2. ``--clients`` concurrent clients, each following a random walk over all page kinds with
   varied parameters (other pages, other filters, other search words, so caches help only
   as they would for real users), until ``--requests`` requests or ``--seconds`` have
   passed: requests/s, p50 / p95 / max latency as the clients see it, per page kind too.

Bounded in count and time; only 127.0.0.1. The database is built by web_corpus.py:

    nice -n 10 /work/bin/py benchmarks/web_load.py /tmp/web-10k.db --clients 8 --requests 600 --seconds 300
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

WORDS = ["said", "Clinton", "Trump", "attack", "police", "election", "Syria", "minister", "email", "border",
         "refugees", "campaign", "Daesh", "ISIS", "killed", "debate", "Russia", "health", "tax", "Iran"]
QUERIES = ['"White House"', "Clinton -Trump", "milit*", "attack OR bombing", "(Syria OR Iraq) killed",
           "title:Trump", "-said", "email AND server", "refugee* border"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pool(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """URLs of each page kind, drawn from the database (many of each, for the load phase)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def col(sql: str, n: int = 40) -> list[str]:
        return [r[0] for r in con.execute(sql + f" LIMIT {n}") if r[0] is not None]

    q = urllib.parse.quote
    # Samples drawn with the seeded generator, so two runs (old code, new code) ask for the same URLs.
    arts = rng.sample([r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")], 200)
    ents = col("SELECT id FROM entities ORDER BY mention_count DESC", 60)
    outlets = col("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC", 20)
    stories = col("SELECT id FROM stories ORDER BY size DESC", 60)
    groups = col("SELECT event_group FROM events WHERE event_group IS NOT NULL GROUP BY event_group ORDER BY COUNT(*) DESC", 60)
    pairs = con.execute("SELECT article_a, article_b FROM reuse_pairs WHERE same_outlet = 0 ORDER BY article_a, article_b").fetchall()
    pairs = rng.sample(pairs, min(60, len(pairs)))
    has_framing = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'techniques'").fetchone() is not None
    techniques = col("SELECT technique FROM techniques GROUP BY technique ORDER BY COUNT(*) DESC", 4) if has_framing else []
    types = col("SELECT DISTINCT type FROM events", 20)
    pool: dict[str, list[str]] = {
        "overview": ["/"] + [f"/?outlet={q(o)}" for o in outlets[:8]] + [f"/?entity={e}" for e in ents[:10]]
        + [f"/?technique={q(t)}" for t in techniques],
        "articles": ["/articles", "/articles?sort=oldest", "/articles?sort=outlet"] + [f"/articles?outlet={q(o)}" for o in outlets]
        + [f"/articles?technique={q(t)}" for t in techniques],
        "article": [f"/articles/{a}" for a in arts],
        "search": [f"/search?q={q(w)}" for w in WORDS] + [f"/search?q={q(x)}" for x in QUERIES]
        + [f"/search?q={q(w)}&sort=newest&outlet={q(rng.choice(outlets))}" for w in WORDS[:8]]
        + [f"/search?q={q(w)}&technique={q(t)}" for w, t in zip(WORDS[8:], techniques, strict=False)],
        "api_search": [f"/api/search?q={q(w)}&facets=1" for w in WORDS],
        "claims": ["/claims", "/claims?sort=newest", "/claims?kind=direct"] + [f"/claims?speaker={e}" for e in ents[:20]]
        + [f"/claims?q={q(w)}" for w in WORDS[:10]] + [f"/claims?outlet={q(o)}" for o in outlets[:8]]
        + [f"/claims?entity={e}" for e in ents[:5]],
        "entities": ["/entities", "/entities?type=PERSON", "/entities?name=trump", "/entities/duplicates"]
        + [f"/entities?name={q(w.lower())}" for w in WORDS[:8]],
        "entity": [f"/entities/{e}" for e in ents],
        "events": ["/events", "/events?sort=fatalities", "/events/disagreements"]
        + [f"/events?type={q(t)}" for t in types] + ["/api/events/points"] + [f"/events/group/{g}" for g in groups[:30]],
        "reuse": ["/reuse"] + [f"/reuse/{a}/{b}" for a, b in pairs],
        "stories": ["/stories"] + [f"/stories/{s}" for s in stories],
        "api": ["/api/overview", "/api/claims", "/api/records/claims", "/api/records/events"]
        + [f"/api/articles/{a}" for a in arts[:30]] + [f"/api/entities/{e}" for e in ents[:20]],
    }
    con.close()
    return pool


def _get(base: str, path: str) -> tuple[int, float, float]:
    """(status, client seconds, app milliseconds from Server-Timing)."""
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=60) as r:  # noqa: S310 - 127.0.0.1 only
            r.read()
            status, timing = r.status, r.headers.get("Server-Timing", "")
    except urllib.error.HTTPError as e:
        e.read()
        status, timing = e.code, e.headers.get("Server-Timing", "")
    took = time.perf_counter() - t
    app_ms = float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
    return status, took, app_ms


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def _sweep(base: str, pool: dict[str, list[str]], out: dict[str, Any], pid: int) -> None:
    """Every URL of the pool once, one at a time: the app time of each (and the server's
    CPU time, from /proc in clock ticks: per page kind, not per URL), the slowest listed."""
    times = []
    cpu: dict[str, list[float]] = defaultdict(list)
    for kind, urls in pool.items():
        for path in urls:
            cpu0 = _cpu_seconds(pid)
            status, _, app_ms = _get(base, path)
            cpu[kind].append((_cpu_seconds(pid) - cpu0) * 1000)
            times.append((app_ms, kind, path, status))
    times.sort(reverse=True)
    over = [t for t in times if t[0] >= 300]
    print(f"\nsweep: {len(times)} URLs, each once, load average {os.getloadavg()[0]:.1f}; app time p50 "
          f"{_pct([t[0] for t in times], .5):.0f} ms, p95 {_pct([t[0] for t in times], .95):.0f} ms; {len(over)} at 300 ms or more")
    print(f"{'page kind':<12} {'n':>4} {'app p50':>8} {'app p95':>8} {'app max':>8} {'CPU mean':>9}")
    for kind in pool:
        a = [t[0] for t in times if t[1] == kind]
        print(f"{kind:<12} {len(a):>4} {_pct(a, .5):8.0f} {_pct(a, .95):8.0f} {max(a):8.0f} {statistics.mean(cpu[kind]):9.0f}")
    for app_ms, kind, path, status in times[:15]:
        print(f"{app_ms:8.0f} ms {status:>4} {kind:<11} {path[:80]}")
    out["sweep"] = [{"app_ms": a, "kind": k, "path": p, "status": s} for a, k, p, s in times]
    out["sweep_cpu_ms"] = {k: statistics.mean(v) for k, v in cpu.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=600, help="stop the load phase after this many requests")
    ap.add_argument("--seconds", type=float, default=300, help="or after this long")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--sweep", action="store_true",
                    help="instead of the load phase: request every URL of the pool once, one at a time, "
                    "and list the slowest by app time")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = _pool(args.db, rng)
    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newstrace", "serve", "--db", str(args.db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # the server warms its caches before it listens
            try:
                _get(base, "/static/app.css")
                break
            except OSError:
                time.sleep(0.1)
        out: dict[str, Any] = {"db": str(args.db), "pages": {}, "load": {}}
        n_articles = sqlite3.connect(args.db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        print(f"{args.db}: {n_articles} articles; server pid {server.pid} on {base}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        # 1. One page at a time: the first of each URL (cold) and the median of repeats.
        print(f"\n{'page':<44} {'cold ms':>8} {'warm ms':>8} {'status':>6}")
        floor = [_get(base, "/static/app.css")[2] for _ in range(5)]
        print(f"{'/static/app.css (peer: framework floor)':<44} {floor[0]:8.1f} {statistics.median(floor):8.1f}")
        out["floor_ms"] = statistics.median(floor)
        worst = 0.0
        for kind, urls in pool.items():
            for path in urls[:3]:
                status, _, cold = _get(base, path)
                warm = statistics.median(_get(base, path)[2] for _ in range(args.repeat))
                worst = max(worst, cold)
                out["pages"][path] = {"kind": kind, "cold_ms": cold, "warm_ms": warm, "status": status}
                print(f"{path[:44]:<44} {cold:8.1f} {warm:8.1f} {status:>6}")
        print(f"slowest first request: {worst:.1f} ms")

        if args.sweep:
            _sweep(base, pool, out, server.pid)
            if args.json:
                args.json.write_text(json.dumps(out, indent=1))
            # The sweep warmed every URL's caches: a load phase after it would not show first requests.
            return

        # 2. Concurrent clients on a random walk.
        lat: dict[str, list[float]] = defaultdict(list)
        app: dict[str, list[float]] = defaultdict(list)
        slow: list[tuple[float, float, str]] = []
        statuses: dict[int, int] = defaultdict(int)
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        budget = [args.requests]
        kinds = list(pool)

        def client(seed: int) -> None:
            r = random.Random(seed)
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                kind = r.choice(kinds)
                path = r.choice(pool[kind])
                status, took, app_ms = _get(base, path)
                with lock:
                    lat[kind].append(took)
                    app[kind].append(app_ms / 1000)
                    slow.append((took, app_ms, path))
                    statuses[status] += 1

        load0 = os.getloadavg()[0]
        t0, cpu0 = time.monotonic(), _cpu_seconds(server.pid)
        threads = [threading.Thread(target=client, args=(args.seed + i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall, cpu = time.monotonic() - t0, _cpu_seconds(server.pid) - cpu0
        every = [x for v in lat.values() for x in v]
        print(f"\n{args.clients} clients, {len(every)} requests in {wall:.1f} s: {len(every) / wall:.1f} requests/s; "
              f"statuses {dict(statuses)}")
        load1 = os.getloadavg()[0]
        print(f"latency p50 {_pct(every, .5) * 1000:.0f} ms, p95 {_pct(every, .95) * 1000:.0f} ms, max {max(every) * 1000:.0f} ms; "
              f"load average {load0:.1f} at the start, {load1:.1f} at the end")
        # The machine is shared: the server's own CPU time says what the pages cost, whatever
        # else runs (2 cores give at most 2 CPU-s per s to everything).
        print(f"server CPU {cpu:.1f} s over {wall:.1f} s ({cpu / wall:.2f} cores): {cpu / len(every) * 1000:.0f} ms CPU per request")
        # Client latency includes queueing behind other clients' requests; the app time
        # (Server-Timing) is what the page itself costs while the others run.
        print(f"\n{'page kind':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'app p50':>8} {'app p95':>8}")
        for kind in kinds:
            v, a = lat[kind], app[kind]
            if v:
                print(f"{kind:<12} {len(v):>5} {_pct(v, .5) * 1000:8.0f} {_pct(v, .95) * 1000:8.0f} {max(v) * 1000:8.0f}"
                      f" {_pct(a, .5) * 1000:8.0f} {_pct(a, .95) * 1000:8.0f}")
                out["load"][kind] = {"n": len(v), "p50_ms": _pct(v, .5) * 1000, "p95_ms": _pct(v, .95) * 1000,
                                     "app_p50_ms": _pct(a, .5) * 1000, "app_p95_ms": _pct(a, .95) * 1000}
        print("\nslowest requests (client ms, app ms, URL):")
        for took, app_ms, path in sorted(slow, reverse=True)[:12]:
            print(f"{took * 1000:8.0f} {app_ms:8.0f}  {path[:90]}")
        out["load"]["all"] = {"n": len(every), "rps": len(every) / wall, "p50_ms": _pct(every, .5) * 1000,
                              "p95_ms": _pct(every, .95) * 1000, "max_ms": max(every) * 1000, "statuses": dict(statuses),
                              "server_cpu_s": cpu, "cpu_ms_per_request": cpu / len(every) * 1000,
                              "load_average": [load0, load1]}
        if args.json:
            args.json.write_text(json.dumps(out, indent=1))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
