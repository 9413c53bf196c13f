"""Turn token tags into claims: each content span goes to its cue, each cue gets a source.

Content attaches to the nearest cue in its own sentence, else in a neighbouring sentence
(a quotation whose attribution is the next or previous sentence). A cue's source is the
tagged source span syntactically tied to it (its subject, "according to X"), else the
nearest one in its sentence. Quotations found by ``quotes.py`` then widen a content span
that covers most of a quotation to the whole quotation, and decide the kind: direct,
indirect, or mixed (indirect with a quoted fragment).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newstrace.claims.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

Kind = Literal["direct", "indirect", "mixed"]
_NEIGHBOUR_SENTENCES = 2
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "agent", "poss", "compound", "appos"})


@dataclass(slots=True)
class TokSpan:
    label: str
    start: int  # token index
    end: int  # exclusive


@dataclass(slots=True)
class RawClaim:
    kind: Kind
    cue: tuple[int, int]  # character offsets
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_tokens: tuple[int, int] | None  # token range of the source, for resolution


def tag_spans(labels: list[str], doc: Doc) -> list[TokSpan]:
    spans: list[TokSpan] = []
    cur: TokSpan | None = None
    for i, y in enumerate(labels):
        if doc[i].is_space:
            continue  # spaces neither start nor break a span
        if y == "O":
            cur = None
            continue
        bio, _, label = y.partition("-")
        if cur is not None and bio == "I" and cur.label == label:
            cur.end = i + 1
        else:
            cur = TokSpan(label, i, i + 1)
            spans.append(cur)
    return spans


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def _gap(a: TokSpan, b: TokSpan) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _tied(doc: Doc, source: TokSpan, cue: TokSpan) -> bool:
    """Is the source span a subject/agent of the cue (within two arcs)?"""
    cue_tokens = set(range(cue.start, cue.end))
    for i in range(source.start, source.end):
        node = doc[i]
        for _ in range(3):
            if node.head.i in cue_tokens and node.dep_ in _SUBJECT_DEPS | {"prep"}:
                return True
            if node.head.i == node.i:
                break
            node = node.head
    return False


def assemble(doc: Doc, labels: list[str], quotes: list[Quote]) -> list[RawClaim]:
    spans = tag_spans(labels, doc)
    cues = [s for s in spans if s.label == "CUE"]
    contents = [s for s in spans if s.label == "CONTENT"]
    sources = [s for s in spans if s.label == "SOURCE"]
    if not cues or not contents:
        return []
    sent_of = _sentence_index(doc)

    by_cue: dict[int, list[TokSpan]] = {}
    for c in contents:
        first, last = sent_of[c.start], sent_of[c.end - 1]
        best: tuple[int, int, int] | None = None  # (sentence distance, token gap, cue index)
        for k, cue in enumerate(cues):
            s = sent_of[cue.start]
            sdist = 0 if first <= s <= last else min(abs(s - first), abs(s - last))
            if sdist > _NEIGHBOUR_SENTENCES:
                continue
            cand = (sdist, _gap(c, cue), k)
            if best is None or cand < best:
                best = cand
        if best is not None:
            by_cue.setdefault(best[2], []).append(c)

    claims: list[RawClaim] = []
    for k, parts in by_cue.items():
        cue = cues[k]
        start = min(p.start for p in parts)
        end = max(p.end for p in parts)
        content = _chars(doc, start, end)
        content = _widen_to_quotes(content, quotes)
        source = _source_for(doc, cue, sources, sent_of)
        claims.append(
            RawClaim(
                kind=_kind(content, quotes),
                cue=_chars(doc, cue.start, cue.end),
                content=content,
                source=_chars(doc, source.start, source.end) if source else None,
                source_tokens=(source.start, source.end) if source else None,
            )
        )
    claims.sort(key=lambda c: (c.content[0], c.cue[0]))
    return claims


def _sentence_index(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            out[i] = k
    return out


def _source_for(doc: Doc, cue: TokSpan, sources: list[TokSpan], sent_of: list[int]) -> TokSpan | None:
    s = sent_of[cue.start]
    same = [src for src in sources if sent_of[src.start] == s or sent_of[src.end - 1] == s]
    if not same:
        return None
    tied = [src for src in same if _tied(doc, src, cue)]
    pool = tied or same
    return min(pool, key=lambda src: _gap(src, cue))


def _widen_to_quotes(content: tuple[int, int], quotes: list[Quote]) -> tuple[int, int]:
    """A content span covering most of a quotation takes all of it, marks included."""
    a, b = content
    for q in quotes:
        if q.end <= a or q.start >= b:
            continue
        overlap = min(b, q.inner_end) - max(a, q.inner_start)
        if q.length and overlap >= 0.6 * q.length:
            a, b = min(a, q.start), max(b, q.end)
    return a, b


def _kind(content: tuple[int, int], quotes: list[Quote]) -> Kind:
    a, b = content
    quoted = 0
    for q in quotes:
        lo, hi = max(a, q.start), min(b, q.end)
        if hi > lo:
            quoted += hi - lo
    if quoted == 0:
        return "indirect"
    return "direct" if quoted >= 0.8 * (b - a) else "mixed"
