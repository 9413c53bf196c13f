"""False-positive stress test of the embedding paraphrase pass on real same-topic news.

Takes a folder of plain-text articles (default: the PolNeAR dev split, 84 articles on the
2016 US election from 7 outlets: the same people, events and quotes everywhere) and aligns
EVERY pair, bypassing the candidate index (which would normally skip most of them): first
lexically (``align.align``), then with the embedding pass (``semantic.refine``). Prints how
many pairs get passages each way, how many of them the index would propose (>= MIN_SHARED
shared keys held by <= MAX_DF articles), the passages the embedding pass added (to read:
each is either real reuse the lexical pass missed or a false positive), and timings.

Run (needs the ``embeddings`` extra):

    NEWSTRACE_SHARED=/work/shared PYTHONPATH=src python benchmarks/paraphrase_same_topic.py [FOLDER]
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from newstrace.reuse import embed, semantic
from newstrace.reuse.align import Passage, Prepared, align, prepare
from newstrace.reuse.index import MAX_DF, MIN_SHARED
from newstrace.reuse.shingles import article_keys

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DEFAULT = SHARED / "corpora/polnear/dev/text"


def _show(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())[:160]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not embed.enabled():
        sys.exit("embeddings not available: install the 'embeddings' extra")
    files = sorted(folder.glob("*.txt"))
    if not files:
        sys.exit(f"{folder}: no .txt articles (give a folder of plain-text articles)")
    texts = {f.stem: f.read_text(encoding="utf-8", errors="replace") for f in files}
    prepared: dict[str, Prepared] = {k: prepare(t) for k, t in texts.items()}
    keys = {k: set(article_keys(t)) for k, t in texts.items()}
    df = Counter(key for ks in keys.values() for key in ks)
    usable = {k: {x for x in ks if df[x] <= MAX_DF} for k, ks in keys.items()}

    sentences = sum(len(p.sents) for p in prepared.values())
    embed.encode(["warm up"])  # the model load is not part of the rate
    t0 = time.perf_counter()
    for p in prepared.values():
        semantic._sentence_vectors(p)
    enc = time.perf_counter() - t0

    pairs = list(combinations(sorted(texts), 2))
    lexical_pairs = refined_pairs = candidates = 0
    added: list[tuple[str, str, Passage]] = []
    dropped: list[tuple[str, str, Passage]] = []
    t_lex = t_emb = 0.0
    for x, y in pairs:
        candidates += len(usable[x] & usable[y]) >= MIN_SHARED
        t1 = time.perf_counter()
        lex = align(prepared[x], prepared[y])
        t2 = time.perf_counter()
        ref = semantic.refine(prepared[x], prepared[y], lex)
        t_emb += time.perf_counter() - t2
        t_lex += t2 - t1
        lexical_pairs += bool(lex)
        refined_pairs += bool(ref)
        before = {(p.a_start, p.a_end, p.b_start, p.b_end) for p in lex}
        after = {(p.a_start, p.a_end, p.b_start, p.b_end) for p in ref}
        added.extend(
            (x, y, p) for p in ref if (p.a_start, p.a_end, p.b_start, p.b_end) not in before
        )
        dropped.extend(
            (x, y, p) for p in lex if (p.a_start, p.a_end, p.b_start, p.b_end) not in after
        )
    print(f"{len(texts)} articles, {sentences} sentences, {len(pairs)} pairs (all aligned)")
    print(f"index candidates among them: {candidates}")
    print(f"pairs with passages: lexical {lexical_pairs}, lexical + embeddings {refined_pairs}")
    print(f"lexical passages the embedding pass rejected or merged: {len(dropped)}")
    for x, y, p in dropped:
        cos = semantic.passage_cosine(prepared[x], prepared[y], p)
        print(f"- {x} ~ {y} ({p.kind}, lexical {p.similarity}, mean best cosine {cos})")
        print(f"    a: {_show(texts[x], p.a_start, p.a_end)}")
        print(f"    b: {_show(texts[y], p.b_start, p.b_end)}")
    print(f"passages added or changed by the embedding pass: {len(added)}")
    for x, y, p in added:
        print(f"- {x} ~ {y} ({p.kind}, {p.similarity})")
        print(f"    a: {_show(texts[x], p.a_start, p.a_end)}")
        print(f"    b: {_show(texts[y], p.b_start, p.b_end)}")
    print(
        f"encoding {sentences} sentences: {enc:.1f} s ({sentences / enc:.0f} sentences/s); "
        f"all-pairs lexical align {t_lex:.1f} s, embedding pass (cached vectors) {t_emb:.1f} s"
    )


if __name__ == "__main__":
    main()
