"""Split a page holding several unrelated stories.

Sites that publish news digests glue a second item under the main story, opened by a
bullet ("• Iran's defence minister says ..."), a separator line ("* * *", "----") or a
new headline followed by its own dateline. Such a marker is only a *candidate*: lists
of key points, section breaks and sub-headings have the same shapes. A candidate becomes
a story boundary when

- both sides are story-sized (a caption or a one-line teaser is never a story), and
- the two sides talk about different things: the cosine similarity of their content
  words is below a threshold (stricter for weak markers such as a bullet than for a
  headline followed by a new dateline).

Ordinary articles are not split: see docs/quality-clean.md for the measured split rate
on PolNeAR and SemEval-2023 task 3 articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newstrace.metadata.dateline import find_inline_dateline
from newstrace.metadata.title import is_headline

MIN_STORY_CHARS = 400
# Pages with more markers than this are lists or feeds, not a few glued stories; and
# segments are compared through a window of text next to the marker. Both bound the
# time spent on one (possibly hostile) page.
MAX_CANDIDATES = 60
WINDOW_CHARS = 8000
MIN_STORY_SENTENCES = 3
# Cosine similarity of content words below which two segments are different stories.
# A bare separator line is mostly a section break inside one article (measured: 0.12-0.65
# between the sections of PolNeAR/SemEval articles), so alone it needs near-zero overlap;
# a separator followed by a headline or a dateline is as strong as a bullet.
MAX_SIMILARITY = {"bullet": 0.35, "separator": 0.08, "separator+opening": 0.35, "headline": 0.5}

_BULLET = re.compile(r"[•▪■◆►●◾▸]\s*")
_SEPARATOR = re.compile(r"(?:[*\-_=~#•·◆]\s*){3,}")
_WORD = re.compile(r"[^\W\d_][\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?][’”'\"]?(?:\s|$)")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    raw = resources.files("newstrace.data").joinpath("split_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#"))


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: int  # index of the first line of the new story
    kind: str  # a key of MAX_SIMILARITY
    skip: int  # lines of marker to drop (a separator line)


def _content_words(text: str) -> Counter[str]:
    stop = _stopwords()
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return Counter(w[:-2] if w.endswith("'s") else w for w in words if w not in stop)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of content-word counts (0: nothing shared, 1: same words)."""
    ca, cb = _content_words(a), _content_words(b)
    dot = sum(n * cb[w] for w, n in ca.items() if w in cb)
    norm = math.sqrt(sum(n * n for n in ca.values())) * math.sqrt(sum(n * n for n in cb.values()))
    return dot / norm if norm else 0.0


def _story_sized(text: str) -> bool:
    return len(text) >= MIN_STORY_CHARS and len(_SENTENCE_END.findall(text)) >= MIN_STORY_SENTENCES


def _candidates(lines: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        if len(out) > MAX_CANDIDATES:
            break  # split_stories gives up on such pages anyway
        if i == 0 or not line:
            continue
        prev_blank = not lines[i - 1]
        if _SEPARATOR.fullmatch(line):
            nxt = [n for n in lines[i + 1 : i + 6] if n]
            if nxt and nxt[0].startswith("["):
                continue  # a footnotes section
            opening = bool(nxt) and (
                find_inline_dateline(nxt[0]) is not None
                or (len(nxt) > 1 and is_headline(nxt[0]) and find_inline_dateline(nxt[1]) is not None)
                or (len(nxt) > 1 and is_headline(nxt[0]) and len(nxt[1]) > 150)
            )
            out.append(_Candidate(i + 1, "separator+opening" if opening else "separator", 0))
        elif _BULLET.match(line) and prev_blank and len(line.split()) >= 8:
            # A bullet *list* (key points) is not a new story: only a lone bullet.
            near = lines[max(0, i - 3) : i] + lines[i + 1 : i + 4]
            if not any(_BULLET.match(n) for n in near):
                out.append(_Candidate(i, "bullet", 0))
        elif prev_blank and is_headline(line) and not line.endswith(("?", "!")):
            next_line = next((lines[j] for j in range(i + 1, min(len(lines), i + 4)) if lines[j]), "")
            if find_inline_dateline(next_line) is not None:
                out.append(_Candidate(i, "headline", 0))
    return out


def _window(lines: list[str], *, from_end: bool) -> str:
    """At most WINDOW_CHARS of the segment, next to the marker."""
    picked: list[str] = []
    size = 0
    for line in reversed(lines) if from_end else lines:
        picked.append(line)
        size += len(line) + 1
        if size >= WINDOW_CHARS:
            break
    return "\n".join(reversed(picked) if from_end else picked)


def split_stories(text: str) -> list[str]:
    """The page's stories in order; a page with one story gives ``[text]``."""
    lines = [ln.strip() for ln in text.split("\n")]
    candidates = _candidates(lines)
    if not candidates or len(candidates) > MAX_CANDIDATES:
        return [text]
    cuts: list[tuple[int, int]] = []  # (end of previous story, start of next)
    start = 0
    for n, cand in enumerate(candidates):
        marker = 1 if cand.kind.startswith("separator") else 0
        end = candidates[n + 1].line if n + 1 < len(candidates) else len(lines)
        before = _window(lines[start : cand.line - marker], from_end=True)
        after = _window(lines[cand.line + cand.skip : end], from_end=False)
        if not (_story_sized(before) and _story_sized(after)):
            continue
        if similarity(before, after) >= MAX_SIMILARITY[cand.kind]:
            continue
        cuts.append((cand.line - marker, cand.line + cand.skip))
        start = cand.line + cand.skip
    if not cuts:
        return [text]
    stories = []
    prev = 0
    for cut_end, next_start in cuts:
        stories.append("\n".join(lines[prev:cut_end]).strip())
        prev = next_start
    stories.append("\n".join(lines[prev:]).strip())
    # The bullet that opened a story is a marker, not text.
    return [_BULLET.sub("", s, count=1) if _BULLET.match(s) else s for s in stories if s]
