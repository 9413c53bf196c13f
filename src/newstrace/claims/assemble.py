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

from newstrace.claims.docmaps import doc_text
from newstrace.claims.docmaps import paragraph_index as _paragraph_index
from newstrace.claims.docmaps import sentence_index as _sentence_index
from newstrace.claims.features import cue_lexicon
from newstrace.claims.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

Kind = Literal["direct", "indirect", "mixed"]
_NEIGHBOUR_SENTENCES = 0  # content and cue share a sentence (tuned on PolNeAR dev)
_JOIN_GAP = 6  # tokens between the parts of one content span
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
    # How it was found: "tagged" (cue and content from the tagger), "parse" (a tagged cue,
    # content from its clause), "weak" (a likely cue off the best path, found by marginal
    # probability), or a rule's name ("trailing", "lead", "signed").
    origin: str = "tagged"

    @property
    def weak(self) -> bool:
        return self.origin == "weak"

    @property
    def attribution(self) -> list[tuple[int, int]]:
        """The cue and the source: the spans a content's quotes are checked against."""
        return [self.cue] + ([self.source] if self.source else [])


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


_PHRASE_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod"})


def _complete_phrase(doc: Doc, span: TokSpan) -> None:
    """Take in the determiners and modifiers of a span's head that the tagger left out
    ("A | Pakistani political figure"): per-token decoding may drop the first word."""
    while (
        span.start > 0
        and doc[span.start - 1].dep_ in _PHRASE_LEFT_DEPS
        and span.start <= doc[span.start - 1].head.i < span.end
        and "\n" not in doc[span.start - 1].text_with_ws
    ):
        span.start -= 1


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


# Marginal P(cue) above which a token off the best path is a cue candidate: lower for a
# reporting word of the lexicon (tuned on PolNeAR dev: such claims are right 4 times in
# 10 above 0.35 for lexicon words, 2 in 10 below 0.5 for others).
WEAK_CUE_PROB = 0.35
WEAK_CUE_PROB_UNLISTED = 0.5


def weak_cues(doc: Doc, labels: list[str], cue_prob: list[float] | None) -> list[TokSpan]:
    """Runs of tokens the tagger thinks likely cues although its best path labels them
    otherwise (mostly cues nested in another statement's content)."""
    out: list[TokSpan] = []
    if not cue_prob:
        return out
    cur: TokSpan | None = None
    listed = cue_lexicon().single
    for i, p in enumerate(cue_prob):
        if p < WEAK_CUE_PROB:
            continue
        t = doc[i]
        threshold = WEAK_CUE_PROB if t.lemma_.lower() in listed else WEAK_CUE_PROB_UNLISTED
        if p >= threshold and not t.is_punct and not t.is_space and labels[i][-3:] != "CUE":
            if cur is not None and cur.end == i:
                cur.end = i + 1
            else:
                cur = TokSpan("CUE", i, i + 1)
                out.append(cur)
    return out


def assemble(doc: Doc, labels: list[str], quotes: list[Quote], cue_prob: list[float] | None = None) -> list[RawClaim]:
    spans = tag_spans(labels, doc)
    cues = [s for s in spans if s.label == "CUE"]
    contents = [s for s in spans if s.label == "CONTENT"]
    sources = [s for s in spans if s.label == "SOURCE"]
    if not cues:
        return []
    for src in sources:
        _complete_phrase(doc, src)
    sent_of = _sentence_index(doc)
    text = doc_text(doc)
    para_of = _paragraph_index(doc)

    by_cue: dict[int, list[TokSpan]] = {}
    for c in contents:
        first, last = sent_of[c.start], sent_of[c.end - 1]
        best: tuple[int, int, int] | None = None  # (sentence distance, token gap, cue index)
        for k, cue in enumerate(cues):
            if not para_of[c.start] <= para_of[cue.start] <= para_of[c.end - 1]:
                continue  # attribution does not cross paragraphs (a quote spanning them may)
            s = sent_of[cue.start]
            sdist = 0 if first <= s <= last else min(abs(s - first), abs(s - last))
            if sdist > _NEIGHBOUR_SENTENCES:
                continue
            cand = (sdist, _gap(c, cue), k)
            if best is None or cand < best:
                best = cand
        if best is not None:
            by_cue.setdefault(best[2], []).append(c)

    # A reporting verb the tagger left without content ("According to the data,
    # Christians make up ...", "The museum, Mr. Bush said, celebrated ..."): its clause
    # from the parse wins over weaker cues and sources the tagger put inside it.
    strong = [_is_strong(doc, cue) for cue in cues]
    dropped: set[int] = set()
    from_parse: set[int] = set()
    for k, cue in enumerate(cues):
        if k in by_cue or not strong[k]:
            continue
        weak = [c for j, c in enumerate(cues) if not strong[j] and j not in dropped]
        dep = dependency_content(doc, cue, [s for s in spans if s not in weak and s.label != "SOURCE"])
        if dep is None:
            continue
        by_cue[k] = [dep]
        from_parse.add(k)
        for j, other in enumerate(cues):
            if not strong[j] and other.start < dep.end and dep.start < other.end:
                dropped.add(j)
                by_cue.pop(j, None)
        for src in sources:
            if src.start < dep.start < src.end:
                src.end = dep.start
            elif src.start < dep.end < src.end:
                src.start = dep.end
    sources = [s for s in sources if s.end > s.start]
    for k, cue in enumerate(cues):
        if k not in by_cue and k not in dropped:
            # A cue the tagger gave no content: take its clause from the parse.
            dep = dependency_content(doc, cue, spans)
            if dep is not None:
                by_cue[k] = [dep]
                from_parse.add(k)

    # Likely cues off the best path take their clause from the parse, never tagged content.
    n_tagged = len(cues)
    for likely in weak_cues(doc, labels, cue_prob):
        dep = dependency_content(doc, likely, [*spans, likely])
        if dep is not None:
            cues.append(likely)
            by_cue[len(cues) - 1] = [dep]

    claims: list[RawClaim] = []
    for k, parts in by_cue.items():
        cue = cues[k]
        start, end = _join_parts(cue, parts, para_of)
        start, end = _fit_to_clause(doc, cue, start, end)
        content = _widen_to_quotes(_chars(doc, start, end), quotes, text)
        source = _source_for(doc, cue, sources, sent_of, weak=k >= n_tagged)
        claims.append(
            RawClaim(
                kind=claim_kind(content, quotes),
                cue=_chars(doc, cue.start, cue.end),
                content=content,
                source=_chars(doc, source.start, source.end) if source else None,
                source_tokens=(source.start, source.end) if source else None,
                origin="weak" if k >= n_tagged else ("parse" if k in from_parse else "tagged"),
            )
        )
    _continue_quotes(text, claims, quotes)
    claims.sort(key=lambda c: (c.content[0], c.cue[0]))
    return claims


TAIL_GAP = True  # a quotation may continue past the rest of the attribution sentence
_MAX_TAIL = 200  # characters of attribution between “A,” and “B.”


def _continue_quotes(text: str, claims: list[RawClaim], quotes: list[Quote]) -> None:
    """“A,” he said. “B.”: a quotation right after a quoted claim's attribution, with no
    attribution of its own, continues that claim."""
    taken = [(c.content[0], c.content[1]) for c in claims] + [(c.cue[0], c.cue[1]) for c in claims]
    for c in claims:
        if c.kind == "indirect":
            continue
        for _ in range(3):
            edge = max(c.content[1], c.cue[1], c.source[1] if c.source else 0)
            nxt = next((q for q in quotes if q.start >= edge), None)
            if nxt is None:
                break
            gap = text[edge : nxt.start]
            # “A,” Trump said at a campaign stop this week. “B.”: the rest of the
            # attribution sentence may sit between the two quotations.
            rest_of_sentence = TAIL_GAP and "\n" not in gap and len(gap) <= _MAX_TAIL and gap.rstrip().endswith((".", ":"))
            if gap.strip(" \t,.;:—–-") != "" and not rest_of_sentence:
                break
            if text.count("\n", edge, nxt.start) > 2:
                break
            if any(a < nxt.end and nxt.start < b for a, b in taken):
                break
            c.content = (c.content[0], nxt.end)
            taken.append((nxt.start, nxt.end))


_CONTENT_DEPS = ("ccomp", "xcomp", "dobj")
# Switches of the rules tuned on PolNeAR dev (docs/quality-claims.md gives each one's
# gain); kept as constants so that an ablation is one assignment.
EXTEND = True  # tagged content inside a clause the cue governs takes the whole clause
CLIP_SENT = True  # unquoted content after the cue ends with its sentence / at ";"
PARENTHETICAL = True  # "The museum, Mr. Bush said, celebrated ...": the whole clause
CLIP = True  # content after the cue stops before an adverbial clause of the cue
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "dobj"})
_OUTSIDE_DEPS = frozenset({"advcl"})  # conj and cc: clipping there lost more than it won on dev


def _fit_to_clause(doc: Doc, cue: TokSpan, start: int, end: int) -> tuple[int, int]:
    """Fit a tagged content span to the clause the cue governs: the tagger often stops
    at a nested cue or runs on into a coordinated clause ("declined that assignment and
    has since left the network")."""
    root = doc[cue.start : cue.end].root
    if EXTEND:
        for child in root.children:
            if child.dep_ not in _CLAUSE_DEPS or child.i in range(cue.start, cue.end):
                continue
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if not (lo >= cue.end or hi <= cue.start):
                continue
            if lo <= start and end <= hi:
                while hi > end and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
                    hi -= 1
                start, end = min(start, lo), max(end, hi)
                break
    if CLIP and start >= cue.end:
        limit = None
        for child in root.children:
            if child.dep_ in _OUTSIDE_DEPS and child.i > start and child.left_edge.i > cue.end:
                edge = child.left_edge.i
                limit = edge if limit is None else min(limit, edge)
        if limit is not None and limit < end:
            while limit > start and (doc[limit - 1].is_punct or doc[limit - 1].is_space):
                limit -= 1
            if limit > start:
                end = limit
    if CLIP_SENT and start >= cue.end:
        # Reported speech without quotation marks ends with its sentence (or at a
        # semicolon): the tagger runs on into the narrator's next sentence.
        sent_end = doc[start].sent.end
        for i in range(start, min(end, sent_end)):
            if doc[i].text == ";":
                sent_end = i
                break
        if sent_end < end and not any(doc[i].is_quote for i in range(start, end)):
            while sent_end > start and (doc[sent_end - 1].is_punct or doc[sent_end - 1].is_space):
                sent_end -= 1
            if sent_end > start:
                end = sent_end
    return start, end


def _is_strong(doc: Doc, cue: TokSpan) -> bool:
    """A reporting verb from the lexicon, or "according to"."""
    single = cue_lexicon().single
    return any(
        (t.pos_ == "VERB" and t.lemma_.lower() in single) or t.lemma_.lower() == "accord"
        for t in doc[cue.start : cue.end]
    )


def dependency_content(doc: Doc, cue: TokSpan, spans: list[TokSpan]) -> TokSpan | None:
    root = doc[cue.start : cue.end].root
    taken = [s for s in spans if s.label in ("CUE", "SOURCE")]
    kids = {c.dep_: c for c in root.children if c.i not in range(cue.start, cue.end)}
    child = next((kids[d] for d in _CONTENT_DEPS if d in kids), None)
    if child is None:
        # "<clause>, the minister said": the fronted clause parsed as a modifier.
        child = next((kids[d] for d in ("advcl", "parataxis") if d in kids and kids[d].i < root.i), None)
    inverted = child is None and root.dep_ in ("ccomp", "parataxis") and root.head.i < root.i
    own: tuple[int, int] | None = None  # the attribution inside a parenthetical content
    if PARENTHETICAL and child is None and root.dep_ == "parataxis" and root.head.i > root.i:
        # "The museum, Mr. Bush said, celebrated ...": the reported clause is split by
        # its attribution; the content is the whole clause around it.
        clause = root.head
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        own = (root.left_edge.i, root.right_edge.i + 1)
        if own[0] <= lo:
            return None
        cand = TokSpan("CONTENT", lo, hi)
    elif (root.lemma_.lower() == "accord" or inverted) and root.head.i != root.i:
        # "according to X, <clause>" and "<clause>, the minister said" (parsed with the
        # reporting verb hanging below the reported clause).
        clause = root.head
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        own_lo, own_hi = root.left_edge.i, root.right_edge.i + 1
        # The side of the clause not taken by "according to X".
        cand = TokSpan("CONTENT", own_hi, hi) if hi - own_hi >= own_lo - lo else TokSpan("CONTENT", lo, own_lo)
    else:
        if child is None:
            return None
        cand = TokSpan("CONTENT", child.left_edge.i, child.right_edge.i + 1)
    while cand.end > cand.start and (doc[cand.end - 1].is_punct or doc[cand.end - 1].is_space):
        cand.end -= 1
    while cand.end > cand.start and (doc[cand.start].is_punct or doc[cand.start].is_space):
        cand.start += 1
    if cand.end - cand.start < 2:
        return None
    para_of = _paragraph_index(doc)
    if SAME_PARAGRAPH and para_of[min(cand.start, cue.start)] != para_of[max(cand.end, cue.end) - 1]:
        return None  # a parse run on across a blank line: the next paragraph is not reported
    for t in taken:
        if own is not None and own[0] <= t.start and t.end <= own[1]:
            continue
        overlaps = cand.start < t.end and t.start < cand.end
        nested = cand.start <= t.start and t.end <= cand.end
        # Another attribution nested inside the clause is fine; its own cue or a partial
        # overlap is not.
        if overlaps and (t is cue or not nested):
            return None
    return cand


SAME_PARAGRAPH = True


def _join_parts(cue: TokSpan, parts: list[TokSpan], para_of: list[int]) -> tuple[int, int]:
    """The cue's content: its nearest part, plus parts right next to it or the cue
    (“A,” he said, “B.”); farther parts are other statements tagged alike."""
    parts = sorted(parts, key=lambda p: _gap(p, cue))
    start, end = parts[0].start, parts[0].end
    lo, hi = min(start, cue.start), max(end, cue.end)
    for p in parts[1:]:
        before = p.end <= lo and lo - p.end <= _JOIN_GAP and para_of[p.end - 1] == para_of[lo]
        after = p.start >= hi and p.start - hi <= _JOIN_GAP and para_of[p.start] == para_of[hi - 1]
        if before or after:
            start, end = min(start, p.start), max(end, p.end)
            lo, hi = min(lo, p.start), max(hi, p.end)
    return start, end


def _source_for(
    doc: Doc, cue: TokSpan, sources: list[TokSpan], sent_of: list[int], weak: bool = False
) -> TokSpan | None:
    s = sent_of[cue.start]
    same = [src for src in sources if sent_of[src.start] == s or sent_of[src.end - 1] == s]
    tied = [src for src in same if _tied(doc, src, cue)]
    if weak and not tied:
        # A cue the tagger did not choose has no tagged source of its own: its subject.
        return _subject_of(doc, cue) if PARSE_SOURCE else None
    if not same:
        return _subject_of(doc, cue) if PARSE_SOURCE_ALL else None
    pool = tied or same
    return min(pool, key=lambda src: _gap(src, cue))


PARSE_SOURCE = True  # a weak cue's speaker is its grammatical subject
PARSE_SOURCE_ALL = True  # dev speaker accuracy -0.001, but the seeds' dateline-led sentences get their speaker


def _subject_of(doc: Doc, cue: TokSpan) -> TokSpan | None:
    root = doc[cue.start : cue.end].root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in range(cue.start, cue.end)), None)
    if subj is None or subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "what", "which"):
        return None
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    # A headline or dateline the parse hung onto the subject is not part of it.
    for i in range(hi - 1, lo - 1, -1):
        if "\n" in doc[i].text_with_ws or doc[i].text in (":", "):"):
            lo = i + 1
            break
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    while hi > lo and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return TokSpan("SOURCE", lo, hi) if hi > lo else None


def _widen_to_quotes(content: tuple[int, int], quotes: list[Quote], text: str) -> tuple[int, int]:
    """A content span covering most of a quotation (or most of one paragraph of a
    quotation running across paragraphs) takes all of it, marks included."""
    a, b = content
    for q in quotes:
        if q.end <= a or q.start >= b:
            continue
        pieces = _paragraph_pieces(text, q.inner_start, q.inner_end)
        for lo, hi in pieces:
            overlap = min(b, hi) - max(a, lo)
            if hi > lo and overlap >= 0.6 * (hi - lo):
                a, b = min(a, q.start), max(b, q.end)
                break
    return _trim_tail(a, b, quotes)


def _trim_tail(a: int, b: int, quotes: list[Quote]) -> tuple[int, int]:
    """Content opening a closed quotation ends with its last quotation: an unquoted tail
    (‘...,’ Iraqi security expert) belongs to the attribution, not the statement."""
    inside = [q for q in quotes if a <= q.start and q.end <= b and q.closed]
    if inside and inside[0].start == a and inside[-1].end < b:
        return a, inside[-1].end
    return a, b


def _paragraph_pieces(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    if "\n" not in text[lo:hi]:
        return [(lo, hi)]
    pieces, start = [], lo
    for k in range(lo, hi):
        if text[k] == "\n":
            if k > start:
                pieces.append((start, k))
            start = k + 1
    if hi > start:
        pieces.append((start, hi))
    return pieces


def claim_kind(content: tuple[int, int], quotes: list[Quote], attribution: list[tuple[int, int]] | None = None) -> Kind:
    """direct: the content is quotation (apart from an attribution inside it, “A,” he
    said, “B.”); mixed: it holds a quoted fragment; indirect: no quotation at all."""
    a, b = content
    quoted = 0
    for q in quotes:
        lo, hi = max(a, q.start), min(b, q.end)
        if hi > lo:
            quoted += hi - lo
    if quoted == 0:
        return "indirect"
    inside_attr = sum(max(0, min(b, y) - max(a, x)) for x, y in attribution or [])
    return "direct" if quoted >= 0.8 * (b - a - inside_attr) else "mixed"
