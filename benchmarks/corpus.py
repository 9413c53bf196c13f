"""A news corpus of any size made from the real texts in ../shared/corpora.

The first articles are the real ones, unchanged (PolNeAR train+dev, SemEval-2023 task 3
train, PTC 2020 train, SemEval-2025 task 10 documents: 1,697 distinct news articles; the
344 articles PTC shares with SemEval-2023 and 6 other repeats are kept once). Past
the pool, article k is a new report shaped like pool article k mod P (its number of
paragraphs and of sentences per paragraph): each sentence is a sentence drawn at random
from the whole pool with every content word (4+ letters, any script and case, not a
function word) replaced by
another word of the pool of the same shape (capitalised or not, similar length; numbers by
numbers) and half the short and function words ("the", "that", ...) by other frequent ones.
So the NLP stages see English-shaped text of realistic length, names and quotes ("said" is
kept), while two generated reports share no passage: not their words (all content words
drawn anew) and not their sentence skeletons (drawn from ~60,000 pool sentences, glue words
redrawn), as independent reports do. Reuse then comes only from deliberate reprints: a
share ``COPY_RATE`` of all articles take 2-4 consecutive paragraphs of one of the last 500
articles (verbatim or with a few words edited), so reuse pairs and stories grow linearly
with the corpus. (The previous generator varied each pool article in place, keeping half
its words: the variants of one article aligned with each other and pairs grew with the
square of the corpus.)
Outlets and dates come from the file names (PolNeAR) or a fixed rotation. Deterministic
(seed).

    python benchmarks/corpus.py N out.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
VARY = 1.0  # share of content words redrawn
GLUE_VARY = 0.5  # share of short / function words redrawn in a new report
COPY_RATE = 0.06
OUTLETS = [f"{a} {b}" for a in ("Coastal", "Valley", "Metro", "Harbour", "Plains", "Northern", "Capital", "Island")
           for b in ("Courier", "Times", "Ledger", "Post", "Gazette", "Herald")]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z])")
_WORD = re.compile(r"[^\W\d_]{4,}|\d+")  # any script, any case
_GLUE = re.compile(r"\b[a-z]{1,4}\b")
_FUNCTION = {
    "that", "this", "with", "from", "have", "been", "were", "they", "their", "there", "which",
    "would", "could", "about", "after", "before", "while", "where", "when", "what", "will",
    "than", "them", "into", "over", "also", "only", "more", "most", "some", "such", "other",
    "these", "those", "because", "said", "says", "just", "very", "being", "does",
    "like", "make", "made",
}


def _shape(word: str) -> tuple[int, int]:
    """(all capitals 2 / capitalised 1 / lower 0, length up to 10): a replacement's shape."""
    return (2 if word.isupper() else int(word[0].isupper()), min(len(word), 10))


def _pool_files() -> list[tuple[Path, str | None, str | None]]:
    """(file, outlet, date) of every real article, in a fixed order."""
    c = SHARED / "corpora"
    out: list[tuple[Path, str | None, str | None]] = []
    for split in ("train", "dev"):
        for p in sorted((c / "polnear" / split / "text").glob("*.txt")):
            m = re.match(r"([a-z]+)_(\d{4}-\d{2}-\d{2})_", p.name)
            out.append((p, m.group(1) if m else None, m.group(2) if m else None))
    for folder in (
        c / "semeval2023t3_en" / "train" / "train-articles-subtask-1",
        c / "ptc2020" / "train-articles",
        c / "semeval2025t10_en" / "raw-documents",
    ):
        out.extend((p, None, None) for p in sorted(folder.glob("*.txt")))
    if not out:
        raise SystemExit(f"no corpora under {c}: set NEWSTRACE_SHARED")
    return out


def _split(text: str) -> tuple[str, list[str]]:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    if len(paras) == 1:  # one paragraph per line
        paras = [p.strip() for p in text.splitlines() if p.strip()]
    return (paras[0][:200], paras[1:]) if len(paras) > 1 else ("", paras)


class Pool:
    def __init__(self) -> None:
        self.articles: list[tuple[str, list[str], str | None, str | None]] = []
        self.sentences: list[str] = []
        seen: set[str] = set()
        vocab: dict[tuple[bool, int], set[str]] = {}
        for path, outlet, day in _pool_files():
            text = path.read_text(encoding="utf-8", errors="replace")
            title, paras = _split(text)
            # PTC 2020 and SemEval-2023 task 3 share 344 articles: each real article once.
            opening = re.sub(r"\W+", " ", text.lower())[:300]
            if not paras or opening in seen:
                continue
            seen.add(opening)
            self.articles.append((title, paras, outlet, day))
            self.sentences.extend(s for p in paras for s in _SENTENCE.split(p) if s.strip())
            for w in _WORD.findall(" ".join(paras)):
                if not w.isdigit() and w.lower() not in _FUNCTION:
                    vocab.setdefault(_shape(w), set()).add(w)
        self.vocab = {k: sorted(v) for k, v in vocab.items()}
        glue = Counter(w for t in self.sentences[::7] for w in _GLUE.findall(t) if len(w) < 4 or w in _FUNCTION)
        self.glue = sorted(w for w, _ in glue.most_common(60) if w not in ("said", "says"))

    def vary(self, text: str, rng: random.Random, rate: float, glue_rate: float = 0.0) -> str:
        def swap(m: re.Match[str]) -> str:
            w = m.group()
            if rng.random() >= rate or w.lower() in _FUNCTION:
                return w
            if w.isdigit():
                return str(rng.randint(2, 10 ** len(w) - 1))
            return rng.choice(self.vocab[_shape(w)])

        text = _WORD.sub(swap, text)
        if not glue_rate:
            return text

        def glue(m: re.Match[str]) -> str:
            w = m.group()
            if w in ("said", "says") or rng.random() >= glue_rate or (len(w) > 3 and w not in _FUNCTION):
                return w
            return rng.choice(self.glue)

        return _GLUE.sub(glue, text)

    def report(self, paras: list[str], rng: random.Random, rate: float) -> list[str]:
        """A new report shaped like ``paras``: each sentence drawn from the whole pool and
        varied."""
        out = []
        for p in paras:
            n = len(_SENTENCE.split(p))
            out.append(" ".join(self.vary(rng.choice(self.sentences), rng, rate, GLUE_VARY) for _ in range(n)))
        return out


def generate(
    n: int, seed: int = 7, copy_rate: float = COPY_RATE, start_at: int = 0, vary: float = VARY
) -> Iterator[dict[str, str]]:
    """Articles ``start_at`` .. n-1 of the corpus (a slice starting past the pool is all variants)."""
    pool = Pool()
    size = len(pool.articles)
    start = date(2016, 1, 1)
    recent: list[list[str]] = []  # paragraphs of the last articles, for planted copies
    for k in range(start_at, n):
        rng = random.Random(seed * 1_000_003 + k)
        title, paras, outlet, day = pool.articles[k % size]
        if k >= size:  # a new report: new sentences and words, new outlet and date
            title = pool.vary(title, rng, vary, GLUE_VARY)
            paras = pool.report(paras, rng, vary)
            outlet, day = None, None
        outlet = outlet or OUTLETS[k % len(OUTLETS)]
        day = day or (start + timedelta(days=(k * 7) % 900)).isoformat()
        if recent and rng.random() < copy_rate:
            src = recent[rng.randrange(len(recent))]
            take = min(len(src), rng.randint(2, 4))
            at = rng.randrange(len(src) - take + 1)
            copied = src[at : at + take]
            if rng.random() < 0.5:  # lightly edited copy
                copied = [pool.vary(p, rng, 0.05) for p in copied]
            where = rng.randrange(len(paras) + 1)
            paras = paras[:where] + copied + paras[where:]
        recent.append(paras)
        if len(recent) > 500:
            recent.pop(0)
        yield {"id": f"g{k:06d}", "outlet": outlet, "published": day, "title": title, "text": "\n\n".join(paras)}


def write(n: int, out: Path, seed: int = 7, **kw: float) -> Path:
    with out.open("w", encoding="utf-8") as f:
        for rec in generate(n, seed, **kw):  # type: ignore[arg-type]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--vary", type=float, default=VARY, help="share of content words redrawn")
    a = ap.parse_args()
    write(a.n, a.out, a.seed, vary=a.vary)


if __name__ == "__main__":
    main()
