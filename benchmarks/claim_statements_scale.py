"""The claim statements stage's keying loop at scale: the claims of a run copied to N rows
in a scratch SQLite file, then keyed in batches of 2,000 as the stage does, taking each batch
straight from the index (now) and with ``ORDER BY id`` (before), CPU time of each.

    PYTHONPATH=src nice -n 10 python benchmarks/claim_statements_scale.py RUN.db N [--scratch FILE]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from newstrace.claims.statements import statement_key

BATCH = 2000
LOOPS = {
    "now": "SELECT id, content_text FROM claims WHERE statement_key IS NULL LIMIT ?",
    "before (ORDER BY id)": "SELECT id, content_text FROM claims WHERE statement_key IS NULL ORDER BY id LIMIT ?",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("n", type=int)
    ap.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "nt-claim-statements.db")
    a = ap.parse_args()
    con = sqlite3.connect(a.scratch)
    con.execute("DROP TABLE IF EXISTS claims")
    con.execute("CREATE TABLE claims (id TEXT PRIMARY KEY, article_id TEXT, content_text TEXT NOT NULL, statement_key TEXT)")
    con.execute("CREATE INDEX claims_statement ON claims (statement_key)")
    con.execute("ATTACH ? AS src", [a.db])
    per_copy = con.execute("SELECT COUNT(*) FROM src.claims").fetchone()[0]
    for k in range(-(-a.n // per_copy)):
        con.execute("INSERT INTO claims SELECT id || ?, article_id, content_text, NULL FROM src.claims", [f"_{k:03d}"])
    con.commit()
    con.execute("DETACH src")
    total = con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    print(f"{total} claims", flush=True)
    for name, sql in LOOPS.items():
        con.execute("UPDATE claims SET statement_key = NULL")
        con.commit()
        cpu, batches = time.process_time(), 0
        while rows := con.execute(sql, [BATCH]).fetchall():
            con.executemany("UPDATE claims SET statement_key = ? WHERE id = ?", [(statement_key(t), i) for i, t in rows])
            con.commit()
            batches += 1
        print(f"{name}: {time.process_time() - cpu:.1f} CPU-s, {batches} batches", flush=True)
    con.close()
    a.scratch.unlink()


if __name__ == "__main__":
    main()
