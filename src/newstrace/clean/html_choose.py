"""Choose the article among the extractors' candidates by comparing them.

trafilatura's text is the first candidate and wins when it holds enough article text
(chrome blocks such as an address box or a byline do not count: ``chrome_blocks``).
Otherwise the fallbacks run in order, each only if needed, and one replaces the current
best when it holds more article text and, if trafilatura found a real text, agrees with
it: it contains at least ``MIN_AGREEMENT`` of trafilatura's words. A longer candidate that
shares nothing with trafilatura's text is another part of the page (a teaser list, the
comments), not more of the article. Below ``MIN_TEXT_CHARS`` trafilatura's text is too
little to compare with, and the longest candidate wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from newstrace.clean.chrome_blocks import article_chars

# Below this many characters an extraction is "too little" (trafilatura's own threshold).
MIN_TEXT_CHARS = 250
# Share of trafilatura's words a fallback must contain to replace it. Insensitive on the
# development half of trafilatura_eval between 0.3 and 0.9 (docs/quality-html.md).
MIN_AGREEMENT = 0.5

_WORD = re.compile(r"\w+")

Candidate = tuple[str, list[str]]


def _bag(paragraphs: list[str]) -> Counter[str]:
    return Counter(_WORD.findall(" ".join(paragraphs).lower()))


def agreement(base: list[str], candidate: list[str]) -> float:
    """Share of the words of ``base`` (with repeats) that ``candidate`` also has."""
    words = _bag(base)
    total = sum(words.values())
    return sum((words & _bag(candidate)).values()) / total if total else 0.0


def choose(
    primary: Candidate,
    fallbacks: Sequence[tuple[str, Callable[[], list[str]]]],
    enough: float,
    prepare: Callable[[list[str]], list[str]] = list,
) -> Candidate:
    """The candidate to keep: ``("none", [])`` when no candidate holds article text.
    ``prepare`` tidies a fallback's paragraphs before they are compared."""
    size = article_chars(primary[1], max(enough, MIN_TEXT_CHARS))
    if size >= max(enough, MIN_TEXT_CHARS):
        return primary
    best, best_size = (primary if size else ("none", [])), size
    for name, run in fallbacks:
        paragraphs = prepare(run())
        found = article_chars(paragraphs)
        if found <= best_size:
            continue
        if size >= MIN_TEXT_CHARS and agreement(primary[1], paragraphs) < MIN_AGREEMENT:
            continue
        best, best_size = (name, paragraphs), found
        if found >= enough:
            break
    return best
