"""Fast, regex-only text units for reuse detection: sentences and word tokens with
character offsets. No spaCy here: this runs over every article of large corpora."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A word: letters/digits, with inner hyphens or apostrophes ("al-Shaabi", "Iran's").
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A sentence ends at . ! ? (with any closing quotes/brackets, kept in the sentence) before
# whitespace and an upper-case letter, digit or opening quote; a line break always ends one;
# so does . ! ? glued to a capitalised word after a lower-case word or digit ("freed.A source
# said"): scraped pages often lose the space or line break between paragraphs.
_SENT_END = re.compile(
    r"""(?<=[.!?])(?P<close>["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9])|\n+|(?<=[a-z0-9][.!?])(?=[A-Z][a-z]|[A-Z]\s)"""
)
# Abbreviations that end in a period without ending the sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|St|Jr|Sr|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|[A-Z])\.)$"
)

STOPWORDS = frozenset(
    line.strip()
    for line in (Path(__file__).resolve().parents[1] / "data" / "reuse_stopwords.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)


@dataclass(frozen=True, slots=True)
class Token:
    norm: str  # lower case, typographic apostrophes unified
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tok_start: int  # index of its first token in the article's token list
    tok_end: int


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)
    ]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        close = m.group("close")
        glued = m.start() == m.end()
        if (glued or close == "") and _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        if close is None:  # a line break, or glued sentences
            spans.append((start, m.start()))
        else:
            spans.append((start, m.start() + len(close)))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            out.append((s + lead, s + lead + len(seg)))
    return out


@lru_cache(maxsize=1024)  # asked by the meaning keys and by ``align.prepare`` per article
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the sentences that hold a word: the sentences every reuse step
    uses (``sentences``, the meaning keys, the cached sentence vectors)."""
    return tuple((s, e) for s, e in split_sentences(text) if _WORD.search(text, s, e))


def sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """The ``sentence_spans`` with the range of tokens each holds."""
    out: list[Sentence] = []
    ti = 0
    n = len(tokens)
    for s, e in sentence_spans(text):
        while ti < n and tokens[ti].start < s:
            ti += 1
        tj = ti
        while tj < n and tokens[tj].end <= e:
            tj += 1
        out.append(Sentence(s, e, ti, tj))
        ti = tj
    return out


def words_of(text: str) -> list[str]:
    """Normalised words only (the fast path for index keys): the text is lower-cased once,
    not word by word."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "attempts"/"attempt", "forced"/"forces"."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 4), ("s", 3)):
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= keep - 1
            and not word.endswith("ss")
        ):
            word = word[: -len(suffix)]
            break
    return word


def content_terms_of(words: list[str]) -> list[str]:
    """Stemmed content words (stop words and one-letter words dropped)."""
    return list(map(stem, [w for w in words if len(w) > 1 and w not in STOPWORDS]))


# A capitalised word (a name) or a number of two or more digits.
_NAME_OR_FIGURE = re.compile(r"\b(?:[A-Z][\w'’-]*|\d{2,})\b")


def names(text: str) -> set[str]:
    """Names and figures: capitalised words not at a sentence start, numbers of 2+ digits."""
    out = set()
    for m in _NAME_OR_FIGURE.finditer(text):
        word = m.group()
        if word[0].isupper() and text[max(0, m.start() - 2) : m.start()].strip() in {
            ".",
            "!",
            "?",
            "",
        }:
            continue  # first word of a sentence or a line: capitalised anyway
        norm = word.lower().replace("’", "'")
        if norm not in STOPWORDS:
            out.add(stem(norm))
    return out
