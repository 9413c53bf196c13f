"""The ``claims`` per-article stage: who said what, with speaker, cue and content spans."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from newstrace import schema
from newstrace.claims.assemble import RawClaim, assemble, claim_kind
from newstrace.claims.docmaps import doc_text as joined_text
from newstrace.claims.quotes import ALL_MARKS
from newstrace.claims.repairs import repaired
from newstrace.claims.resolve import SpeakerResolver, named_mentions
from newstrace.claims.rules import layout_claims, trailing_attributions
from newstrace.claims.scorer import ClaimContext, ClaimScorer, default_scorer
from newstrace.ids import digest
from newstrace.records import Article, Claim, Span, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newstrace.claims.model import ClaimsTagger
    from newstrace.entities.api import ArticleEntities
    from newstrace.stages import ArticleContext
    from newstrace.store.base import Store

TABLE = "claims"


def claim_id(article_id: str, cue: tuple[int, int], content: tuple[int, int]) -> str:
    return "c_" + digest(article_id, cue[0], cue[1], content[0], content[1])


def candidate_claims(text: str, doc: Doc, tagger: ClaimsTagger) -> tuple[list[RawClaim], ClaimContext] | None:
    """Every claim the tagger and the rules propose, before the scorer's choice (None when
    the doc does not parse ``text``)."""
    doc_text = joined_text(doc)
    if not doc_text.strip() or not text.startswith(doc_text):
        return None
    labels, feats = tagger.tag(doc)
    labels = _naming_inside_content(doc, labels, doc_text)
    raw = assemble(doc, labels, feats.quotes, feats.cue_prob)
    raw = _merge_trailing(raw, trailing_attributions(doc, feats.quotes), doc_text)
    raw += [r for r in layout_claims(doc_text, feats.quotes, len(doc_text)) if not _clashes(r, raw)]
    raw = [r for r in raw if not _names_something(doc_text, r.cue)]
    for r in raw:
        r.kind = claim_kind(r.content, feats.quotes, r.attribution)
        if r.kind == "indirect" and _quoted_whole(doc_text, r.content):
            r.kind = "direct"  # marks the quote pairing could not match (”...” typed for “...”)
    return raw, ClaimContext.build(doc, labels, feats)


def extract_claims(
    article_id: str,
    text: str,
    doc: Doc,
    ents: ArticleEntities | None,
    tagger: ClaimsTagger | None = None,
    scorer: ClaimScorer | bool = True,
) -> list[Claim]:
    """Claims in one parsed article; offsets index ``text`` (the doc parses a prefix of it).

    ``scorer``: True uses the shipped claim scorer (when present), False keeps every
    candidate, or a ``ClaimScorer`` to use."""
    if tagger is None:
        from newstrace.claims.model import default_tagger

        tagger = default_tagger()
    found = candidate_claims(text, doc, tagger)
    if found is None:
        return []
    raw, context = found
    chosen = default_scorer() if scorer is True else scorer
    if isinstance(chosen, ClaimScorer):  # False, or no shipped scorer: every candidate
        raw = chosen.choose(context, raw)
    if REPAIRS:
        raw = repaired(doc, raw)
    cues = [r.cue for r in raw]
    for r in raw:
        content = _content_after_cue(text, r.content, r.cue, r.source)
        if DANGLING and r.kind != "direct":
            content = _dangling_completed(doc, content, cues)
        if content != r.content:
            r.content = content
            r.kind = claim_kind(content, context.feats.quotes, r.attribution)
    resolver = SpeakerResolver(doc, text, named_mentions(doc, ents) if raw else [])
    claims = []
    for r in sorted(raw, key=lambda r: (r.content[0], r.cue[0])):
        speaker = None
        if r.source is not None:
            trimmed = _trim_speaker(text, r.source)
            tokens = r.source_tokens if trimmed == r.source else None
            tokens = tokens or _token_range(doc, trimmed)
            phrase = _speaker_phrase(doc, tokens, r.cue) if tokens is not None else None
            if phrase is not None:
                tokens = phrase
                trimmed = doc[phrase[0]].idx, doc[phrase[1] - 1].idx + len(doc[phrase[1] - 1].text)
            r.source, r.source_tokens = trimmed, tokens
            eid = resolver.resolve(tokens, r.source) if tokens else None
            speaker = Speaker(text[r.source[0] : r.source[1]], r.source[0], r.source[1], eid)
        claims.append(
            Claim(
                id=claim_id(article_id, r.cue, r.content),
                article_id=article_id,
                kind=r.kind,
                speaker=speaker,
                cue=Span(text[r.cue[0] : r.cue[1]], r.cue[0], r.cue[1]),
                content=Span(text[r.content[0] : r.content[1]], r.content[0], r.content[1]),
            )
        )
    return claims


def _quoted_whole(text: str, span: tuple[int, int]) -> bool:
    a, b = span
    return b - a > 2 and text[a] in ALL_MARKS and text[b - 1] in ALL_MARKS


def _clashes(rule: RawClaim, found: list[RawClaim]) -> bool:
    """A layout claim is kept only where the tagger found nothing."""
    def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    if NESTED_LAYOUT:
        # Claims the tagger found inside the line are nested in it ("PENCE: Well, Hillary
        # Clinton apparently thinks ..."); only a claim on the same cue or holding the
        # line's cue, or one that is the same statement, clashes.
        return any(
            overlaps(rule.cue, f.cue) or overlaps(rule.cue, f.content) or f.content == rule.content
            for f in found
        )
    return any(overlaps(rule.cue, f.cue) or overlaps(rule.content, f.content) for f in found)


NESTED_LAYOUT = True
REPAIRS = True  # switch: "quoted X as saying" and "<clause>, according to X" from the parse
DANGLING = True  # switch: an indirect content ending on "in", "the", "and" runs on to the phrase's end


def _merge_trailing(found: list[RawClaim], rules: list[RawClaim], text: str) -> list[RawClaim]:
    """A quotation with a reporting verb right after it that the tagger missed: the rule's
    claim wins the quotation, and a tagged claim that had swallowed it keeps the rest."""
    for r in rules:
        # The rule's claim replaces a weak one on the same cue (the rule knows the speaker).
        found = [f for f in found if not (f.weak and r.cue[0] < f.cue[1] and f.cue[0] < r.cue[1])]
        if any(r.cue[0] < f.cue[1] and f.cue[0] < r.cue[1] for f in found):
            continue
        q_start, q_end = r.content
        kept = []
        for f in found:
            a, b = f.content
            if b <= q_start or a >= q_end:
                kept.append(f)
            elif a < q_start:
                end = q_start
                while end > a and text[end - 1] in " \t\n.,;:—–-":
                    end -= 1
                if end > a:
                    f.content = (a, end)
                    kept.append(f)
        found = [*kept, r]
    return found


_LEAD_SEPARATORS = re.compile(r".*(?::\s|\s[–—-]\s)")
_BULLETS = "•·*▪►-–— \t"
_TRAILING = ",;:–—- \t\n"


def _trim_speaker(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop a dateline or bullet the tagger ran into the speaker: "TEHRAN Dec 29 (TNS): A
    Pakistani political figure" -> "A Pakistani political figure"; and the comma closing
    an apposition: "The Front's leader, Lida Marren," -> "The Front's leader, Lida Marren"."""
    a, b = span
    m = _LEAD_SEPARATORS.match(text, a, b)
    if m is not None and text[m.end() : b].strip():
        a = m.end()
    while a < b and text[a] in _BULLETS:
        a += 1
    while b > a and text[b - 1] in _TRAILING:  # "Lida Marren," of an apposition
        b -= 1
    return (a, b) if b > a else span


_NAMING = re.compile(r"(?:also\s+)?(?:known|called|dubbed|named|referred\s+to)(\s+as)?", re.IGNORECASE)
_AS = re.compile(r"\s+as\b", re.IGNORECASE)


def _names_something(text: str, cue: tuple[int, int]) -> bool:
    """'the PMU (also known as Hashd al-Sha'abi)': a name given, not a statement."""
    m = _NAMING.fullmatch(text, cue[0], cue[1])
    return m is not None and (m.group(1) is not None or _AS.match(text, cue[1]) is not None)


def _naming_inside_content(doc: Doc, labels: list[str], text: str) -> list[str]:
    """A naming participle tagged as a cue inside a content ("the PMU (also known as Hashd
    al-Sha'abi) by levelling accusations") is part of that content: as a cue it cut the
    content short at "(also"."""
    out = list(labels)
    words = [i for i, t in enumerate(doc) if not t.is_space]
    k = 0
    while k < len(words):
        i = words[k]
        if not out[i].endswith("-CUE") or k == 0 or not out[words[k - 1]].endswith("-CONTENT"):
            k += 1
            continue
        end = k
        while end < len(words) and out[words[end]].endswith("-CUE"):
            end += 1
        last = doc[words[end - 1]]
        if _names_something(text, (doc[i].idx, last.idx + len(last.text))):
            for w in words[k:end]:
                out[w] = "I-CONTENT"
            if end < len(words) and out[words[end]] == "B-CONTENT":
                out[words[end]] = "I-CONTENT"
        k = end
    return out


_RELATIVE = re.compile(r"\s*(?:which|that|who|whom|what)\s*", re.IGNORECASE)


def _content_after_cue(
    text: str, content: tuple[int, int], cue: tuple[int, int], source: tuple[int, int] | None
) -> tuple[int, int]:
    """A content span holding its own attribution after a relative word ("which security
    officials in Islamabad say has used ...") keeps what follows the cue. A parenthetical
    attribution ("The museum, Mr. Bush said, celebrated ...") stays inside its content."""
    a, b = content
    if source is None or not (a <= source[0] and source[1] <= cue[0] and cue[1] < b):
        return content
    if _RELATIVE.fullmatch(text, a, source[0]) is None:
        return content
    start = cue[1]
    while start < b and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    return (start, b) if b - start >= 3 else content


_DANGLING_DEPS = frozenset({"prep", "det", "cc", "aux", "case", "poss", "amod", "compound", "mark"})


def _dangling_completed(doc: Doc, content: tuple[int, int], cues: list[tuple[int, int]]) -> tuple[int, int]:
    """An indirect content the tagger ended on a word that needs what follows ("... by
    terrorist groups operating in" | "Pakistan but has been met ...") runs on to the end of
    the phrase that word opens, within its sentence and short of any claim's cue."""
    a, b = content
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return content
    last = span[-1]
    if last.is_space or last.is_punct:
        return content  # ends on punctuation: a finished phrase
    if last.dep_ not in _DANGLING_DEPS:
        return content
    after = [t for t in (*last.children, last.head) if t.i > last.i]
    if last.dep_ == "cc":  # "A and" | "B": the conjunct after it
        after += [t for t in last.head.children if t.dep_ == "conj" and t.i > last.i]
    if not after:
        return content
    sent_end = last.sent.end
    end = max(t.right_edge.i for t in after)
    if end >= sent_end:
        end = sent_end - 1
    while end > last.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    new_b = doc[end].idx + len(doc[end].text)
    if end <= last.i or any(b <= c[0] < new_b for c in cues) or new_b - b > 200:
        return content
    return (a, new_b)


_TIME_WORDS = frozenset({"on", "in", "at", "last", "this", "earlier", "later", "late", "early"})


def _object_of_preposition_before(token: Token, lo: int, cue: tuple[int, int]) -> bool:
    """The token (or the phrase it is conjoined to) is governed by a preposition before
    ``lo`` that is not the cue itself ("according to X, ...")."""
    for t in (token, *token.ancestors):
        if t.dep_ == "pobj":
            prep = t.head
            return prep.i < lo and not cue[0] <= prep.idx < cue[1]
        if t.dep_ not in ("conj", "cc", "compound", "amod", "det", "poss", "nmod", "punct"):
            return False
    return False


def _speaker_phrase(doc: Doc, tokens: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int] | None:
    """The token range of the speaker's own phrase inside a tagged source span: without a trailing time adjunct
    ("Iraq's Defence Minister Juma Anad on Saturday") or a leading phrase that belongs to a
    preposition before the span."""
    lo, hi = tokens
    # Trailing time: DATE/TIME entity tokens, with the preposition or determiner before them.
    end = hi
    while end > lo and doc[end - 1].ent_type_ in ("DATE", "TIME"):
        end -= 1
    if end < hi:
        while end > lo and doc[end - 1].lower_ in _TIME_WORDS:
            end -= 1
        if end > lo and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in doc[lo:end]):
            hi = end
    # A phrase before a comma that is the object of a preposition outside the span ("Amid
    # rising tensions between the US and anti-terror Iraqi groups, the 'Daily Caller'").
    commas = [t.i for t in doc[lo:hi] if t.text == ","]
    if commas and any(_object_of_preposition_before(t, lo, cue) for t in doc[lo : commas[0]]):
        lo = commas[0] + 1
    if hi < tokens[1]:  # a comma left before the cut time adjunct
        while hi > lo and doc[hi - 1].text in ",;:":
            hi -= 1
    if (lo, hi) == tokens or hi <= lo:
        return None
    return lo, hi


def _token_range(doc: Doc, chars: tuple[int, int]) -> tuple[int, int] | None:
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


class ClaimsStage:
    name = "claims"
    version = "5"  # 2: naming participles, time adjuncts and cue-in-content trimmed; 3: naming inside a content; 4: dangling ends completed; 5: "quoted X as saying" and trailing "according to" repairs
    needs_nlp = True

    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> list[Claim]:
        if doc is None:
            return []
        if article.language and not article.language.lower().startswith("en"):
            return []  # the tagger is trained on English news only
        return extract_claims(article.id, article.text, doc, ctx.outputs.get("entities"))

    def save(self, store: Store, article: Article, output: Any) -> None:
        claims: list[Claim] = output or []
        store.insert_rows(TABLE, [schema.to_row(c) for c in claims])
