"""Find quotations in raw text, whatever the quotation marks.

Handles straight and typographic double and single marks, guillemets, low-9 marks,
apostrophes that look like closing single quotes ("Iran’s", "officials’ decision"),
quotes running across paragraphs (the convention: an unclosed paragraph continued by a
paragraph that opens with a quotation mark), and unbalanced quotes (an opening mark
never closed ends at the end of its paragraph). One linear scan, capped in the number of
marks it looks at, so thousands of quotation marks cannot make it slow.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = "“„«‟〝"
DOUBLE_CLOSE = "”»〞"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"＂'
STRAIGHT_SINGLE = "'"
ALL_MARKS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE)

MAX_MARKS = 4000  # marks examined per text; beyond this the rest of the text has no quotes
MAX_QUOTE_CHARS = 6000  # a quotation longer than this is a mis-pairing, not a quote
MAX_PARAGRAPHS = 6  # paragraphs a single quotation may run across


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool

    @property
    def length(self) -> int:
        return self.inner_end - self.inner_start


@dataclass(frozen=True, slots=True)
class _Mark:
    pos: int
    family: str  # "d" (double) or "s" (single)
    role: str  # "open", "close" or "either"
    width: int = 1  # '' and `` are two characters


def _is_word(c: str) -> bool:
    return c.isalnum()


def _classify(text: str, i: int) -> _Mark | None:
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in DOUBLE_OPEN:
        return _Mark(i, "d", "open")
    if c in DOUBLE_CLOSE:
        return _Mark(i, "d", "close")
    if c in STRAIGHT_DOUBLE:
        if prev.isspace() or prev in "([{—–-/" or i == 0:
            return _Mark(i, "d", "open") if not nxt.isspace() else _Mark(i, "d", "either")
        if nxt.isspace() or not _is_word(nxt):
            return _Mark(i, "d", "close")
        return _Mark(i, "d", "either")
    if c in SINGLE_OPEN or c in STRAIGHT_SINGLE or c in SINGLE_CLOSE:
        if _is_word(prev) and _is_word(nxt):
            return None  # apostrophe inside a word: Iran’s, don't
        opening_ctx = prev.isspace() or prev in "([{—–-/\"“" or i == 0
        if c in SINGLE_OPEN:
            return _Mark(i, "s", "open") if not nxt.isspace() else None
        if opening_ctx and (_is_word(nxt) or nxt in "‘“\"(["):
            if c == "’" and nxt.isdigit():
                return None  # ’90s
            return _Mark(i, "s", "open")
        if not prev.isspace() and not _is_word(nxt):
            return _Mark(i, "s", "close")
    return None


def _classify_pair(text: str, i: int) -> _Mark | None:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 2] if i + 2 < len(text) else " "
    if text[i] == "`":
        return _Mark(i, "d", "open", 2)
    if prev.isspace() or prev in "([{—–-" or i == 0:
        return _Mark(i, "d", "open", 2)
    if nxt.isspace() or not _is_word(nxt):
        return _Mark(i, "d", "close", 2)
    return _Mark(i, "d", "either", 2)


def _paragraph_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations in ``text``, in order, not overlapping."""
    marks: list[_Mark] = []
    i, n = 0, len(text)
    while i < n and len(marks) < MAX_MARKS:
        c = text[i]
        if c in ALL_MARKS:
            if c in "'`" and i + 1 < n and text[i + 1] == c:
                # '' and `` stand for double quotation marks in some wire copy.
                m: _Mark | None = _classify_pair(text, i)
                if m is not None:
                    marks.append(m)
                i += 2
                continue
            m = _classify(text, i)
            if m is not None:
                marks.append(m)
        elif c == "`" and i + 1 < n and text[i + 1] == "`":
            marks.append(_Mark(i, "d", "open", 2))
            i += 2
            continue
        i += 1
    quotes: list[Quote] = []
    open_mark: _Mark | None = None

    def close_unbalanced(om: _Mark, limit: int) -> None:
        # An opening mark never closed: the quote runs to the end of its paragraph.
        end = min(_paragraph_end(text, om.pos), limit)
        a, b = _strip_span(text, om.pos + om.width, end)
        if b - a >= 2:
            quotes.append(Quote(om.pos, b, a, b, closed=False))

    for k, m in enumerate(marks):
        if open_mark is None:
            if m.role in ("open", "either"):
                open_mark = m
            continue
        if m.family != open_mark.family:
            continue  # a nested quote of the other kind: part of the outer quotation
        if text[open_mark.pos] == "„" and text[m.pos] == "“":
            m = _Mark(m.pos, m.family, "close", m.width)  # German: „...“
        between = text[open_mark.pos : m.pos]
        breaks = between.count("\n")
        too_long = m.pos - open_mark.pos > MAX_QUOTE_CHARS or breaks > 2 * MAX_PARAGRAPHS
        if m.role == "open" and breaks:
            # A paragraph opening with a quotation mark after an unclosed one continues it
            # (the newspaper convention); anything else starts over.
            para_start = text.rfind("\n", 0, m.pos) + 1
            continues = not text[para_start : m.pos].strip() and not too_long
            if not continues:
                close_unbalanced(open_mark, m.pos)
                open_mark = m
            continue
        if m.role == "open" and not breaks:
            if m.family == "s" and m.pos > 0 and text[m.pos - 1] in "“\"":
                continue
            close_unbalanced(open_mark, m.pos)
            open_mark = m
            continue
        if too_long:
            close_unbalanced(open_mark, m.pos)
            open_mark = None
            continue
        if m.family == "s" and _looks_like_possessive(text, m.pos, marks, k):
            continue
        a, b = _strip_span(text, open_mark.pos + open_mark.width, m.pos)
        if b > a:
            quotes.append(Quote(open_mark.pos, m.pos + m.width, a, b, closed=True))
        open_mark = None
    if open_mark is not None:
        close_unbalanced(open_mark, len(text))
    return quotes


def _looks_like_possessive(text: str, pos: int, marks: list[_Mark], k: int) -> bool:
    """’ after an s, then a lower-case word, with a later closing mark in the paragraph:
    the plural possessive inside the quote (‘the officials’ decision’), not its end."""
    if text[pos - 1] not in "sS" or pos + 2 >= len(text):
        return False
    if not (text[pos + 1] == " " and text[pos + 2].islower()):
        return False
    para_end = _paragraph_end(text, pos)
    return any(m.family == "s" and m.role == "close" and m.pos < para_end for m in marks[k + 1 :])


def quote_index(quotes: list[Quote]) -> tuple[list[int], list[int]]:
    """Sorted inner starts and ends, for bisect lookups of "is offset inside a quote"."""
    return [q.inner_start for q in quotes], [q.inner_end for q in quotes]
